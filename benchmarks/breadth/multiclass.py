#!/usr/bin/env python3
"""Multiclass accuracy: qgbm (CLI, default quantized training) against LightGBM, same parameters.

Both libraries read the same CSV files (label in column 0, header) and train with the same tree
parameters; LightGBM runs with its defaults otherwise (full-precision gradients). Prints a
markdown table: test accuracy of both, the difference in points, test multi_logloss of both and
training times (qgbm: the CLI's own "training" time; LightGBM: lgb.train, dataset construction
excluded for both).

Datasets (fixed splits, written once to $QGBM_BENCH_DIR/multiclass, default /tmp/qgbm_bench):
  covertype       7 classes, 12 features; the first --covertype-rows rows (default 100,000) of
                  the hash-ordered file train, the last 50,000 rows test (disjoint)
  letter          26 classes, 16 features; UCI's split: first 16,000 rows train, last 4,000 test
  fashion_mnist   10 classes, 784 pixels; the first --fashion-rows (default 20,000) of the 60k
                  training images train, the canonical 10,000 test images test

  python3 benchmarks/breadth/multiclass.py                       # all three, multiclass
  python3 benchmarks/breadth/multiclass.py --datasets letter --objective multiclassova
  python3 benchmarks/breadth/multiclass.py --qgbm-extra use_quantized_grad=false
  python3 benchmarks/breadth/multiclass.py --also qgbm_fp,lightgbm_q   # where a gap comes from
"""

from __future__ import annotations

import argparse
import re
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

import datasets  # noqa: E402  (shared-data location and the IDX reader)

NAMES = ["covertype", "letter", "fashion_mnist"]


