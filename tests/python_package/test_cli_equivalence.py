"""A model trained from Python equals, byte for byte, the CLI's model on the same data."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

import qgbm


@pytest.mark.parametrize("params", [
    {"objective": "binary", "num_leaves": 15, "learning_rate": 0.1},
    {"objective": "regression", "num_leaves": 7, "use_quantized_grad": False,
     "bagging_fraction": 0.8, "bagging_freq": 1, "feature_fraction": 0.9},
])
def test_python_model_equals_cli_model(binary_data, qgbm_bin, tmp_path, params):
    x, y, _, _ = binary_data
    rounds = 8
    params = dict(params, seed=3, verbosity=-1)
    csv = tmp_path / "train.csv"
    # '%.9g' writes every float32 exactly, so the CLI reads the values Python trains on.
    np.savetxt(csv, np.column_stack([y, x]).astype(np.float32), fmt="%.9g", delimiter=",")
    cli_model = tmp_path / "cli.json"
    args = [str(qgbm_bin), "train", f"data={csv}", f"output_model={cli_model}",
            f"num_iterations={rounds}"] + [f"{k}={v}" for k, v in params.items()]
    subprocess.run(args, check=True, capture_output=True, timeout=60)

    booster = qgbm.train(params, qgbm.Dataset(x, label=y), num_boost_round=rounds)
    py_model = tmp_path / "py.json"
    booster.save_model(py_model)
    assert py_model.read_bytes() == cli_model.read_bytes()
    assert booster.model_to_string().encode() == cli_model.read_bytes()


def test_model_bytes_do_not_depend_on_thread_count(binary_data):
    x, y, _, _ = binary_data
    models = {threads: qgbm.train({"objective": "binary", "num_threads": threads, "seed": 1,
                                   "verbosity": -1, "bagging_fraction": 0.7,
                                   "bagging_freq": 1}, qgbm.Dataset(x, label=y),
                                  num_boost_round=5).model_to_string()
              for threads in (1, 2, 3)}
    assert models[1] == models[2] == models[3]
