#!/usr/bin/env python3
"""Learning to rank: qgbm (CLI, default quantized settings) vs LightGBM on LETOR MQ2008 Fold1,
LETOR OHSUMED Fold1 and LightGBM's rank example; test NDCG@1/5/10 as a Markdown table.

Both libraries get the same parameters (PARAMS) and train on the train file. Where the dataset
has a validation file (the LETOR folds) both stop early on its NDCG@10 (patience
--patience, at most --rounds iterations) and predict with their best iteration; LightGBM's
rank example has none and trains --rounds iterations. NDCG is computed here, with one
implementation, from each library's test predictions. qgbm's quantized runs use stochastic
rounding, so they are repeated over --seeds seeds and reported as mean ± std (of NDCG@10);
LightGBM in full precision is deterministic (one run). For lambdarank, LightGBM also runs in full
precision with bagging_fraction=0.99 (a random 1% of the rows left out at each iteration, over
--seeds seeds): how far one deterministic model is from equally good ones.

    python3 benchmarks/breadth/ranking.py                      # every dataset, 5 seeds
    python3 benchmarks/breadth/ranking.py --datasets letor_mq2008 --seeds 2
    python3 benchmarks/breadth/ranking.py --sweep-bins 4,8,16,32   # how the default was chosen
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ranking_data import DATASETS, letor_fold, load_ranking_file, ndcg_at  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
PARAMS = dict(learning_rate=0.05, num_leaves=31, min_data_in_leaf=20, max_bin=255)
KS = (1, 5, 10)


class Dataset:
    def __init__(self, name, data_dir, fold=None, workdir=None):
        if fold is None:
            paths = [data_dir / p if p else None for p in DATASETS[name]]
            self.name = name
        else:
            paths = letor_fold(data_dir, name, fold, workdir)
            self.name = f"{name} fold {fold}"
        self.train_path, self.test_path, self.valid_path = paths
        self.train = load_ranking_file(self.train_path)
        width = self.train[0].shape[1]
        self.test = load_ranking_file(self.test_path, num_features=width)
        self.valid = load_ranking_file(self.valid_path, num_features=width) if self.valid_path \
            else None

    def scores(self, predictions):
        _, y, groups = self.test
        return [ndcg_at(y, predictions, groups, k) for k in KS]


def train_lightgbm(data, objective, a, extra=None):
    import lightgbm as lgb

    x, y, groups = data.train
    params = {**PARAMS, "objective": objective, "verbose": -1, "num_threads": a.threads,
              "metric": "ndcg", "eval_at": [10], **(extra or {})}
    train = lgb.Dataset(x, y, group=groups)
    valid_sets, callbacks = [], []
    if data.valid is not None:
        vx, vy, vg = data.valid
        valid_sets = [lgb.Dataset(vx, vy, group=vg, reference=train)]
        callbacks = [lgb.early_stopping(a.patience, verbose=False)]
    booster = lgb.train(params, train, a.rounds, valid_sets=valid_sets, callbacks=callbacks)
    return data.scores(booster.predict(data.test[0]))


def train_qgbm(data, objective, a, workdir, extra=()):
    model, pred = workdir / "model.json", workdir / "pred.txt"
    args = [f"{k}={v}" for k, v in PARAMS.items()] + list(extra)
    if data.valid_path is not None:
        args += [f"valid={data.valid_path}", f"early_stopping_round={a.patience}",
                 "metric=ndcg", "eval_at=10"]
    subprocess.run([a.qgbm, "train", f"data={data.train_path}", f"objective={objective}",
                    f"num_iterations={a.rounds}", f"num_threads={a.threads}",
                    f"output_model={model}", "verbosity=-1", *args],
                   check=True, capture_output=True, text=True)
    subprocess.run([a.qgbm, "predict", f"data={data.test_path}", f"input_model={model}",
                    f"output_result={pred}", f"num_threads={a.threads}"], check=True,
                   capture_output=True, text=True)
    return data.scores(np.loadtxt(pred, ndmin=1))


def over_seeds(run, seeds):
    values = np.array([run(s) for s in range(1, seeds + 1)])
    return values.mean(axis=0), values[:, 2].std()


def run_dataset(data, a, workdir):
    rows = []
    for objective in a.objectives.split(","):
        reference = train_lightgbm(data, objective, a)
        rows.append((data.name, objective, "LightGBM, full precision", reference, None, reference))
        mean, std = over_seeds(lambda s: train_qgbm(data, objective, a, workdir, [f"seed={s}"]),
                               a.seeds)
        rows.append((data.name, objective, f"qgbm, default (quantized), {a.seeds} seeds", mean,
                     std, reference))
        full = train_qgbm(data, objective, a, workdir, ["use_quantized_grad=false"])
        rows.append((data.name, objective, "qgbm, full precision", full, None, reference))
        if objective == "lambdarank":
            mean, std = over_seeds(lambda s: train_lightgbm(data, objective, a, dict(
                use_quantized_grad=True, quant_train_renew_leaf=True, seed=s)), a.seeds)
            rows.append((data.name, objective,
                         f"LightGBM quantized (4 bins, renew), {a.seeds} seeds", mean, std,
                         reference))
            # How far the one deterministic model is from equally good ones: LightGBM in full
            # precision leaving out a random 1% of the rows at each iteration.
            mean, std = over_seeds(lambda s: train_lightgbm(data, objective, a, dict(
                bagging_fraction=0.99, bagging_freq=1, bagging_seed=s)), a.seeds)
            rows.append((data.name, objective,
                         f"LightGBM, full precision, bagging_fraction=0.99, {a.seeds} seeds", mean,
                         std, reference))
    return rows


def run_sweep(data, a, workdir):
    """qgbm lambdarank with num_grad_quant_bins and quant_train_renew_leaf set explicitly."""
    reference = train_lightgbm(data, "lambdarank", a)
    rows = [(data.name, "lambdarank", "LightGBM, full precision", reference, None, reference)]
    for bins in (int(b) for b in a.sweep_bins.split(",")):
        for renew in ("true", "false"):
            extra = [f"num_grad_quant_bins={bins}", f"quant_train_renew_leaf={renew}"]
            mean, std = over_seeds(
                lambda s: train_qgbm(data, "lambdarank", a, workdir, [f"seed={s}", *extra]),
                a.seeds)
            rows.append((data.name, "lambdarank",
                         f"qgbm, {bins} bins, renew {renew}, {a.seeds} seeds", mean, std,
                         reference))
    return rows


def fold_means(rows):
    """One row per (dataset, objective, run) with the mean over folds of each column."""
    groups = {}
    for name, objective, run, values, _, reference in rows:
        key = (name.split(" fold ")[0], objective, run)
        groups.setdefault(key, []).append((values, reference))
    out = []
    for (name, objective, run), items in groups.items():
        out.append((f"{name}, mean of {len(items)} folds", objective, run,
                    np.mean([v for v, _ in items], axis=0), None,
                    np.mean([r for _, r in items], axis=0)))
    return out


def markdown(rows):
    out = ["| dataset | objective | run | NDCG@1 | NDCG@5 | NDCG@10 | NDCG@10 − LightGBM fp |",
           "|---|---|---|---|---|---|---|"]
    for name, objective, run, values, std10, reference in rows:
        ten = f"{values[2]:.4f}" + (f" ± {std10:.4f}" if std10 is not None else "")
        out.append(f"| {name} | {objective} | {run} | {values[0]:.4f} | {values[1]:.4f} | {ten} "
                   f"| {values[2] - reference[2]:+.4f} |")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--datasets", default=",".join(DATASETS))
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--rounds", type=int, default=500)
    p.add_argument("--patience", type=int, default=50)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--sweep-bins", default="",
                   help="instead: qgbm lambdarank at these num_grad_quant_bins, renew on and off")
    p.add_argument("--objectives", default="lambdarank,rank_xendcg")
    p.add_argument("--folds", default="",
                   help="LETOR datasets only: rebuild these folds (e.g. 1,2,3,4,5) from S1..S5 "
                        "and add the mean over folds")
    p.add_argument("--qgbm", default=os.environ.get("QGBM_BIN", str(REPO / "build" / "qgbm")))
    p.add_argument("--data", default=os.environ.get("QGBM_SHARED_DATA",
                                                    str(REPO.parent / "shared" / "data")))
    a = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folds = [int(f) for f in a.folds.split(",")] if a.folds else [None]
        for name in a.datasets.split(","):
            for fold in folds if name.startswith("letor_") else [None]:
                data = Dataset(name, pathlib.Path(a.data), fold, tmp)
                rows += (run_sweep if a.sweep_bins else run_dataset)(data, a, pathlib.Path(tmp))
                print(markdown(rows), file=sys.stderr, flush=True)
        if a.folds:
            rows += fold_means(rows)
    print(f"Parameters (both libraries): {PARAMS}; at most {a.rounds} iterations, early stopping "
          f"on the validation file's NDCG@10 (patience {a.patience}) where there is one.\n")
    print(markdown(rows))


if __name__ == "__main__":
    main()
