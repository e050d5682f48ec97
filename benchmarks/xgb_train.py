#!/usr/bin/env python3
"""Trains XGBoost 'hist' (loss-guided, like LightGBM's leaf-wise trees) on a CSV/TSV file in one
process; prints 'RESULT {json}' with phase times.

XGBoost has no C++ CSV reader worth using for this, so the file is loaded with pandas; that
load is part of load_s and of the wall time, as it is for a user.
"""

import argparse
import json
import sys
import time

import numpy as np


def read_matrix(path: str, header: bool):
    import pandas as pd
    with open(path) as f:
        first = f.readline()
    sep = "\t" if "\t" in first else ","
    frame = pd.read_csv(path, sep=sep, header=0 if header else None, dtype=np.float32,
                        engine="c")
    values = frame.to_numpy(np.float32)
    return values[:, 1:], values[:, 0]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--header", type=int, default=1)
    p.add_argument("--iterations", type=int, default=100)
    p.add_argument("--num-leaves", type=int, default=255)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--learning-rate", type=float, default=0.1)
    p.add_argument("--max-bin", type=int, default=255)
    p.add_argument("--min-data-in-leaf", type=int, default=20)  # no XGBoost equivalent
    p.add_argument("--quantized", type=int, default=0)
    p.add_argument("--valid", type=int, default=1)
    p.add_argument("--pred-out", required=True)
    a = p.parse_args()
    if a.quantized:
        print("XGBoost has no quantized-gradient training", file=sys.stderr)
        return 2

    t_import = time.perf_counter()
    import xgboost as xgb
    import_s = time.perf_counter() - t_import

    t0 = time.perf_counter()
    x_train, y_train = read_matrix(a.train, bool(a.header))
    dtrain = xgb.QuantileDMatrix(x_train, label=y_train, max_bin=a.max_bin, nthread=a.threads)
    del x_train
    evals = []
    x_test = None
    if a.valid:
        x_test, y_test = read_matrix(a.test, bool(a.header))
        evals = [(xgb.QuantileDMatrix(x_test, label=y_test, ref=dtrain, max_bin=a.max_bin,
                                        nthread=a.threads), "test")]
    load_s = time.perf_counter() - t0

    params = {
        "objective": "binary:logistic", "eval_metric": "auc", "tree_method": "hist",
        "grow_policy": "lossguide", "max_leaves": a.num_leaves, "max_depth": 0,
        "eta": a.learning_rate, "max_bin": a.max_bin, "min_child_weight": 1e-3,
        "nthread": a.threads, "seed": 0, "verbosity": 0,
    }
    t0 = time.perf_counter()
    booster = xgb.train(params, dtrain, num_boost_round=a.iterations, evals=evals,
                        verbose_eval=False)
    train_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    if x_test is None:  # read here when there was no validation set, as LightGBM's predict does
        x_test, _ = read_matrix(a.test, bool(a.header))
    pred = booster.inplace_predict(x_test)
    predict_s = time.perf_counter() - t0
    np.save(a.pred_out, np.asarray(pred, dtype=np.float64))

    print("RESULT " + json.dumps({"import_s": import_s, "load_s": load_s, "train_s": train_s,
                                  "predict_s": predict_s, "version": xgb.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
