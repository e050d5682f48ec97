#!/usr/bin/env python3
"""SHAP contribution throughput: qgbm's QGBM_PREDICT_CONTRIB against LightGBM's pred_contrib on the
very same trees.

A LightGBM binary model (--trees trees of --leaves leaves) is trained on LightGBM's example
binary.train (7000 rows x 28 features, from the shared data folder) and converted to a qgbm model
(predict_bench.lightgbm_to_qgbm), so both libraries explain identical trees; the report gives the
median time of each over --reps repetitions (alternating which goes first), rows/s, and the
largest difference between the two sets of contributions.

Usage:
  python3 benchmarks/contrib_bench.py                        # 100 trees x 31 leaves, 1 thread
  python3 benchmarks/contrib_bench.py --trees 300 --leaves 63 --threads 2
"""

from __future__ import annotations

import argparse
import ctypes
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from predict_bench import QgbmBooster, lightgbm_to_qgbm  # noqa: E402

QGBM_PREDICT_CONTRIB = 3


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--qgbm-lib", default=str(REPO / "build" / "libqgbm.so"))
    p.add_argument("--data", default=os.environ.get(
        "QGBM_SHARED_DATA", str(REPO.parent / "shared" / "data")) + "/lightgbm_examples/binary.train")
    p.add_argument("--trees", type=int, default=100)
    p.add_argument("--leaves", type=int, default=31)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=3)
    return p.parse_args()


def qgbm_contrib(booster: QgbmBooster, x: np.ndarray, threads: int) -> np.ndarray:
    out = np.empty(x.shape[0] * (x.shape[1] + 1), dtype=np.float64)
    out_len = ctypes.c_int64()
    booster._check(booster.lib.QGBM_BoosterPredictForMat(
        booster.handle, x.ctypes.data_as(ctypes.c_void_p), ctypes.c_int64(x.shape[0]),
        ctypes.c_int32(x.shape[1]), ctypes.c_int(QGBM_PREDICT_CONTRIB), ctypes.c_int(0),
        ctypes.c_int(threads), out.ctypes.data_as(ctypes.c_void_p), ctypes.byref(out_len)))
    return out.reshape(x.shape[0], x.shape[1] + 1)


def main() -> int:
    import lightgbm as lgb

    args = parse_args()
    data = np.loadtxt(args.data)
    y, x = data[:, 0], np.ascontiguousarray(data[:, 1:], dtype=np.float32)
    lgb_booster = lgb.train({"objective": "binary", "num_leaves": args.leaves, "verbose": -1,
                             "num_threads": args.threads}, lgb.Dataset(x, y), args.trees)
    same = QgbmBooster(args.qgbm_lib, text=lightgbm_to_qgbm(lgb_booster))
    runners = {
        "lightgbm pred_contrib": lambda: lgb_booster.predict(x, pred_contrib=True,
                                                             num_threads=args.threads),
        "qgbm contrib": lambda: qgbm_contrib(same, x, args.threads),
    }
    results = {name: run() for name, run in runners.items()}
    diff = float(np.max(np.abs(results["qgbm contrib"] - results["lightgbm pred_contrib"])))
    times: dict[str, list[float]] = {name: [] for name in runners}
    for rep in range(args.reps):
        for name in (list(runners) if rep % 2 == 0 else list(reversed(runners))):
            t0 = time.perf_counter()
            runners[name]()
            times[name].append(time.perf_counter() - t0)
    same.close()
    print(f"binary.train: {x.shape[0]} rows x {x.shape[1]} features, {args.trees} trees x "
          f"{args.leaves} leaves, {args.threads} threads, median of {args.reps} reps")
    for name in runners:
        med = statistics.median(times[name])
        print(f"  {name:22s} {med:7.3f} s  {x.shape[0] / med:9.0f} rows/s")
    print(f"  largest difference between the contributions: {diff:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
