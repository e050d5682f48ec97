"""train() and cv() across tasks: multiclass, ranking, custom objectives, pandas categoricals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qgbm
from pkg_common import BASE_PARAMS, SHARED


def test_multiclass_shapes_and_accuracy(multiclass_data):
    x, y = multiclass_data
    params = dict(BASE_PARAMS, objective="multiclass", num_class=5)
    train, test = slice(0, 1500), slice(1500, None)
    booster = qgbm.train(params, qgbm.Dataset(x[train], label=y[train]), num_boost_round=20)
    prob = booster.predict(x[test])
    assert prob.shape == (500, 5)
    np.testing.assert_allclose(prob.sum(axis=1), 1.0, rtol=1e-9)
    assert booster.num_model_per_iteration() == 5 and booster.num_trees() == 100
    assert booster.predict(x[test], pred_leaf=True).shape == (500, 100)
    contrib = booster.predict(x[test], pred_contrib=True)
    assert contrib.shape == (500, 5 * (x.shape[1] + 1))
    raw = booster.predict(x[test], raw_score=True)
    np.testing.assert_allclose(contrib.reshape(500, 5, -1).sum(axis=2), raw, atol=1e-9)
    import scipy.sparse as sp
    per_class = booster.predict(sp.csc_matrix(x[test]), pred_contrib=True)
    assert len(per_class) == 5 and all(m.format == "csc" for m in per_class)
    np.testing.assert_array_equal(np.hstack([m.toarray() for m in per_class]), contrib)
    accuracy = np.mean(prob.argmax(axis=1) == y[test])
    lightgbm = pytest.importorskip("lightgbm")
    anchor = lightgbm.train(params, lightgbm.Dataset(x[train], label=y[train]),
                            num_boost_round=20)
    anchor_accuracy = np.mean(anchor.predict(x[test]).argmax(axis=1) == y[test])
    # A hard task (LightGBM reaches ~0.37 here; chance is 0.2): 500 test rows give a standard
    # error of ~0.02, and quantized gradients cost a little at 20 rounds.
    assert accuracy > 0.3 and accuracy > anchor_accuracy - 0.05, (accuracy, anchor_accuracy)


def test_ranking_with_groups(rank_data):
    x, y, group = rank_data
    params = dict(BASE_PARAMS, objective="lambdarank", metric="ndcg", eval_at=[5])
    train = qgbm.Dataset(x, label=y, group=group)
    record: dict = {}
    booster = qgbm.train(params, train, num_boost_round=10, valid_sets=[train],
                         valid_names=["train"], callbacks=[qgbm.record_evaluation(record)])
    ndcg = record["train"]["ndcg@5"]
    assert ndcg[-1] > ndcg[0]
    assert booster.predict(x).shape == (x.shape[0],)
    np.testing.assert_array_equal(train.get_group(), group)


def test_custom_objective_equals_builtin(binary_data):
    x, y, xt, _ = binary_data
    params = dict(BASE_PARAMS, objective="regression", use_quantized_grad=False,
                  boost_from_average=False)
    builtin = qgbm.train(params, qgbm.Dataset(x, label=y), num_boost_round=5)

    def l2(preds, data):
        return preds - data.get_label(), np.ones_like(preds)

    custom = qgbm.train(dict(params, objective=l2), qgbm.Dataset(x, label=y), num_boost_round=5)
    np.testing.assert_allclose(custom.predict(xt), builtin.predict(xt), rtol=1e-6, atol=1e-6)


def test_cv_returns_lightgbm_keys(binary_data):
    x, y, _, _ = binary_data
    params = dict(BASE_PARAMS, metric="auc")
    out = qgbm.cv(params, qgbm.Dataset(x, label=y), num_boost_round=5, nfold=3,
                  eval_train_metric=True, return_cvbooster=True)
    assert set(out) == {"valid auc-mean", "valid auc-stdv", "train auc-mean", "train auc-stdv",
                        "cvbooster"}
    assert len(out["valid auc-mean"]) == 5
    assert 0.6 < out["valid auc-mean"][-1] < out["train auc-mean"][-1]
    assert len(out["cvbooster"].boosters) == 3
    record: dict = {}
    early = qgbm.cv(dict(params, learning_rate=0.9, num_leaves=63, min_data_in_leaf=2),
                    qgbm.Dataset(x, label=y), num_boost_round=50, nfold=3,
                    eval_train_metric=True,
                    callbacks=[qgbm.early_stopping(2, verbose=False),
                               qgbm.record_evaluation(record)])
    # The training folds' AUC keeps rising; only the validation folds decide (LightGBM's rule).
    best = int(np.argmax(record["valid"]["auc-mean"])) + 1
    assert len(early["valid auc-mean"]) == best < 50
    assert len(record["valid"]["auc-mean"]) == best + 2
    assert set(record) == {"train", "valid"}


def _adult(rows: int):
    path = SHARED / "adult" / "adult_train.csv.gz"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    frame = pd.read_csv(path).head(rows)
    y = (frame.pop("income").str.strip().str.startswith(">50K")).astype(np.float64).to_numpy()
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].astype("category")
    return frame, y


def _auc(y, p) -> float:
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(y, p))


def test_pandas_categoricals_match_lightgbm_accuracy():
    lightgbm = pytest.importorskip("lightgbm")
    frame, y = _adult(12000)
    train, test = slice(0, 9000), slice(9000, None)
    params = {"objective": "binary", "num_leaves": 31, "learning_rate": 0.1, "verbosity": -1,
              "num_threads": 2, "seed": 1}
    booster = qgbm.train(params, qgbm.Dataset(frame.iloc[train], label=y[train]),
                         num_boost_round=60)
    assert booster.feature_name() == list(frame.columns)
    ours = _auc(y[test], booster.predict(frame.iloc[test]))
    anchor = lightgbm.train(params, lightgbm.Dataset(frame.iloc[train], label=y[train]),
                            num_boost_round=60)
    theirs = _auc(y[test], anchor.predict(frame.iloc[test]))
    assert ours > theirs - 0.005, (ours, theirs)


def test_categories_are_mapped_by_name_at_predict_time():
    rng = np.random.default_rng(0)
    colors = np.array(["red", "green", "blue"])
    c = colors[rng.integers(0, 3, 3000)]
    y = (c == "green").astype(np.float64)
    frame = pd.DataFrame({"color": pd.Categorical(c), "noise": rng.random(3000)})
    booster = qgbm.train(dict(BASE_PARAMS, min_data_in_leaf=5, min_data_per_group=5),
                         qgbm.Dataset(frame, label=y), num_boost_round=10)
    # Same values with another category order and an unseen category (-> missing).
    test = pd.DataFrame({"color": pd.Categorical(["green", "red", "purple"],
                                                 categories=["purple", "red", "green"]),
                         "noise": [0.5, 0.5, 0.5]})
    p = booster.predict(test)
    # Training coded the categories alphabetically (blue 0, green 1, red 2): the same rows as
    # codes, with the unseen category missing.
    codes = pd.DataFrame({"color": [1.0, 2.0, np.nan], "noise": [0.5, 0.5, 0.5]})
    np.testing.assert_array_equal(p, booster.predict(codes))
    assert p[0] > 0.5 > p[1]
    # Text columns are mapped through the same names.
    np.testing.assert_array_equal(booster.predict(test.astype({"color": object})), p)
    # A validation DataFrame is coded with the training set's categories: its metric equals
    # the one computed from the predictions.
    train_set = qgbm.Dataset(frame, label=y)
    valid = qgbm.Dataset(test, label=[1.0, 0.0, 0.0], reference=train_set)
    record: dict = {}
    booster = qgbm.train(dict(BASE_PARAMS, min_data_in_leaf=5, min_data_per_group=5,
                              metric="binary_logloss"), train_set, num_boost_round=10,
                         valid_sets=[valid], callbacks=[qgbm.record_evaluation(record)])
    p = np.clip(booster.predict(test), 1e-15, 1 - 1e-15)
    expected = -np.mean(np.log([p[0], 1 - p[1], 1 - p[2]]))
    np.testing.assert_allclose(record["valid_0"]["binary_logloss"][-1], expected, rtol=1e-6)


def test_cv_with_sklearn_folds_and_query_groups(binary_data, rank_data):
    from sklearn.model_selection import KFold
    x, y, _, _ = binary_data
    splitter = KFold(n_splits=3, shuffle=True, random_state=0)
    out = qgbm.cv(dict(BASE_PARAMS, metric="auc"), qgbm.Dataset(x, label=y), num_boost_round=3,
                  folds=splitter, return_cvbooster=True)
    sizes = sorted(b._train_set.num_data() for b in out["cvbooster"].boosters)
    assert sizes == sorted(len(train) for train, _ in splitter.split(x))
    # Ranking: whole queries go to one fold, so every fold's subset keeps whole groups.
    xr, yr, group = rank_data
    out = qgbm.cv(dict(BASE_PARAMS, objective="lambdarank", metric="ndcg", eval_at=[3]),
                  qgbm.Dataset(xr, label=yr, group=group), num_boost_round=3, nfold=3,
                  return_cvbooster=True)
    assert len(out["valid ndcg@3-mean"]) == 3
    for booster in out["cvbooster"].boosters:
        groups = booster._train_set.get_group()
        assert groups.sum() == booster._train_set.num_data()
        assert set(groups) <= set(group)


def test_training_parameters_win_over_the_dataset_s_own(binary_data):
    """As in LightGBM: train()'s params update a lazily built Dataset's params."""
    x, y, _, _ = binary_data
    train = qgbm.Dataset(x, y, params={"max_bin": 7, "min_data_in_bin": 5})
    qgbm.train({"objective": "binary", "max_bin": 31, "verbose": -1}, train, num_boost_round=2)
    assert train.params["max_bin"] == 31
    assert train.params["min_data_in_bin"] == 5
