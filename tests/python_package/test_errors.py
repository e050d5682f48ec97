"""Bad input gets a clear error before the core; core errors arrive as QGBMError."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qgbm
from pkg_common import BASE_PARAMS


def test_unknown_parameter_is_a_qgbm_error_naming_it(binary_data):
    x, y, _, _ = binary_data
    with pytest.raises(qgbm.QGBMError, match="no_such_param"):
        qgbm.train(dict(BASE_PARAMS, no_such_param=1), qgbm.Dataset(x, label=y),
                   num_boost_round=1)


def test_bad_parameter_value_is_a_qgbm_error(binary_data):
    x, y, _, _ = binary_data
    with pytest.raises(qgbm.QGBMError, match="num_leaves"):
        qgbm.train(dict(BASE_PARAMS, num_leaves=-3), qgbm.Dataset(x, label=y), num_boost_round=1)


@pytest.mark.parametrize("data,label,error,match", [
    (np.zeros(10), np.zeros(10), ValueError, "2-D"),
    (np.zeros((0, 3)), np.zeros(0), ValueError, "empty"),
    (np.zeros((10, 3)), np.zeros(9), ValueError, "label has 9 values but the data has 10 rows"),
    (np.zeros((10, 3)), np.r_[np.zeros(9), np.nan], ValueError, "label contains NaN"),
    (np.zeros((10, 3)), np.r_[np.zeros(9), np.inf], ValueError, "label contains NaN or inf"),
    (np.zeros((10, 3)), np.zeros((10, 2)), ValueError, "label must be 1-D"),
    (np.array([["a", "b"]] * 10), np.zeros(10), TypeError, "numeric"),
])
def test_bad_arrays(data, label, error, match):
    with pytest.raises(error, match=match):
        qgbm.Dataset(data, label=label).construct()


def test_object_column_is_a_type_error_naming_it():
    frame = pd.DataFrame({"x": np.arange(10.0), "city": ["a", "b"] * 5})
    with pytest.raises(TypeError, match="'city'"):
        qgbm.Dataset(frame, label=np.zeros(10)).construct()


def test_bad_weight_group_and_init_score():
    x = np.random.default_rng(0).random((20, 3))
    with pytest.raises(ValueError, match="weight has 5 values"):
        qgbm.Dataset(x, label=np.zeros(20), weight=np.ones(5)).construct()
    with pytest.raises(ValueError, match="group sizes sum to 10"):
        qgbm.Dataset(x, label=np.zeros(20), group=[5, 5]).construct()
    with pytest.raises(ValueError, match="init_score"):
        qgbm.Dataset(x, label=np.zeros(20), init_score=np.ones(7)).construct()


def test_core_errors_carry_the_core_message(tmp_path):
    with pytest.raises(qgbm.QGBMError) as info:
        qgbm.Booster(model_str="{not a model")
    assert str(info.value)
    missing = tmp_path / "missing.json"
    with pytest.raises(qgbm.QGBMError):
        qgbm.Booster(model_file=missing)


def test_predict_with_too_few_features(binary_data):
    x, y, _, _ = binary_data
    booster = qgbm.train(BASE_PARAMS, qgbm.Dataset(x, label=y), num_boost_round=2)
    with pytest.raises(ValueError, match="28"):
        booster.predict(x[:, :5])
    with pytest.raises(ValueError, match="2-D"):
        booster.predict(x[0])


def test_custom_objective_with_wrong_gradient_count(binary_data):
    x, y, _, _ = binary_data

    def short(preds, data):
        return preds[:-1] - data.get_label()[:-1], np.ones(len(preds) - 1)

    with pytest.raises(ValueError, match="grad has 1999 values, expected 2000"):
        qgbm.train(dict(BASE_PARAMS, objective=short), qgbm.Dataset(x, label=y),
                   num_boost_round=1)

    def mismatched(preds, data):
        return preds - data.get_label(), np.ones(3)

    with pytest.raises(ValueError, match="hess shape"):
        qgbm.train(dict(BASE_PARAMS, objective=mismatched), qgbm.Dataset(x, label=y),
                   num_boost_round=1)


def test_bad_arguments_to_train_and_predict(binary_data):
    x, y, _, _ = binary_data
    with pytest.raises(TypeError, match="train_set must be a Dataset"):
        qgbm.train(BASE_PARAMS, x, num_boost_round=1)
    with pytest.raises(TypeError, match=r"valid_sets\[0\]"):
        qgbm.train(BASE_PARAMS, qgbm.Dataset(x, label=y), num_boost_round=1, valid_sets=[x])
    with pytest.raises(ValueError, match="importance_type"):
        qgbm.train(BASE_PARAMS, qgbm.Dataset(x, label=y), num_boost_round=1
                   ).feature_importance("cover")
    with pytest.raises(FileNotFoundError, match="init_model"):
        qgbm.train(BASE_PARAMS, qgbm.Dataset(x, label=y), num_boost_round=1,
                   init_model="/nonexistent/model.json")


def test_library_path_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys
    missing = tmp_path / "libqgbm.so"
    code = ("import qgbm\n"
            "try:\n"
            "    qgbm.Booster(model_str='{}')\n"
            "except OSError as e:\n"
            "    print('OSError', e)\n")
    env = dict(os.environ, QGBM_LIBRARY=str(missing))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=60)
    # `import qgbm` works without the library; the first call names the path it tried.
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("OSError") and str(missing) in out.stdout
    assert qgbm.library_path().name == "libqgbm.so"
