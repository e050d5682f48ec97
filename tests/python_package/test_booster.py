"""Booster: pickling, saving, prediction kinds and shapes, continuation, thread safety."""

from __future__ import annotations

import copy
import pickle
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import qgbm
from pkg_common import BASE_PARAMS


@pytest.fixture(scope="module")
def booster(binary_data):
    x, y, _, _ = binary_data
    return qgbm.train(BASE_PARAMS, qgbm.Dataset(x, label=y), num_boost_round=10)


def test_pickle_and_copy_round_trip(booster, binary_data):
    xt = binary_data[2]
    for clone in (pickle.loads(pickle.dumps(booster)), copy.deepcopy(booster),
                  copy.copy(booster)):
        assert clone.model_to_string() == booster.model_to_string()
        np.testing.assert_array_equal(clone.predict(xt), booster.predict(xt))


def test_save_load_model(booster, binary_data, tmp_path):
    xt = binary_data[2]
    path = tmp_path / "model.json"
    booster.save_model(path)
    for loaded in (qgbm.Booster(model_file=path),
                   qgbm.Booster(model_str=path.read_text()),
                   qgbm.Booster(model_file=str(path)).model_from_string(booster.model_to_string())):
        np.testing.assert_array_equal(loaded.predict(xt), booster.predict(xt))
        assert loaded.num_trees() == 10 and loaded.num_feature() == xt.shape[1]
    # A loaded model's params are the ones it was trained with (LightGBM's behaviour).
    loaded = qgbm.Booster(model_file=path).params
    assert loaded["num_leaves"] == BASE_PARAMS["num_leaves"] and loaded["objective"] == "binary"
    first3 = tmp_path / "first3.json"
    booster.save_model(first3, num_iteration=3)
    np.testing.assert_array_equal(qgbm.Booster(model_file=first3).predict(xt),
                                  booster.predict(xt, num_iteration=3))


def test_prediction_kinds_and_shapes(booster, binary_data):
    xt = binary_data[2]
    n, f = xt.shape
    prob = booster.predict(xt)
    raw = booster.predict(xt, raw_score=True)
    assert prob.shape == raw.shape == (n,)
    np.testing.assert_allclose(prob, 1.0 / (1.0 + np.exp(-raw)), rtol=1e-12)
    leaves = booster.predict(xt, pred_leaf=True)
    assert leaves.shape == (n, 10) and leaves.dtype == np.int32
    contrib = booster.predict(xt, pred_contrib=True)
    assert contrib.shape == (n, f + 1)
    np.testing.assert_allclose(contrib.sum(axis=1), raw, rtol=1e-9, atol=1e-9)
    # Sparse input: contributions come back sparse, as LightGBM returns them.
    import scipy.sparse as sp
    sparse_contrib = booster.predict(sp.csr_matrix(xt), pred_contrib=True)
    assert sp.issparse(sparse_contrib) and sparse_contrib.format == "csr"
    np.testing.assert_array_equal(sparse_contrib.toarray(), contrib)
    # LightGBM's prediction parameters as keywords: the thread count never changes results.
    np.testing.assert_array_equal(booster.predict(xt, num_threads=1), prob)
    with pytest.raises(TypeError, match="no_such_option"):
        booster.predict(xt, no_such_option=1)
    # Iteration windows: raw scores of [2, 5) are the difference of two prefixes.
    window = booster.predict(xt, start_iteration=2, num_iteration=3, raw_score=True)
    np.testing.assert_allclose(window, booster.predict(xt, num_iteration=5, raw_score=True) -
                               booster.predict(xt, num_iteration=2, raw_score=True))
    # ... and probabilities of a window are the binary transform of its raw scores.
    np.testing.assert_allclose(booster.predict(xt, start_iteration=2, num_iteration=3),
                               1.0 / (1.0 + np.exp(-window)), rtol=1e-12)


