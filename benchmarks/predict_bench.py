#!/usr/bin/env python3
"""Batch prediction throughput: qgbm's C API against LightGBM's Booster.predict, in one process.

Both models have the same shape (binary, --trees trees of 255 leaves, learning rate 0.1, max_bin
255) and are trained once on the flights_3m training set, then cached in $QGBM_BENCH_DIR
(default /tmp/qgbm_bench)/predict_models: LightGBM through its Python package, qgbm through the
CLI. The test set (500k rows x 7 features) is loaded once into a float32 array; each repetition
then times LightGBM `booster.predict(X, num_threads=T)` and qgbm `QGBM_BoosterPredictForMat`
(ctypes, libqgbm.so, T threads) back to back, alternating which goes first, and the report gives
the median of each, rows/s and the ratio. Both return probabilities (the sigmoid transform).
The LightGBM model is also converted to a qgbm model and timed in qgbm ("qgbm on the LightGBM
model"): the very same trees in both libraries, whose predictions must agree.

Usage:
  python3 benchmarks/predict_bench.py                       # 500 trees, 7 reps, 2 threads
  python3 benchmarks/predict_bench.py --trees 100 --reps 5 --qgbm-lib build/libqgbm.so
First run: prepares flights_3m (benchmarks/datasets.py) and trains both models, a few minutes.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from datasets import cache_dir  # noqa: E402

NUM_LEAVES = 255
LEARNING_RATE = 0.1
MAX_BIN = 255
MIN_DATA_IN_LEAF = 20


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--qgbm-lib", default=str(REPO / "build" / "libqgbm.so"))
    p.add_argument("--qgbm-bin", default=None,
                   help="qgbm CLI used to train the qgbm model (default: next to --qgbm-lib)")
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--trees", type=int, default=500)
    p.add_argument("--threads", type=int, default=2, help="prediction threads (both libraries)")
    p.add_argument("--train-threads", type=int, default=2)
    p.add_argument("--retrain", action="store_true", help="ignore cached models")
    return p.parse_args()


def dataset_dir() -> Path:
    d = cache_dir() / "flights_3m"
    if not (d / "train.csv").is_file() or not (d / "test.csv").is_file():
        subprocess.run([sys.executable, str(HERE / "datasets.py"), "flights_3m"], check=True)
    return d


def train_lightgbm(data: Path, trees: int, threads: int, path: Path) -> None:
    import lightgbm as lgb
    io_params = {"header": True, "label_column": 0, "max_bin": MAX_BIN, "verbose": -1,
                 "num_threads": threads}
    params = {"objective": "binary", "num_leaves": NUM_LEAVES, "learning_rate": LEARNING_RATE,
              "max_bin": MAX_BIN, "min_data_in_leaf": MIN_DATA_IN_LEAF, "num_threads": threads,
              "verbose": -1, "seed": 0}
    train = lgb.Dataset(str(data / "train.csv"), params=io_params)
    booster = lgb.train(params, train, num_boost_round=trees)
    tmp = path.with_suffix(".tmp")
    booster.save_model(str(tmp))
    tmp.replace(path)


def train_qgbm(cli: Path, data: Path, trees: int, threads: int, path: Path) -> None:
    tmp = path.with_name(path.stem + ".tmp.json")
    subprocess.run([str(cli), "train", f"data={data / 'train.csv'}", "header=true",
                    "label_column=0", "objective=binary", f"num_iterations={trees}",
                    f"num_leaves={NUM_LEAVES}", f"learning_rate={LEARNING_RATE}",
                    f"max_bin={MAX_BIN}", f"min_data_in_leaf={MIN_DATA_IN_LEAF}",
                    f"num_threads={threads}", f"output_model={tmp}", "verbosity=-1"], check=True)
    tmp.replace(path)


def cached_models(args: argparse.Namespace, data: Path) -> tuple[Path, Path]:
    models = cache_dir() / "predict_models"
    models.mkdir(parents=True, exist_ok=True)
    lgb_path = models / f"lightgbm_flights_3m_{args.trees}x{NUM_LEAVES}.txt"
    qgbm_path = models / f"qgbm_flights_3m_{args.trees}x{NUM_LEAVES}.json"
    if args.retrain or not lgb_path.is_file():
        t0 = time.perf_counter()
        train_lightgbm(data, args.trees, args.train_threads, lgb_path)
        print(f"trained LightGBM in {time.perf_counter() - t0:.1f} s -> {lgb_path}")
    if args.retrain or not qgbm_path.is_file():
        cli = Path(args.qgbm_bin) if args.qgbm_bin else Path(args.qgbm_lib).parent / "qgbm"
        t0 = time.perf_counter()
        train_qgbm(cli, data, args.trees, args.train_threads, qgbm_path)
        print(f"trained qgbm in {time.perf_counter() - t0:.1f} s -> {qgbm_path}")
    return lgb_path, qgbm_path


def lightgbm_to_qgbm(booster) -> bytes:
    """The LightGBM model as a qgbm JSON model (docs/model_format.md), for numerical splits.

    LightGBM's missing_type "None" turns NaN into 0.0 before comparing, so NaN goes where 0.0
    goes; "NaN" sends it to default_left. "Zero" (zeros go the default way too) and categorical
    splits have no qgbm equivalent and are refused.
    """
    dump = booster.dump_model()
    trees = []
    for info in dump["tree_info"]:
        root = info["tree_structure"]
        num_leaves = info["num_leaves"]
        internal = num_leaves - 1
        t = {"num_leaves": num_leaves, "split_feature": [0] * internal,
             "threshold": [0.0] * internal, "default_left": [True] * internal,
             "left_child": [0] * internal, "right_child": [0] * internal,
             "split_gain": [0.0] * internal, "internal_value": [0.0] * internal,
             "internal_count": [0] * internal, "leaf_value": [0.0] * num_leaves,
             "leaf_count": [0] * num_leaves, "leaf_weight": [0.0] * num_leaves}

        def child(node: dict) -> int:
            return node["split_index"] if "split_index" in node else ~node.get("leaf_index", 0)

        stack = [root]
        while stack:
            node = stack.pop()
            if "split_index" not in node:
                leaf = node.get("leaf_index", 0)
                t["leaf_value"][leaf] = node["leaf_value"]
                t["leaf_count"][leaf] = node.get("leaf_count", 0)
                t["leaf_weight"][leaf] = node.get("leaf_weight", 0.0)
                continue
            if node["decision_type"] != "<=" or node["missing_type"] not in ("None", "NaN"):
                raise ValueError(f"split {node['decision_type']} / missing {node['missing_type']}"
                                 " has no qgbm equivalent")
            i, thr = node["split_index"], float(node["threshold"])
            t["split_feature"][i] = node["split_feature"]
            t["threshold"][i] = thr
            t["default_left"][i] = (0.0 <= thr) if node["missing_type"] == "None" \
                else bool(node["default_left"])
            t["left_child"][i] = child(node["left_child"])
            t["right_child"][i] = child(node["right_child"])
            t["split_gain"][i] = float(node.get("split_gain", 0.0))
            t["internal_count"][i] = node.get("internal_count", 0)
            stack += [node["left_child"], node["right_child"]]
        trees.append(t)
    names = dump["feature_names"]
    model = {"format": "qgbm", "format_version": 1, "objective": "binary",
             "output_transform": "sigmoid", "sigmoid": 1.0, "num_tree_per_iteration": 1,
             "num_features": len(names), "feature_names": names, "init_score": [0.0],
             "best_iteration": 0, "parameters": {}, "trees": trees}
    return json.dumps(model).encode()


class QgbmBooster:
    """The few C API calls the benchmark needs, through ctypes."""

    def __init__(self, lib_path: str, model: Path | None = None, text: bytes | None = None):
        self.lib = ctypes.CDLL(lib_path)
        self.lib.QGBM_GetLastError.restype = ctypes.c_char_p
        self.handle = ctypes.c_void_p()
        if model is not None:
            self._check(self.lib.QGBM_BoosterCreateFromModelfile(str(model).encode(),
                                                                 ctypes.byref(self.handle)))
        else:
            self._check(self.lib.QGBM_BoosterLoadModelFromString(
                text, ctypes.c_size_t(len(text)), ctypes.byref(self.handle)))

    def _check(self, rc: int) -> None:
        if rc != 0:
            raise RuntimeError(self.lib.QGBM_GetLastError().decode())

    def predict(self, x: np.ndarray, threads: int) -> np.ndarray:
        assert x.dtype == np.float32 and x.flags.c_contiguous
        out = np.empty(x.shape[0], dtype=np.float64)
        out_len = ctypes.c_int64()
        self._check(self.lib.QGBM_BoosterPredictForMat(
            self.handle, x.ctypes.data_as(ctypes.c_void_p), ctypes.c_int64(x.shape[0]),
            ctypes.c_int32(x.shape[1]), ctypes.c_int(0), ctypes.c_int(0), ctypes.c_int(threads),
            out.ctypes.data_as(ctypes.c_void_p), ctypes.byref(out_len)))
        return out

    def close(self) -> None:
        self.lib.QGBM_BoosterFree(self.handle)


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(labels, scores))


def main() -> int:
    args = parse_args()
    if not Path(args.qgbm_lib).is_file():
        print(f"{args.qgbm_lib} not found: build it first (cmake --build build)", file=sys.stderr)
        return 1
    data = dataset_dir()
    lgb_path, qgbm_path = cached_models(args, data)

    import lightgbm as lgb
    test = pd.read_csv(data / "test.csv")
    labels = test.iloc[:, 0].to_numpy()
    x = np.ascontiguousarray(test.iloc[:, 1:].to_numpy(np.float32))
    del test
    lgb_booster = lgb.Booster(model_file=str(lgb_path))
    qgbm = QgbmBooster(args.qgbm_lib, model=qgbm_path)
    same = QgbmBooster(args.qgbm_lib, text=lightgbm_to_qgbm(lgb_booster))

    runners = {
        "lightgbm": lambda: lgb_booster.predict(x, num_threads=args.threads),
        "qgbm": lambda: qgbm.predict(x, args.threads),
        "qgbm on the LightGBM model": lambda: same.predict(x, args.threads),
    }
    preds = {name: run() for name, run in runners.items()}  # warm-up: page faults, lazy setup
    diff = float(np.max(np.abs(preds["qgbm on the LightGBM model"] - preds["lightgbm"])))
    times: dict[str, list[float]] = {name: [] for name in runners}
    for rep in range(args.reps):
        order = list(runners) if rep % 2 == 0 else list(reversed(runners))
        for name in order:
            t0 = time.perf_counter()
            runners[name]()
            times[name].append(time.perf_counter() - t0)
    qgbm.close()
    same.close()

    rows = x.shape[0]
    print(f"flights_3m test: {rows} rows x {x.shape[1]} features, {args.trees} trees x "
          f"{NUM_LEAVES} leaves, {args.threads} threads, median of {args.reps} reps")
    rate = {}
    for name in runners:
        med = statistics.median(times[name])
        rate[name] = rows / med
        print(f"  {name:27s} {med * 1e3:8.1f} ms  {rate[name] / 1e6:7.3f} M rows/s  "
              f"(min {min(times[name]) * 1e3:.1f} ms)  test AUC {auc(labels, preds[name]):.5f}")
    print(f"  qgbm / lightgbm throughput: {rate['qgbm'] / rate['lightgbm']:.2f}x; on the same "
          f"(LightGBM) model: {rate['qgbm on the LightGBM model'] / rate['lightgbm']:.2f}x, "
          f"predictions differ by at most {diff:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
