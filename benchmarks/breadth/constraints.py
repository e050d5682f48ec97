#!/usr/bin/env python3
"""Accuracy and time of constrained and depth-wise training: qgbm (quantized and full precision)
against LightGBM with the same monotone constraints and XGBoost with grow_policy=depthwise, on
california_housing (numeric columns; target in units of 100k dollars). Prints a markdown table.

    python3 benchmarks/breadth/constraints.py [--qgbm build/qgbm] [--data ../shared/data] [--threads 1]

Times are training wall-clock seconds: qgbm's own "training" figure from the CLI (data loading and
binning excluded), LightGBM's and XGBoost's train() call (their Dataset/DMatrix built before).
The monotone column is the share of (row, step) pairs of a sweep over the constrained feature where
the prediction goes the wrong way (0 means the model is monotone).
"""
import argparse
import pathlib
import re
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd

REPO = pathlib.Path(__file__).resolve().parents[2]
MONOTONE = {"median_income": 1, "housing_median_age": 0}  # others 0


def load(data_dir):
    df = pd.read_csv(data_dir / "california_housing" / "housing.csv.gz").drop(columns=["ocean_proximity"])
    y = df.pop("median_house_value").to_numpy() / 1e5
    x = df.to_numpy(dtype=np.float64)
    order = np.random.default_rng(0).permutation(len(y))
    test, train = order[:4128], order[4128:]
    return list(df.columns), x[train], y[train], x[test], y[test]


def write_csv(path, x, y):
    np.savetxt(path, np.column_stack([y, x]), delimiter=",", fmt="%.9g")


def rmse(p, y):
    return float(np.sqrt(np.mean((p - y) ** 2)))


def sweep(x, feature, steps=30, rows=200):
    base = x[np.random.default_rng(1).choice(len(x), rows, replace=False)]
    lo, hi = np.nanpercentile(x[:, feature], [1, 99])
    grid = np.repeat(base, steps, axis=0)
    grid[:, feature] = np.tile(np.linspace(lo, hi, steps), rows)
    return grid, steps


def violations(pred, steps, direction):
    d = np.diff(pred.reshape(-1, steps), axis=1) * direction
    return float(np.mean(d < -1e-12))


def run_qgbm(binary, tmp, train, xt, params):
    model = tmp / "m.json"
    args = [str(binary), "train", f"data={train}", f"output_model={model}", "verbosity=1",
            *[f"{k}={v}" for k, v in params.items()]]
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    match = re.search(r"training ([0-9.]+) s", proc.stdout + proc.stderr)
    seconds = float(match.group(1)) if match else wall
    test = tmp / "x.csv"
    write_csv(test, xt, np.zeros(len(xt)))
    out = tmp / "p.txt"
    subprocess.run([str(binary), "predict", f"data={test}", f"input_model={model}",
                    f"output_result={out}", f"num_threads={params['num_threads']}"], check=True,
                   capture_output=True)
    return np.loadtxt(out), seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qgbm", default=str(REPO / "build" / "qgbm"))
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    # One thread by default: on a shared machine OpenMP barriers (LightGBM, XGBoost) stall
    # behind other processes and their times say more about the load than the library.
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=300)
    args = ap.parse_args()
    import lightgbm as lgb
    import xgboost as xgb

    names, x, y, xt, yt = load(pathlib.Path(args.data))
    mono = [MONOTONE.get(n, 0) for n in names]
    feature = names.index("median_income")
    grid, steps = sweep(xt, feature)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        train = tmp / "train.csv"
        write_csv(train, x, y)
        base = dict(objective="regression", num_iterations=args.rounds, learning_rate=0.1,
                    num_threads=args.threads, max_bin=255)
        # Monotone: leaf-wise, LightGBM's defaults otherwise.
        for label, extra in [("unconstrained", {}), ("monotone", {"monotone_constraints": mono})]:
            for quantized in (True, False):
                params = dict(base, num_leaves=31, use_quantized_grad=str(quantized).lower())
                if extra:
                    params["monotone_constraints"] = ",".join(map(str, mono))
                pred, sec = run_qgbm(args.qgbm, tmp, train, np.vstack([xt, grid]), params)
                rows.append((f"qgbm {'quantized' if quantized else 'fp'}", label, rmse(pred[:len(yt)], yt),
                             violations(pred[len(yt):], steps, 1), sec))
            lparams = dict(objective="regression", learning_rate=0.1, num_leaves=31, max_bin=255,
                           num_threads=args.threads, verbose=-1, **extra)
            dtrain = lgb.Dataset(x, y, params={"max_bin": 255}).construct()
            start = time.perf_counter()
            booster = lgb.train(lparams, dtrain, args.rounds)
            sec = time.perf_counter() - start
            pred = booster.predict(np.vstack([xt, grid]))
            rows.append(("LightGBM", label, rmse(pred[:len(yt)], yt), violations(pred[len(yt):], steps, 1), sec))
        # Depth-wise: XGBoost's shape and regularisation.
        depth = 6
        for quantized in (True, False):
            params = dict(base, grow_policy="depthwise", max_depth=depth, lambda_l2=1,
                          min_data_in_leaf=0, min_sum_hessian_in_leaf=1,
                          use_quantized_grad=str(quantized).lower())
            pred, sec = run_qgbm(args.qgbm, tmp, train, xt, params)
            rows.append((f"qgbm {'quantized' if quantized else 'fp'}", f"depthwise, max_depth={depth}",
                         rmse(pred, yt), float("nan"), sec))
        dtrain = xgb.DMatrix(x, y)
        start = time.perf_counter()
        booster = xgb.train(dict(tree_method="hist", grow_policy="depthwise", max_depth=depth, eta=0.1,
                                 reg_lambda=1, min_child_weight=1, max_bin=256, nthread=args.threads,
                                 base_score=float(np.mean(y))), dtrain, args.rounds)
        sec = time.perf_counter() - start
        rows.append(("XGBoost hist", f"depthwise, max_depth={depth}",
                     rmse(booster.predict(xgb.DMatrix(xt)), yt), float("nan"), sec))
    print(f"california_housing, {len(y)} train / {len(yt)} test rows, {len(names)} numeric features, "
          f"{args.rounds} rounds, {args.threads} threads; monotone: median_income +1\n")
    print("| library | setting | test RMSE (100k$) | monotone violations | train s |")
    print("|---|---|---|---|---|")
    for lib, setting, err, viol, sec in rows:
        v = "" if np.isnan(viol) else f"{viol:.4f}"
        print(f"| {lib} | {setting} | {err:.4f} | {v} | {sec:.2f} |")


if __name__ == "__main__":
    main()
