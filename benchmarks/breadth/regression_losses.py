#!/usr/bin/env python3
"""Regression losses: qgbm (CLI, default quantized training) against LightGBM, same parameters.

Each loss trains on a dataset that suits it, with a fixed seeded 80/20 split:
  regression_l1, huber, quantile,  california_housing (median_house_value in units of 100k)
  mape, fair
  poisson, tweedie                 bike_sharing (hourly rental counts)
  gamma                            diamonds (price)
  cross_entropy                    california_housing (value / 500001, a probability-like label)
Categorical string columns become ordinal codes (qgbm's categorical support is separate work);
bike_sharing's date string and the casual/registered columns (which sum to the label) are dropped.

Both libraries predict the test rows and the script scores both with the same numpy code: the
loss's LightGBM metric (the objective's default), and for the log-link losses also the deviance,
which is zero for a perfect fit and so shows differences the likelihood's constant would hide.
Prints a markdown table: loss, dataset, metric, qgbm, LightGBM, relative difference, times.
Quantized training rounds stochastically: with --seeds N (default 1) qgbm trains with seed=1..N
and the table shows the mean of its N test metrics (and of its N deviances); the time is the
median.

Usage: python3 benchmarks/breadth/regression_losses.py [--iterations 300] [--leaves 63]
       [--losses regression_l1,huber,...] [--qgbm build/qgbm] [--threads 2] [--seed 0]
       [--full-precision] [--seeds N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("QGBM_SHARED_DATA", REPO.parent / "shared" / "data"))

# loss -> (dataset, extra parameters)
LOSSES = {
    "regression_l1": ("california_housing", {}),
    "huber": ("california_housing", {"alpha": 0.9}),
    "quantile": ("california_housing", {"alpha": 0.9}),
    "mape": ("california_housing", {}),
    "fair": ("california_housing", {"fair_c": 1.0}),
    "poisson": ("bike_sharing", {}),
    "tweedie": ("bike_sharing", {"tweedie_variance_power": 1.5}),
    "gamma": ("diamonds", {}),
    "cross_entropy": ("california_probability", {}),
}


def load_dataset(name: str) -> pd.DataFrame:
    """The dataset as a numeric frame whose first column is the label."""
    if name.startswith("california"):
        df = pd.read_csv(DATA / "california_housing" / "housing.csv.gz")
        df["ocean_proximity"] = df["ocean_proximity"].astype("category").cat.codes
        scale = 500001.0 if name == "california_probability" else 100000.0
        df["label"] = df.pop("median_house_value") / scale
    elif name == "bike_sharing":
        df = pd.read_csv(DATA / "bike_sharing" / "bike_sharing_hourly.csv.gz")
        df = df.drop(columns=["date", "casual", "registered"])
        df["label"] = df.pop("count").astype(float)
    elif name == "diamonds":
        df = pd.read_csv(DATA / "diamonds" / "diamonds.csv.gz")
        orders = {"cut": ["Fair", "Good", "Very Good", "Premium", "Ideal"],
                  "color": list("JIHGFED"),
                  "clarity": ["I1", "SI2", "SI1", "VS2", "VS1", "VVS2", "VVS1", "IF"]}
        for col, order in orders.items():
            df[col] = pd.Categorical(df[col], categories=order, ordered=True).codes
        df["label"] = df.pop("price").astype(float)
    else:
        raise ValueError(name)
    return df[["label"] + [c for c in df.columns if c != "label"]]


def split(df: pd.DataFrame, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    order = np.random.default_rng(seed).permutation(len(df))
    cut = int(round(len(df) * 0.8))
    return df.iloc[order[:cut]], df.iloc[order[cut:]]


# Metrics, LightGBM's definitions (weighted means with unit weights).
def metric(loss: str, p: np.ndarray, y: np.ndarray, params: dict) -> tuple[str, float]:
    alpha = params.get("alpha", 0.9)
    if loss == "regression_l1":
        return "l1", float(np.mean(np.abs(p - y)))
    if loss == "huber":
        d = np.abs(p - y)
        return "huber", float(np.mean(np.where(d <= alpha, 0.5 * d * d, alpha * (d - 0.5 * alpha))))
    if loss == "quantile":
        delta = y - p
        return "quantile", float(np.mean(np.where(delta < 0, (alpha - 1) * delta, alpha * delta)))
    if loss == "mape":
        return "mape", float(np.mean(np.abs(y - p) / np.maximum(1.0, np.abs(y))))
    if loss == "fair":
        c = params.get("fair_c", 1.0)
        x = np.abs(p - y)
        return "fair", float(np.mean(c * x - c * c * np.log1p(x / c)))
    if loss == "poisson":
        q = np.maximum(p, 1e-10)
        return "poisson", float(np.mean(q - y * np.log(q)))
    if loss == "tweedie":
        rho = params.get("tweedie_variance_power", 1.5)
        q = np.maximum(p, 1e-10)
        return "tweedie", float(np.mean(-y * q ** (1 - rho) / (1 - rho) + q ** (2 - rho) / (2 - rho)))
    if loss == "gamma":
        return "gamma", float(np.mean(y / p + np.log(p)))
    if loss == "cross_entropy":
        e = 1e-12
        return "cross_entropy", float(np.mean(-(y * np.log(np.maximum(p, e)) +
                                                (1 - y) * np.log(np.maximum(1 - p, e)))))
    raise ValueError(loss)


def deviance(loss: str, p: np.ndarray, y: np.ndarray, params: dict) -> float | None:
    """Mean unit deviance of the log-link losses (0 for a perfect fit); None for the others."""
    if loss == "poisson":
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(y > 0, y * np.log(y / p), 0.0)
        return float(np.mean(2 * (term - (y - p))))
    if loss == "gamma":
        return float(np.mean(2 * (y / p - np.log(y / p) - 1)))
    if loss == "tweedie":
        rho = params.get("tweedie_variance_power", 1.5)
        return float(np.mean(2 * (np.maximum(y, 0) ** (2 - rho) / ((1 - rho) * (2 - rho))
                                  - y * p ** (1 - rho) / (1 - rho) + p ** (2 - rho) / (2 - rho))))
    return None


def run_qgbm(qgbm: Path, train: Path, test: Path, work: Path, params: dict, quantized: bool,
             seed: int | None = None):
    model = work / "model.json"
    args = [str(qgbm), "train", f"data={train}", "header=true", f"output_model={model}",
            "verbosity=-1", f"use_quantized_grad={'true' if quantized else 'false'}",
            *[f"{k}={v}" for k, v in params.items()]] + ([f"seed={seed}"] if seed else [])
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, text=True)
    train_s = time.perf_counter() - start
    out = work / "pred.txt"
    subprocess.run([str(qgbm), "predict", f"data={test}", "header=true", f"input_model={model}",
                    f"output_result={out}", f"num_threads={params['num_threads']}"],
                   check=True, capture_output=True, text=True)
    return np.loadtxt(out, ndmin=1), train_s


def run_lightgbm(train: pd.DataFrame, test: pd.DataFrame, params: dict):
    import lightgbm as lgb

    p = {k: v for k, v in params.items() if k != "num_iterations"}
    start = time.perf_counter()
    data = lgb.Dataset(train.iloc[:, 1:].to_numpy(), train.iloc[:, 0].to_numpy(),
                       params={"max_bin": p["max_bin"], "verbose": -1})
    booster = lgb.train({**p, "verbose": -1}, data, params["num_iterations"])
    train_s = time.perf_counter() - start
    return booster.predict(test.iloc[:, 1:].to_numpy()), train_s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--leaves", type=int, default=63)
    ap.add_argument("--learning-rate", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0, help="seed of the train/test split")
    ap.add_argument("--losses", default=",".join(LOSSES))
    ap.add_argument("--qgbm", type=Path, default=REPO / "build" / "qgbm")
    ap.add_argument("--seeds", type=int, default=1,
                    help="quantized qgbm runs with seed=1..N; the table shows their mean")
    ap.add_argument("--full-precision", action="store_true",
                    help="also train qgbm with use_quantized_grad=false")
    args = ap.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="qgbm_losses_") as tmp:
        work = Path(tmp)
        frames = {}
        for loss in args.losses.split(","):
            dataset, extra = LOSSES[loss]
            if dataset not in frames:
                train, test = split(load_dataset(dataset), args.seed)
                train_path, test_path = work / f"{dataset}.train.csv", work / f"{dataset}.test.csv"
                train.to_csv(train_path, index=False)
                test.to_csv(test_path, index=False)
                frames[dataset] = (train, test, train_path, test_path)
            train, test, train_path, test_path = frames[dataset]
            params = dict(objective=loss, num_iterations=args.iterations, num_leaves=args.leaves,
                          learning_rate=args.learning_rate, min_data_in_leaf=20, max_bin=255,
                          num_threads=args.threads, **extra)
            y = test.iloc[:, 0].to_numpy()
            runs = [run_qgbm(args.qgbm, train_path, test_path, work, params, True,
                             seed if args.seeds > 1 else None)
                    for seed in range(1, args.seeds + 1)]
            pl, tl = run_lightgbm(train, test, params)
            name = metric(loss, runs[0][0], y, params)[0]
            mq = float(np.mean([metric(loss, p, y, params)[1] for p, _ in runs]))
            tq = float(np.median([t for _, t in runs]))
            dqs = [deviance(loss, p, y, params) for p, _ in runs]
            dq = None if dqs[0] is None else float(np.mean(dqs))
            _, ml = metric(loss, pl, y, params)
            row = dict(loss=loss, dataset=dataset, metric=name, qgbm=mq, lightgbm=ml,
                       rel=(mq - ml) / abs(ml), tq=tq, tl=tl, dq=dq,
                       dl=deviance(loss, pl, y, params))
            if args.full_precision:
                pf, tf = run_qgbm(args.qgbm, train_path, test_path, work, params, False)
                row["fp"], row["tf"] = metric(loss, pf, y, params)[1], tf
            rows.append(row)
            print(f"{loss}: qgbm {mq:.6g} lightgbm {ml:.6g}", file=sys.stderr)

    fp_head = " qgbm fp | fp time (s) |" if args.full_precision else ""
    print(f"\nsplit seed {args.seed}, {args.iterations} iterations, {args.leaves} leaves, "
          f"learning_rate {args.learning_rate}, min_data_in_leaf 20, max_bin 255, {args.threads} threads; "
          f"qgbm quantized (default settings, mean of seeds 1..{args.seeds} when more than one); "
          "relative difference = (qgbm - LightGBM) / |LightGBM|, "
          "lower metric is better.\n")
    print(f"| loss | dataset | metric | qgbm | LightGBM | rel. diff |{fp_head} qgbm time (s) | "
          "LightGBM time (s) |")
    print("|---|---|---|---|---|---|" + ("---|---|" if args.full_precision else "") + "---|---|")
    for r in rows:
        fp = f" {r['fp']:.6g} | {r['tf']:.2f} |" if args.full_precision else ""
        print(f"| {r['loss']} | {r['dataset']} | {r['metric']} | {r['qgbm']:.6g} | "
              f"{r['lightgbm']:.6g} | {100 * r['rel']:+.2f}% |{fp} {r['tq']:.2f} | {r['tl']:.2f} |")
        if r["dq"] is not None:
            rel = (r["dq"] - r["dl"]) / abs(r["dl"])
            print(f"| {r['loss']} | {r['dataset']} | deviance | {r['dq']:.6g} | {r['dl']:.6g} | "
                  f"{100 * rel:+.2f}% |" + (" | |" if args.full_precision else "") + " | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
