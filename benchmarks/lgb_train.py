#!/usr/bin/env python3
"""Trains LightGBM on a CSV/TSV file in one process; prints 'RESULT {json}' with phase times.

Run by runners.py as a subprocess so that its wall time and peak RSS are measured alone. The
Dataset is built from the file path, so LightGBM parses the text in C++, as the qgbm CLI does.
"""

import argparse
import json
import sys
import time

import numpy as np


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
    p.add_argument("--min-data-in-leaf", type=int, default=20)
    p.add_argument("--quantized", type=int, default=0)
    p.add_argument("--valid", type=int, default=1)
    p.add_argument("--pred-out", required=True)
    a = p.parse_args()

    t_import = time.perf_counter()
    import lightgbm as lgb
    import_s = time.perf_counter() - t_import

    io_params = {"header": bool(a.header), "label_column": 0, "max_bin": a.max_bin,
                 "verbose": -1, "num_threads": a.threads}
    params = {
        "objective": "binary", "metric": "auc", "num_leaves": a.num_leaves,
        "learning_rate": a.learning_rate, "max_bin": a.max_bin,
        "min_data_in_leaf": a.min_data_in_leaf, "min_sum_hessian_in_leaf": 1e-3,
        "bagging_fraction": 1.0, "bagging_freq": 0, "feature_fraction": 1.0,
        "num_threads": a.threads, "verbose": -1, "seed": 0,
        "use_quantized_grad": bool(a.quantized),
    }
    if a.quantized:
        # The settings of the quantized-training paper's main results (4 gradient levels,
        # leaf values refitted with full-precision gradients).
        params.update(num_grad_quant_bins=4, quant_train_renew_leaf=True,
                      stochastic_rounding=True)

    t0 = time.perf_counter()
    train = lgb.Dataset(a.train, params=io_params).construct()
    valid_sets = []
    if a.valid:
        valid_sets = [lgb.Dataset(a.test, reference=train, params=io_params).construct()]
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    booster = lgb.train(params, train, num_boost_round=a.iterations, valid_sets=valid_sets)
    train_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    # Predicting from the path skips the label column recorded in the model (label_column=0).
    pred = booster.predict(a.test, data_has_header=bool(a.header), num_threads=a.threads)
    predict_s = time.perf_counter() - t0
    np.save(a.pred_out, np.asarray(pred, dtype=np.float64))

    print("RESULT " + json.dumps({"import_s": import_s, "load_s": load_s, "train_s": train_s,
                                  "predict_s": predict_s, "trees": booster.num_trees(),
                                  "version": lgb.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
