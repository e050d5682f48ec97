#!/usr/bin/env python3
"""Categorical features: test AUC of qgbm (CLI, text columns read as categories) against LightGBM
(pandas `category` columns, its native categorical splits) with the same parameters.

Datasets (from $QGBM_SHARED_DATA, default <repo>/../shared/data):
  adult    the canonical UCI train/test split; its 8 text columns are categorical; the label
           "income" is turned into 0/1.
  flights  flights_3m, binary dep_delayed_15min; origin and destination (IATA codes) are
           categorical, the other 5 columns numeric. A seeded random subsample of --flights-train
           training rows (default 500,000) and --flights-test test rows (default 200,000) from the
           rest keeps the run affordable on two shared cores. (The file has no carrier column.)

Each library runs with LightGBM's categorical defaults (max_cat_to_onehot=4, max_cat_threshold=32,
cat_smooth=10, cat_l2=10, min_data_per_group=100) and the same tree parameters. qgbm runs with its
default quantized gradients (--seeds, default 3: stochastic rounding) and in full precision; LightGBM in full
precision, with use_quantized_grad=true (--seeds) and, to show how far one deterministic model is
from equally good ones, in full precision leaving out a random 1% of the rows at each iteration
(bagging_fraction=0.99, bagging_freq=1, --seeds). qgbm trains on 2 threads, LightGBM on
--lgb-threads (default 1, see LGB_THREADS): the time column is informational. Prints a Markdown table and writes it to
benchmarks/breadth/categorical_results.md.

Usage: python3 benchmarks/breadth/categorical.py [--datasets adult,flights] [--qgbm build/qgbm]
       [--seeds 3]
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
from sklearn.metrics import roc_auc_score

REPO = Path(__file__).resolve().parents[2]
SEEDS = (1, 2, 3)
# LightGBM's OpenMP barriers stall when other processes share the cores (adult, 60 rounds: 1.3 s on
# one thread, 24 s on two, on the shared 2-core machine), so it runs on --lgb-threads (default 1).
LGB_THREADS = 1


def shared_data() -> Path:
    return Path(os.environ.get("QGBM_SHARED_DATA", REPO.parent / "shared" / "data"))


def load_adult():
    cols = None
    frames = []
    for name in ("adult_train.csv.gz", "adult_test.csv.gz"):
        df = pd.read_csv(shared_data() / "adult" / name, skipinitialspace=True)
        df["income"] = df["income"].astype(str).str.rstrip(".").eq(">50K").astype(int)
        cols = ["income"] + [c for c in df.columns if c != "income"]
        frames.append(df[cols])
    cats = [c for c in cols[1:] if not pd.api.types.is_numeric_dtype(frames[0][c])]
    params = dict(num_iterations=300, learning_rate=0.05, num_leaves=31, min_data_in_leaf=20)
    return frames[0], frames[1], cats, params


def load_flights(n_train: int, n_test: int):
    df = pd.read_csv(shared_data() / "flights_3m" / "flights_3m.csv.gz")
    df = df.drop(columns=["delay"])
    rng = np.random.default_rng(0)
    order = rng.permutation(len(df))
    train = df.iloc[np.sort(order[:n_train])]
    test = df.iloc[np.sort(order[n_train:n_train + n_test])]
    params = dict(num_iterations=300, learning_rate=0.1, num_leaves=255, min_data_in_leaf=20)
    return train, test, ["origin", "destination"], params


def run_qgbm(qgbm: str, train: Path, test: Path, params: dict, workdir: Path, tag: str, extra: dict):
    model = workdir / f"{tag}.json"
    out = workdir / f"{tag}.txt"
    args = [qgbm, "train", f"data={train}", "header=true", "objective=binary", "max_bin=255",
            "num_threads=2", "verbosity=-1", f"output_model={model}"]
    args += [f"{k}={v}" for k, v in {**params, **extra}.items()]
    start = time.time()
    subprocess.run(args, check=True)
    seconds = time.time() - start
    subprocess.run([qgbm, "predict", f"data={test}", "header=true", f"input_model={model}",
                    f"output_result={out}", "num_threads=2"], check=True)
    return np.loadtxt(out), seconds, " ".join(Path(a).name if a == qgbm else a for a in args)


def run_lightgbm(train: pd.DataFrame, test: pd.DataFrame, cats: list, params: dict, extra: dict):
    import lightgbm as lgb

    x_train, x_test = train.iloc[:, 1:].copy(), test.iloc[:, 1:].copy()
    for c in cats:  # the training categories; unseen test values become NaN, as in qgbm
        x_train[c] = pd.Categorical(x_train[c])
        known = x_train[c].cat.categories
        x_test[c] = pd.Categorical(x_test[c].where(x_test[c].isin(known)), categories=known)
    p = {"objective": "binary", "max_bin": 255, "num_threads": LGB_THREADS, "verbose": -1, **params,
         **extra}
    rounds = p.pop("num_iterations")
    start = time.time()
    booster = lgb.train(p, lgb.Dataset(x_train, train.iloc[:, 0], categorical_feature=cats), rounds)
    return booster.predict(x_test), time.time() - start


def summarize(aucs):
    a = np.array(aucs)
    return f"{a.mean():.5f}" + (f" ± {a.std(ddof=1):.5f}" if len(a) > 1 else "")


def bench(name, train, test, cats, params, qgbm, workdir: Path):
    train_path, test_path = workdir / f"{name}_train.csv", workdir / f"{name}_test.csv"
    train.to_csv(train_path, index=False)
    test.to_csv(test_path, index=False)
    y = test.iloc[:, 0].to_numpy()
    rows = []
    q_aucs, q_secs, cmds = [], [], []
    for s in SEEDS:
        p, sec, cmd = run_qgbm(qgbm, train_path, test_path, params, workdir, f"{name}_q{s}", {"seed": s})
        q_aucs.append(roc_auc_score(y, p))
        q_secs.append(sec)
        cmds.append(cmd)
    cmd = cmds[0]
    rows.append(("qgbm quantized (default)", summarize(q_aucs), np.mean(q_secs), q_aucs))
    p, sec, fp_cmd = run_qgbm(qgbm, train_path, test_path, params, workdir, f"{name}_fp",
                              {"use_quantized_grad": "false"})
    rows.append(("qgbm full precision", summarize([roc_auc_score(y, p)]), sec, [roc_auc_score(y, p)]))
    lq, lq_secs = [], []
    for s in SEEDS:
        p, sec = run_lightgbm(train, test, cats, params, {"use_quantized_grad": True, "seed": s})
        lq.append(roc_auc_score(y, p))
        lq_secs.append(sec)
    p, sec = run_lightgbm(train, test, cats, params, {})
    lgb_fp = roc_auc_score(y, p)
    rows.append(("LightGBM full precision", summarize([lgb_fp]), sec, [lgb_fp]))
    rows.append(("LightGBM use_quantized_grad=true", summarize(lq), np.mean(lq_secs), lq))
    # How far one deterministic model is from equally good ones: LightGBM itself, full precision,
    # leaving out a random 1% of the rows at each iteration.
    lb, lb_secs = [], []
    for s in SEEDS:
        p, sec = run_lightgbm(train, test, cats, params,
                              {"bagging_fraction": 0.99, "bagging_freq": 1, "bagging_seed": s})
        lb.append(roc_auc_score(y, p))
        lb_secs.append(sec)
    rows.append(("LightGBM full precision, bagging_fraction=0.99", summarize(lb), np.mean(lb_secs),
                 lb))
    return rows, cmd, lgb_fp, np.mean(lq), np.mean(lb)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default="adult,flights")
    ap.add_argument("--qgbm", default=str(REPO / "build" / "qgbm"))
    ap.add_argument("--flights-train", type=int, default=500_000)
    ap.add_argument("--flights-test", type=int, default=200_000)
    ap.add_argument("--lgb-threads", type=int, default=1)
    ap.add_argument("--seeds", type=int, default=3,
                    help="seeds of the randomised runs (quantized, bagging): 1..N")
    args = ap.parse_args()
    global LGB_THREADS, SEEDS
    LGB_THREADS = args.lgb_threads
    SEEDS = tuple(range(1, args.seeds + 1))
    lines = ["| dataset | train / test rows | model | test AUC (mean ± sd over seeds) | train s |",
             "|---|---|---|---|---|"]
    notes = []
    with tempfile.TemporaryDirectory(prefix="qgbm_cat_") as tmp:
        workdir = Path(tmp)
        for name in args.datasets.split(","):
            if name == "adult":
                train, test, cats, params = load_adult()
            elif name == "flights":
                train, test, cats, params = load_flights(args.flights_train, args.flights_test)
            else:
                sys.exit(f"unknown dataset {name}")
            rows, cmd, lgb_fp, lgb_q, lgb_bag = bench(name, train, test, cats, params, args.qgbm,
                                                      workdir)
            for model, auc, sec, _ in rows:
                lines.append(f"| {name} | {len(train):,} / {len(test):,} | {model} | {auc} | {sec:.1f} |")
            q = np.mean(rows[0][3])
            notes.append(f"- {name}: qgbm quantized − LightGBM full precision = {q - lgb_fp:+.5f}; "
                         f"qgbm quantized − LightGBM quantized = {q - lgb_q:+.5f}; "
                         f"LightGBM with bagging_fraction=0.99 − LightGBM = {lgb_bag - lgb_fp:+.5f}; "
                         f"categorical columns: {', '.join(cats)}. qgbm command (seed 1): `{cmd}`")
            print("\n".join(lines[-len(rows):]), flush=True)
    text = "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"
    print("\n" + text)
    results = Path(__file__).parent / "categorical_results.md"
    # A hand-written "## Reading" section (the analysis of the figures) survives re-runs.
    old = results.read_text() if results.exists() else ""
    reading = old[old.find("## Reading"):] if "## Reading" in old else ""
    results.write_text(
        "# Categorical features: qgbm vs LightGBM\n\nProduced by `python3 benchmarks/breadth/"
        f"categorical.py --datasets {args.datasets} --seeds {args.seeds}`.\n\n" + text + ("\n" + reading if reading else ""))


if __name__ == "__main__":
    main()