def test_window_of_a_multiclass_model_is_softmax_of_its_raw_scores(multiclass_data):
    x, y = multiclass_data
    model = qgbm.train({"objective": "multiclass", "num_class": 5, "verbose": -1},
                       qgbm.Dataset(x, y), num_boost_round=6)
    raw = model.predict(x[:50], start_iteration=2, raw_score=True)
    prob = model.predict(x[:50], start_iteration=2)
    expected = np.exp(raw - raw.max(axis=1, keepdims=True))
    np.testing.assert_allclose(prob, expected / expected.sum(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(prob.sum(axis=1), 1.0, rtol=1e-12)


def test_model_insight(booster):
    split = booster.feature_importance()
    gain = booster.feature_importance("gain")
    assert split.dtype == np.int32 and split.sum() > 0
    assert ((gain > 0) == (split > 0)).all()
    dump = booster.dump_model()
    assert len(dump["tree_info"]) == booster.num_trees() == 10
    assert booster.feature_name() == [f"Column_{i}" for i in range(len(split))]
    assert booster.num_model_per_iteration() == 1
    assert booster.current_iteration() == 10
    frame = booster.trees_to_dataframe()
    assert set(frame["tree_index"]) == set(range(10))
    lightgbm = pytest.importorskip("lightgbm")
    x = np.random.default_rng(0).random((50, 2))
    anchor = lightgbm.train({"verbosity": -1, "min_data_in_leaf": 5},
                            lightgbm.Dataset(x, label=x[:, 0]), num_boost_round=1)
    assert list(frame.columns) == list(anchor.trees_to_dataframe().columns)
    # Every tree has num_leaves leaves and num_leaves - 1 splits.
    assert len(frame) == sum(2 * t["num_leaves"] - 1 for t in dump["tree_info"])
    assert frame["split_feature"].dropna().isin(booster.feature_name()).all()


def test_concurrent_predict_matches_serial(booster, binary_data):
    xt = binary_data[2]
    serial_batch = booster.predict(xt)
    serial_rows = np.array([booster.predict(xt[i:i + 1])[0] for i in range(50)])

    def work(seed: int):
        rows = np.array([booster.predict(xt[i:i + 1])[0] for i in range(50)])
        return booster.predict(xt), rows

    with ThreadPoolExecutor(max_workers=4) as pool:
        for batch, rows in pool.map(work, range(8)):
            np.testing.assert_array_equal(batch, serial_batch)
            np.testing.assert_array_equal(rows, serial_rows)


def _logloss(y, p):
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_init_model_continues_training(binary_data, tmp_path):
    x, y, xt, _ = binary_data
    first = qgbm.train(BASE_PARAMS, qgbm.Dataset(x, label=y), num_boost_round=5)
    path = tmp_path / "first.json"
    first.save_model(path)
    for init in (first, str(path), first.model_to_string()):
        cont = qgbm.train(BASE_PARAMS, qgbm.Dataset(x, label=y, free_raw_data=False),
                          num_boost_round=5, init_model=init)
        assert cont.current_iteration() == 10 and cont.num_trees() == 10
        # The first five iterations are the init model's trees, unchanged.
        np.testing.assert_array_equal(cont.predict(xt, num_iteration=5, raw_score=True),
                                      first.predict(xt, raw_score=True))
        # The new trees fit what the old ones left: the training loss goes down.
        assert _logloss(y, cont.predict(x)) < _logloss(y, first.predict(x)) - 0.01


def test_step_by_step_training_and_rollback(binary_data):
    x, y, xt, yt = binary_data
    train = qgbm.Dataset(x, label=y, params=BASE_PARAMS)
    booster = qgbm.Booster(dict(BASE_PARAMS, metric="binary_logloss"), train)
    booster.add_valid(qgbm.Dataset(xt, label=yt, reference=train), "test")
    for _ in range(4):
        booster.update()
    after4 = booster.predict(xt, raw_score=True)
    loss4 = booster.eval_valid()[0][2]
    booster.update()
    booster.rollback_one_iter()
    assert booster.current_iteration() == 4
    np.testing.assert_array_equal(booster.predict(xt, raw_score=True), after4)
    assert booster.eval_valid() == [("test", "binary_logloss", loss4, False)]
    assert booster.eval_train()[0][:2] == ("training", "binary_logloss")


def test_subset_keeps_rows_and_fields(binary_data):
    x, y, _, _ = binary_data
    full = qgbm.Dataset(x, label=y, weight=np.arange(len(y), dtype=np.float32) + 1).construct()
    rows = np.array([3, 10, 11, 500])
    sub = full.subset(rows).construct()
    assert sub.num_data() == 4 and sub.num_feature() == x.shape[1]
    np.testing.assert_array_equal(sub.get_label(), y[rows])
    np.testing.assert_array_equal(sub.get_weight(), rows + 1.0)