def _write(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    frame.to_csv(tmp, index=False)
    tmp.replace(path)


def prep_covertype(out: Path, rows: int) -> int:
    frame = pd.read_csv(datasets._source("covertype/covertype_gcp_union.csv.gz"), dtype=str)
    frame["Cover_Type"] = frame["Cover_Type"].astype(int) - 1  # classes 1..7 -> 0..6
    areas = {a: i for i, a in enumerate(sorted(frame["Wilderness_Area"].unique()))}
    frame["Wilderness_Area"] = frame["Wilderness_Area"].map(areas).astype(np.int32)
    frame = frame[["Cover_Type"] + [c for c in frame.columns if c != "Cover_Type"]]
    test = frame.iloc[-50_000:]
    train = frame.iloc[: min(rows, len(frame) - 50_000)]
    _write(train, out / "train.csv")
    _write(test, out / "test.csv")
    return 7


def prep_letter(out: Path, rows: int) -> int:
    frame = pd.read_csv(datasets._source("mlbench/letter_recognition.csv.gz"))
    letters = sorted(frame["lettr"].unique())
    frame["lettr"] = frame["lettr"].map({c: i for i, c in enumerate(letters)})
    _write(frame.iloc[:16_000], out / "train.csv")
    _write(frame.iloc[16_000:], out / "test.csv")
    return len(letters)


def prep_fashion(out: Path, rows: int) -> int:
    for split, limit in (("train", rows), ("t10k", None)):
        images = datasets._read_idx(datasets._source(f"fashion_mnist/{split}-images-idx3-ubyte.gz"),
                                    2051)
        labels = datasets._read_idx(datasets._source(f"fashion_mnist/{split}-labels-idx1-ubyte.gz"),
                                    2049)[:, 0]
        frame = pd.DataFrame(images[:limit], columns=[f"pixel{j + 1}" for j in range(784)])
        frame.insert(0, "label", labels[:limit].astype(np.int8))
        _write(frame, out / ("train.csv" if split == "train" else "test.csv"))
    return 10


RECIPES = {"covertype": prep_covertype, "letter": prep_letter, "fashion_mnist": prep_fashion}


def prepare(name: str, rows: int) -> tuple[Path, Path, int]:
    out = datasets.cache_dir() / "multiclass" / f"{name}_{rows}"
    stamp = out / "num_class"
    if not stamp.is_file():
        out.mkdir(parents=True, exist_ok=True)
        stamp.write_text(str(RECIPES[name](out, rows)))
    return out / "train.csv", out / "test.csv", int(stamp.read_text())


def read_test(path: Path) -> tuple[np.ndarray, np.ndarray]:
    frame = pd.read_csv(path)
    return frame.iloc[:, 0].to_numpy(np.int64), frame.iloc[:, 1:].to_numpy(np.float64)


def scores(labels: np.ndarray, prob: np.ndarray) -> tuple[float, float]:
    """Accuracy (percent) and multi_logloss (LightGBM's 1e-15 clamp) of row-major probabilities."""
    accuracy = 100.0 * float(np.mean(np.argmax(prob, axis=1) == labels))
    picked = np.maximum(prob[np.arange(len(labels)), labels], 1e-15)
    return accuracy, float(np.mean(-np.log(picked)))


def run_qgbm(args, train: Path, test: Path, params: dict, work: Path,
             extra: list[str]) -> tuple[np.ndarray, float]:
    model, pred = work / "model.json", work / "pred.txt"
    kv = [f"{k}={v}" for k, v in params.items()] + args.qgbm_extra.split() + extra
    proc = subprocess.run([str(args.qgbm), "train", f"data={train}", "header=true",
                           f"output_model={model}", *kv], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"qgbm train failed:\n{proc.stderr}")
    found = re.search(r"training ([0-9.]+) s", proc.stdout + proc.stderr)
    seconds = float(found.group(1)) if found else float("nan")
    proc = subprocess.run([str(args.qgbm), "predict", f"data={test}", "header=true",
                           f"input_model={model}", f"output_result={pred}",
                           f"num_threads={args.threads}"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"qgbm predict failed:\n{proc.stderr}")
    return np.loadtxt(pred, ndmin=2), seconds


def run_lightgbm(train: Path, test_x: np.ndarray, params: dict,
                 threads: int) -> tuple[np.ndarray, float]:
    import lightgbm as lgb

    base = {"verbose": -1, "header": True, "label_column": 0}
    rounds = params["num_iterations"]
    lgb_params = {**base, **{k: v for k, v in params.items() if k != "num_iterations"},
                  "num_threads": threads}
    data = lgb.Dataset(str(train), params={**base, "max_bin": params["max_bin"]}).construct()
    start = time.perf_counter()
    booster = lgb.train(lgb_params, data, rounds)
    seconds = time.perf_counter() - start
    return booster.predict(test_x), seconds


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--datasets", default=",".join(NAMES), help="comma list from: " + ", ".join(NAMES))
    p.add_argument("--objective", default="multiclass", choices=["multiclass", "multiclassova"])
    p.add_argument("--iterations", type=int, default=200)
    p.add_argument("--num-leaves", type=int, default=31)
    p.add_argument("--learning-rate", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=2, help="qgbm threads")
    p.add_argument("--lightgbm-threads", type=int, default=1,
                   help="LightGBM threads (default 1: on a shared machine its OpenMP barriers "
                        "make 2 threads up to 20x slower than 1)")
    p.add_argument("--covertype-rows", type=int, default=100_000)
    p.add_argument("--fashion-rows", type=int, default=20_000)
    p.add_argument("--qgbm", type=Path, default=REPO / "build" / "qgbm")
    p.add_argument("--qgbm-extra", default="", help="extra key=value arguments for 'qgbm train'")
    p.add_argument("--also", default="",
                   help="extra accuracy columns, comma list: qgbm_fp (qgbm with "
                        "use_quantized_grad=false), lightgbm_q (LightGBM with "
                        "use_quantized_grad=true and qgbm's quantization defaults)")
    args = p.parse_args(argv)
    also = [a for a in args.also.split(",") if a]

    rows_of = {"covertype": args.covertype_rows, "letter": 0, "fashion_mnist": args.fashion_rows}
    lines = ["| dataset | train rows | classes | qgbm accuracy % | LightGBM accuracy % | "
             "difference (points) | qgbm multi_logloss | LightGBM multi_logloss | "
             "qgbm train s | LightGBM train s |" + "".join(f" {a} accuracy % |" for a in also),
             "|---|---|---|---|---|---|---|---|---|---|" + "---|" * len(also)]
    for name in args.datasets.split(","):
        train, test, num_class = prepare(name, rows_of[name])
        params = dict(objective=args.objective, num_class=num_class, num_leaves=args.num_leaves,
                      learning_rate=args.learning_rate, num_iterations=args.iterations,
                      min_data_in_leaf=20, max_bin=255, num_threads=args.threads, seed=1)
        labels, test_x = read_test(test)
        with tempfile.TemporaryDirectory() as tmp:
            q_prob, q_sec = run_qgbm(args, train, test, params, Path(tmp), [])
        l_prob, l_sec = run_lightgbm(train, test_x, params, args.lightgbm_threads)
        q_acc, q_loss = scores(labels, q_prob)
        l_acc, l_loss = scores(labels, l_prob)
        extra_cols = ""
        for a in also:
            if a == "qgbm_fp":
                with tempfile.TemporaryDirectory() as tmp:
                    prob, _ = run_qgbm(args, train, test, params, Path(tmp),
                                       ["use_quantized_grad=false"])
            elif a == "lightgbm_q":
                prob, _ = run_lightgbm(train, test_x,
                                       {**params, "use_quantized_grad": True,
                                        "num_grad_quant_bins": 4, "quant_train_renew_leaf": True,
                                        "stochastic_rounding": True}, args.lightgbm_threads)
            else:
                raise ValueError(f"unknown --also column '{a}'")
            extra_cols += f" {scores(labels, prob)[0]:.2f} |"
        n_train = sum(1 for _ in open(train)) - 1
        lines.append(f"| {name} | {n_train:,} | {num_class} | {q_acc:.2f} | {l_acc:.2f} | "
                     f"{q_acc - l_acc:+.2f} | {q_loss:.4f} | {l_loss:.4f} | {q_sec:.1f} | "
                     f"{l_sec:.1f} |" + extra_cols)
        print(lines[-1], file=sys.stderr, flush=True)
    print(f"objective={args.objective}, num_leaves={args.num_leaves}, learning_rate="
          f"{args.learning_rate}, {args.iterations} iterations, min_data_in_leaf=20, max_bin=255, "
          f"qgbm {args.threads} threads, LightGBM {args.lightgbm_threads}; qgbm extra: "
          f"'{args.qgbm_extra}'\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
