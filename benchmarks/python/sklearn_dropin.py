#!/usr/bin/env python3
"""Drop-in check: a script written for LightGBM's scikit-learn API, run unchanged with
qgbm.QGBMClassifier in place of lightgbm.LGBMClassifier.

`train_and_score` below is ordinary LightGBM code: it fits with an eval_set and the
early_stopping callback, then uses predict_proba and feature_importances_. It receives the
module (`lightgbm` or `qgbm`, imported as `lgb`) and the classifier class by name; nothing else
differs between the two runs. For each dataset the script prints the test AUC of each class, the
difference, the number of trees kept by early stopping and the wall time of fit and of
predict_proba.

Datasets (from $QGBM_SHARED_DATA, default <repo>/../shared/data):
  adult           canonical UCI train/test split; the 8 text columns as pandas `category` columns
                  (categories taken from the training file); 20% of the training file (seeded,
                  stratified) is the early-stopping set.
  credit_default  UCI default of credit card clients, 23 numeric columns; a seeded stratified
                  60/20/20 split into train / early-stopping / test.

Usage:
  python3 benchmarks/python/sklearn_dropin.py                          # both classes
  python3 benchmarks/python/sklearn_dropin.py --model qgbm.QGBMClassifier
  python3 benchmarks/python/sklearn_dropin.py --datasets adult --n-jobs 2
  python3 benchmarks/python/sklearn_dropin.py --seeds 0,1,2,3        # several splits and seeds
The target of the Python package issue: |AUC(qgbm) - AUC(LightGBM)| <= 0.003 on both datasets.
"""

from __future__ import annotations

import argparse
import importlib
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

REPO = Path(__file__).resolve().parents[2]
MODELS = ("lightgbm.LGBMClassifier", "qgbm.QGBMClassifier")
SEED = 0


def shared_data() -> Path:
    return Path(os.environ.get("QGBM_SHARED_DATA", REPO.parent / "shared" / "data"))


# ---- the LightGBM user's script ---------------------------------------------------------------

def train_and_score(lgb, classifier_name, X_train, y_train, X_valid, y_valid, X_test, y_test,
                    n_jobs):
    """Plain LightGBM scikit-learn code; `lgb` is the module, `classifier_name` the class."""
    Classifier = getattr(lgb, classifier_name)
    model = Classifier(n_estimators=2000, learning_rate=0.05, num_leaves=31,
                       colsample_bytree=0.8, random_state=SEED, n_jobs=n_jobs, verbose=-1)
    start = time.perf_counter()
    model.fit(X_train, y_train, eval_set=[(X_valid, y_valid)], eval_metric="auc",
              callbacks=[lgb.early_stopping(stopping_rounds=100, verbose=False),
                         lgb.log_evaluation(period=0)])
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    proba = model.predict_proba(X_test)[:, 1]
    predict_seconds = time.perf_counter() - start
    importances = model.feature_importances_
    top = [X_train.columns[i] for i in np.argsort(-importances)[:3]]
    return dict(auc=roc_auc_score(y_test, proba), best_iteration=model.best_iteration_,
                fit_s=fit_seconds, predict_s=predict_seconds, top_features=top)


# ---- data ---------------------------------------------------------------------------------------

def load_adult():
    frames = []
    for name in ("adult_train.csv.gz", "adult_test.csv.gz"):
        df = pd.read_csv(shared_data() / "adult" / name, skipinitialspace=True)
        y = df.pop("income").astype(str).str.rstrip(".").eq(">50K").astype(int)
        frames.append((df, y))
    (train, y_train), (test, y_test) = frames
    for column in train.columns:
        if not pd.api.types.is_numeric_dtype(train[column]):
            dtype = pd.CategoricalDtype(sorted(train[column].dropna().unique()))
            train[column] = train[column].astype(dtype)
            seen = test[column].where(test[column].isin(dtype.categories))  # unseen: missing
            test[column] = seen.astype(dtype)
    X_train, X_valid, y_train, y_valid = train_test_split(
        train, y_train, test_size=0.2, random_state=SEED, stratify=y_train)
    return X_train, y_train, X_valid, y_valid, test, y_test


def load_credit_default():
    df = pd.read_csv(shared_data() / "credit_default" / "UCI_Credit_Card.csv.gz")
    y = df.pop("default").astype(int)
    X_rest, X_test, y_rest, y_test = train_test_split(df, y, test_size=0.2, random_state=SEED,
                                                      stratify=y)
    X_train, X_valid, y_train, y_valid = train_test_split(
        X_rest, y_rest, test_size=0.25, random_state=SEED, stratify=y_rest)
    return X_train, y_train, X_valid, y_valid, X_test, y_test


DATASETS = {"adult": load_adult, "credit_default": load_credit_default}


def main() -> None:
    global SEED
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="both", choices=("both",) + MODELS)
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--seeds", default="0",
                        help="comma-separated seeds of the data split and of both models")
    parser.add_argument("--n-jobs", type=int, default=1,
                        help="threads of both libraries (default 1: comparable wall times on "
                             "shared cores)")
    args = parser.parse_args()
    models = MODELS if args.model == "both" else (args.model,)
    for dataset in args.datasets.split(","):
        if dataset not in DATASETS:
            parser.error(f"unknown dataset {dataset!r}; choose from {sorted(DATASETS)}")

    worst = {}
    for seed in (int(s) for s in args.seeds.split(",")):
        SEED = seed
        for dataset in args.datasets.split(","):
            split = DATASETS[dataset]()
            aucs = {}
            for model in models:
                module_name, class_name = model.split(".")
                result = train_and_score(importlib.import_module(module_name), class_name,
                                         *split, n_jobs=args.n_jobs)
                aucs[model] = result["auc"]
                print(f"seed {seed} {dataset:15s} {model:24s} AUC {result['auc']:.5f}  trees "
                      f"{result['best_iteration']:5d}  fit {result['fit_s']:7.2f} s  "
                      f"predict_proba {result['predict_s']:6.3f} s  "
                      f"top features {result['top_features']}", flush=True)
            if len(aucs) == 2:
                diff = aucs["qgbm.QGBMClassifier"] - aucs["lightgbm.LGBMClassifier"]
                worst[dataset] = max(worst.get(dataset, 0.0), abs(diff))
                print(f"seed {seed} {dataset:15s} AUC(qgbm) - AUC(LightGBM) = {diff:+.5f}",
                      flush=True)
    for dataset, gap in worst.items():
        verdict = "within" if gap <= 0.003 else "OUTSIDE"
        print(f"{dataset:15s} largest |AUC difference| {gap:.5f} ({verdict} 0.003)")


if __name__ == "__main__":
    main()
