#!/usr/bin/env python3
"""Python overhead of the qgbm package: training from a numpy array against the `qgbm train`
CLI on the same data and parameters, and single-row predict latency against LightGBM's.

Data: flights_3m training set as benchmarks/datasets.py prepares it (cached in
$QGBM_BENCH_DIR), optionally its first --rows rows. Both sides train with the same parameters
and no validation set, so the timings compare the same work:

  CLI     : the phase times the CLI logs (binning, training) and its whole wall time, which
            also includes parsing the CSV and saving the model.
  Python  : Dataset(numpy float32).construct() (binning) and the train() loop (one C call per
            iteration), and both plus save_model. The array is loaded before timing starts:
            a Python user has the data in memory already.

The ratio that matters is Python (binning + training) / CLI (binning + training): at most 1.05.
On a shared machine that ratio moves by +-10 % between runs, so the script also isolates what
the Python loop itself adds per iteration (a tiny training set, where the C work per iteration
is small enough for microseconds to show).
Single-row latency: median over --predict-calls calls of Booster.predict(x[i:i+1]) for qgbm
(fast single-row path) and LightGBM (same num_leaves and iterations, trained on the same rows);
target: qgbm at most 2x LightGBM's.

  python3 benchmarks/python/overhead.py --rows 500000 --reps 3
  python3 benchmarks/python/overhead.py                  # full flights_3m (2.5M rows)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

import datasets  # noqa: E402  (benchmarks/datasets.py)
from runners import parse_phase_times  # noqa: E402

import qgbm  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--rows", type=int, default=None, help="use the first N training rows")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--iterations", type=int, default=100)
    p.add_argument("--num-leaves", type=int, default=255)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--predict-calls", type=int, default=2000)
    p.add_argument("--qgbm", type=Path, default=REPO / "build" / "qgbm", help="CLI binary")
    p.add_argument("--no-lightgbm", action="store_true", help="skip the LightGBM latency anchor")
    return p.parse_args()


def load(rows: int | None, work: Path) -> tuple[Path, np.ndarray, np.ndarray, list[str]]:
    """The CSV the CLI reads and the same values as float32 arrays for Python."""
    data = datasets.prepare("flights_3m")
    frame = pd.read_csv(data.train, nrows=rows, dtype=np.float32)
    if rows is None:
        path = data.train
    else:
        path = work / f"flights_train_{rows}.csv"
        # Float32 values written with 9 significant digits read back exactly.
        frame.to_csv(path, index=False, float_format="%.9g")
    y = frame.iloc[:, 0].to_numpy(np.float32)
    x = np.ascontiguousarray(frame.iloc[:, 1:].to_numpy(np.float32))
    return path, x, y, [str(c) for c in frame.columns[1:]]


def params(args: argparse.Namespace) -> dict:
    return {"objective": "binary", "num_leaves": args.num_leaves, "learning_rate": 0.1,
            "max_bin": 255, "min_data_in_leaf": 20, "num_threads": args.threads,
            "verbosity": 1}


def run_cli(args: argparse.Namespace, path: Path, work: Path) -> dict[str, float]:
    p = params(args)
    cmd = [str(args.qgbm), "train", f"data={path}", "header=true", "label_column=0",
           f"num_iterations={args.iterations}", f"output_model={work / 'cli.json'}"]
    cmd += [f"{k}={v}" for k, v in p.items()]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    phases = parse_phase_times(out.stdout + out.stderr)
    return {"wall": wall, "binning": phases.get("binning", float("nan")),
            "training": phases.get("training", float("nan"))}


def run_python(args: argparse.Namespace, x: np.ndarray, y: np.ndarray, names: list[str],
               work: Path) -> tuple[dict[str, float], qgbm.Booster]:
    t0 = time.perf_counter()
    # The CLI takes the feature names from the CSV header: same names, same model bytes.
    ds = qgbm.Dataset(x, label=y, feature_name=names, params=params(args)).construct()
    t1 = time.perf_counter()
    booster = qgbm.train(params(args), ds, num_boost_round=args.iterations,
                         keep_training_booster=True)
    t2 = time.perf_counter()
    booster.save_model(work / "py.json")
    t3 = time.perf_counter()
    return {"binning": t1 - t0, "training": t2 - t1, "wall": t3 - t0}, booster


def median_call_us(fn, rows: np.ndarray, calls: int) -> float:
    times = []
    for i in range(calls):
        row = rows[i % len(rows):i % len(rows) + 1]
        t0 = time.perf_counter_ns()
        fn(row)
        times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / 1000.0


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="qgbm_overhead_") as tmp:
        work = Path(tmp)
        path, x, y, names = load(args.rows, work)
        print(f"flights_3m train: {x.shape[0]} rows x {x.shape[1]} features, "
              f"{args.iterations} iterations, {args.num_leaves} leaves, {args.threads} threads",
              flush=True)
        cli_runs, py_runs, booster = [], [], None
        for rep in range(args.reps):
            # Alternate, so drift of the machine affects both sides alike.
            cli_runs.append(run_cli(args, path, work))
            py, booster = run_python(args, x, y, names, work)
            py_runs.append(py)
            print(f"  rep {rep + 1}: CLI bin {cli_runs[-1]['binning']:.2f} s train "
                  f"{cli_runs[-1]['training']:.2f} s wall {cli_runs[-1]['wall']:.2f} s | Python "
                  f"bin {py['binning']:.2f} s train {py['training']:.2f} s wall "
                  f"{py['wall']:.2f} s", flush=True)
        same = (work / "py.json").read_bytes() == (work / "cli.json").read_bytes()

        def med(runs, key):
            return statistics.median(r[key] for r in runs)

        cli_core = med(cli_runs, "binning") + med(cli_runs, "training")
        py_core = med(py_runs, "binning") + med(py_runs, "training")
        print(f"training (binning + boosting), median of {args.reps}: CLI {cli_core:.3f} s, "
              f"Python {py_core:.3f} s, ratio {py_core / cli_core:.3f} (target <= 1.05)")
        print(f"boosting loop only: CLI {med(cli_runs, 'training'):.3f} s, Python "
              f"{med(py_runs, 'training'):.3f} s, ratio "
              f"{med(py_runs, 'training') / med(cli_runs, 'training'):.3f}")
        print(f"whole run: CLI process (parse CSV, bin, train, save) {med(cli_runs, 'wall'):.3f}"
              f" s, Python (bin, train, save; array in memory) {med(py_runs, 'wall'):.3f} s, "
              f"ratio {med(py_runs, 'wall') / med(cli_runs, 'wall'):.3f}")
        print(f"model files identical: {same}")

        # The Python loop's own cost, isolated: on 2,000 rows each iteration is so cheap in C
        # that the per-iteration difference to the CLI is what Python adds (one ctypes call and
        # the callback loop), in microseconds.
        tiny = argparse.Namespace(**{**vars(args), "iterations": 300, "num_leaves": 7,
                                     "threads": 1})
        tiny_path = work / "tiny.csv"
        pd.DataFrame(np.column_stack([y[:2000], x[:2000]]),
                     columns=["label"] + names).to_csv(tiny_path, index=False,
                                                        float_format="%.9g")
        cli_tiny = statistics.median(run_cli(tiny, tiny_path, work)["training"]
                                     for _ in range(args.reps))
        py_tiny = statistics.median(run_python(tiny, x[:2000], y[:2000], names, work)[0]
                                    ["training"] for _ in range(args.reps))
        print(f"Python cost per iteration (2,000 rows, 7 leaves, 300 iterations): "
              f"{(py_tiny - cli_tiny) / tiny.iterations * 1e6:.1f} us (CLI {cli_tiny:.3f} s, "
              f"Python {py_tiny:.3f} s)")

        rows = x[:min(len(x), 10_000)]
        ours = median_call_us(booster.predict, rows, args.predict_calls)
        print(f"single-row predict, median of {args.predict_calls} calls: qgbm {ours:.1f} us",
              end="")
        if not args.no_lightgbm:
            import lightgbm
            lgb_params = dict(params(args), verbosity=-1)
            anchor = lightgbm.train(lgb_params, lightgbm.Dataset(x, label=y),
                                    num_boost_round=args.iterations)
            theirs = median_call_us(anchor.predict, rows, args.predict_calls)
            print(f", LightGBM {theirs:.1f} us, ratio {ours / theirs:.2f} (target <= 2)")
        else:
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
