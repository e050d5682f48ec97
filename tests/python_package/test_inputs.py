"""Every input form of the same values gives the same model bytes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import qgbm
from pkg_common import BASE_PARAMS


def _model(data, label, **kwargs) -> str:
    booster = qgbm.train(BASE_PARAMS, qgbm.Dataset(data, label=label, **kwargs),
                         num_boost_round=5)
    return booster.model_to_string()


def test_numpy_orders_and_dtypes_give_the_same_model(binary_data):
    x, y, _, _ = binary_data
    reference = _model(x, y)
    for variant in (np.asfortranarray(x), x.astype(np.float64),
                    np.asfortranarray(x.astype(np.float64)), x.astype(np.float64).tolist()):
        assert _model(variant, y) == reference


def test_pandas_sparse_and_file_give_the_same_model(binary_data, tmp_path):
    x, y, _, _ = binary_data
    names = [f"Column_{i}" for i in range(x.shape[1])]
    reference = _model(x, y)
    assert _model(pd.DataFrame(x, columns=names), pd.Series(y)) == reference
    # Sparse inputs: stored zeros are values, absent entries are 0; HIGGS has no exact zeros
    # that matter, so the dense and sparse forms hold the same numbers.
    assert _model(sp.csr_matrix(x), y) == reference
    assert _model(sp.csc_matrix(x), y) == reference
    assert _model(sp.coo_matrix(x), y) == reference
    path = tmp_path / "train.tsv"
    np.savetxt(path, np.column_stack([y, x]), fmt="%.9g", delimiter="\t")
    assert _model(str(path), None) == reference
    assert _model(path, None) == reference


def test_float32_arrays_are_not_copied(binary_data):
    x, y, _, _ = binary_data
    from qgbm import _convert
    for arr in (x, np.asfortranarray(x)):
        dense = _convert.dense_from_array(arr)
        assert dense.array is arr


def test_dataset_fields_round_trip(binary_data):
    x, y, _, _ = binary_data
    w = np.linspace(0.5, 1.5, len(y))
    ds = qgbm.Dataset(x, label=y, weight=w, init_score=np.full(len(y), 0.25)).construct()
    assert ds.num_data() == len(y) and ds.num_feature() == x.shape[1]
    np.testing.assert_array_equal(ds.get_label(), y)
    np.testing.assert_allclose(ds.get_weight(), w.astype(np.float32))
    np.testing.assert_array_equal(ds.get_init_score(), np.full(len(y), 0.25))
    assert ds.get_group() is None
    assert ds.get_feature_name() == [f"Column_{i}" for i in range(x.shape[1])]
    names = [f"x{i}" for i in range(x.shape[1])]
    assert ds.set_feature_name(names).get_feature_name() == names
    with pytest.raises(qgbm.QGBMError, match="categorical"):
        ds.set_categorical_feature([0])


def test_predict_inputs_agree(binary_data):
    x, y, xt, _ = binary_data
    booster = qgbm.train(BASE_PARAMS, qgbm.Dataset(x, label=y), num_boost_round=5)
    p = booster.predict(xt)
    assert p.shape == (len(xt),)
    np.testing.assert_array_equal(booster.predict(np.asfortranarray(xt)), p)
    np.testing.assert_array_equal(booster.predict(xt.astype(np.float64)), p)
    np.testing.assert_array_equal(booster.predict(pd.DataFrame(xt)), p)
    np.testing.assert_array_equal(booster.predict(sp.csr_matrix(xt)), p)
    np.testing.assert_array_equal(booster.predict(xt.tolist()), p)
    np.testing.assert_array_equal(booster.predict(xt[:1]), p[:1])


def test_predict_from_a_file_and_validate_features(binary_data, tmp_path):
    x, y, xt, yt = binary_data
    names = [f"f{i}" for i in range(x.shape[1])]
    booster = qgbm.train(BASE_PARAMS, qgbm.Dataset(pd.DataFrame(x, columns=names), label=y),
                         num_boost_round=5)
    expected = booster.predict(xt)
    # With the label in column 0 (as the CLI's prediction input), and without it.
    with_label = tmp_path / "test.tsv"
    np.savetxt(with_label, np.column_stack([yt, xt]), fmt="%.9g", delimiter="\t")
    np.testing.assert_array_equal(booster.predict(with_label), expected)
    features_only = tmp_path / "test.csv"
    np.savetxt(features_only, xt, fmt="%.9g", delimiter=",", header=",".join(names),
               comments="")
    np.testing.assert_array_equal(booster.predict(str(features_only)), expected)
    frame = pd.DataFrame(xt, columns=names)
    np.testing.assert_array_equal(booster.predict(frame, validate_features=True), expected)
    with pytest.raises(ValueError, match="do not match"):
        booster.predict(frame.rename(columns={"f0": "other"}), validate_features=True)


def test_iteration_parameters_in_params_win_like_lightgbm(binary_data):
    x, y, xt, yt = binary_data
    with pytest.warns(UserWarning, match="num_iterations=3"):
        booster = qgbm.train(dict(BASE_PARAMS, n_estimators=3), qgbm.Dataset(x, label=y),
                             num_boost_round=20)
    assert booster.current_iteration() == 3
    train = qgbm.Dataset(x, label=y)
    booster = qgbm.train(dict(BASE_PARAMS, n_iter_no_change=1, learning_rate=1.0,
                              num_leaves=63, min_data_in_leaf=2, metric="binary_logloss"),
                         train, num_boost_round=50,
                         valid_sets=[qgbm.Dataset(xt, label=yt, reference=train)])
    assert 0 < booster.best_iteration < 49


def test_pandas_bool_and_nullable_columns_are_numeric():
    rng = np.random.default_rng(0)
    n = 400
    flags = rng.random(n) > 0.5
    counts = rng.integers(0, 20, n).astype(np.float64)
    counts[::9] = np.nan
    small = rng.random(n).astype(np.float32)
    y = flags * 1.0 + np.nan_to_num(counts) / 10 + small
    frame = pd.DataFrame({"flag": flags, "count": pd.array(
        [None if np.isnan(c) else int(c) for c in counts], dtype="Int64"), "small": small})
    dense = np.column_stack([flags.astype(np.float64), counts, small.astype(np.float64)])
    params = dict(BASE_PARAMS, objective="regression", min_data_in_leaf=5)
    from_frame = qgbm.train(params, qgbm.Dataset(frame, label=y), num_boost_round=3)
    from_array = qgbm.train(params, qgbm.Dataset(dense, label=y, feature_name=list(frame)),
                            num_boost_round=3)
    assert from_frame.model_to_string() == from_array.model_to_string()
    np.testing.assert_array_equal(from_frame.predict(frame), from_array.predict(dense))


def test_libsvm_file_and_sparse_matrix_give_the_same_model(rank_data):
    from pkg_common import EXAMPLES
    x, y, _ = rank_data
    path = EXAMPLES / "rank.train"
    params = dict(BASE_PARAMS, objective="regression")
    from_file = qgbm.train(params, qgbm.Dataset(path), num_boost_round=5)
    from_csr = qgbm.train(params, qgbm.Dataset(x, label=y), num_boost_round=5)
    assert from_file.model_to_string() == from_csr.model_to_string()
    np.testing.assert_array_equal(from_file.predict(path), from_csr.predict(x))
