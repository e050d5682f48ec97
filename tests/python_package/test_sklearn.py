"""scikit-learn estimators: scikit-learn's own estimator checks, model selection tools, label
handling, eval sets and early stopping, and accuracy against LightGBM's estimators trained in
the same test on the same data."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import load_svmlight_file, make_classification, make_regression
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

import qgbm

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("QGBM_SHARED_DATA", REPO.parent / "shared" / "data"))
QUIET = dict(verbosity=-1)


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared dataset {path} not found")
    return path


# ---- scikit-learn's estimator checks -------------------------------------------------------------
#
# Every check of scikit-learn 1.5.2 runs; none is skipped. As in LightGBM's own test suite
# (tests/python_package_test/test_sklearn.py), the estimators run with min_child_samples=1: the
# checks train on a few dozen rows (check_classifiers_classes: 30 rows of 3 classes), where the
# default of 20 rows per leaf leaves trees without splits. No **kwargs parameter is given:
# check_no_attributes_set_in_init accepts only constructor arguments as attributes (LightGBM
# skips that check; qgbm passes it).
# scikit-learn has no ranking estimator type and its checks never pass the `group` a ranker
# requires, so QGBMRanker runs them (the generic ones: parameters, cloning, pickling, input
# validation, n_features_in_, ...) through a subclass whose fit makes all rows one query.
# LightGBM does not check LGBMRanker at all.


class OneQueryRanker(qgbm.QGBMRanker):
    def fit(self, X, y, **kwargs):
        rows = X.shape[0] if hasattr(X, "shape") else len(X)
        return super().fit(X, y, group=[rows], **kwargs)


_CHECKS = parametrize_with_checks([qgbm.QGBMClassifier(min_child_samples=1),
                                   qgbm.QGBMRegressor(min_child_samples=1),
                                   OneQueryRanker(min_child_samples=1)])
# scikit-learn 1.5 hands pytest a generator of checks, which pytest 9 deprecates: list them.
_CHECKS = pytest.mark.parametrize(_CHECKS.args[0], list(_CHECKS.args[1]), **_CHECKS.kwargs)


@_CHECKS
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


# ---- helpers ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic_binary():
    X, y = make_classification(n_samples=600, n_features=8, n_informative=4, random_state=0)
    return train_test_split(X, y, test_size=0.3, random_state=0)


@pytest.fixture(scope="module")
def synthetic_multiclass():
    X, y = make_classification(n_samples=600, n_features=8, n_informative=5, n_classes=3,
                               random_state=1)
    return train_test_split(X, y, test_size=0.3, random_state=1)


# ---- model selection tools -----------------------------------------------------------------------

def test_clone_keeps_extra_qgbm_parameters():
    model = qgbm.QGBMClassifier(n_estimators=7, use_quantized_grad=False, num_grad_quant_bins=8)
    copy = clone(model)
    assert copy.get_params()["use_quantized_grad"] is False
    assert copy.get_params()["num_grad_quant_bins"] == 8
    assert copy.get_params()["n_estimators"] == 7
    copy.set_params(stochastic_rounding=False)
    assert clone(copy).get_params()["stochastic_rounding"] is False


def test_pipeline_and_cross_val_score(synthetic_binary):
    X_train, _, y_train, _ = synthetic_binary
    pipe = Pipeline([("scale", StandardScaler()),
                     ("gbm", qgbm.QGBMClassifier(n_estimators=20, **QUIET))])
    scores = cross_val_score(pipe, X_train, y_train, cv=3, scoring="roc_auc")
    assert scores.shape == (3,)
    assert scores.min() > 0.85


def test_grid_search_picks_among_parameters(synthetic_binary):
    X_train, X_test, y_train, y_test = synthetic_binary
    search = GridSearchCV(qgbm.QGBMClassifier(n_estimators=15, **QUIET),
                          {"num_leaves": [3, 15], "learning_rate": [0.05, 0.2]}, cv=2,
                          scoring="roc_auc")
    search.fit(X_train, y_train)
    assert set(search.best_params_) == {"num_leaves", "learning_rate"}
    assert isinstance(search.best_estimator_, qgbm.QGBMClassifier)
    assert search.best_estimator_.n_estimators_ == 15
    assert roc_auc_score(y_test, search.predict_proba(X_test)[:, 1]) > 0.85


def test_regressor_in_pipeline_scores_r2():
    X, y = make_regression(n_samples=400, n_features=6, noise=5.0, random_state=2)
    pipe = Pipeline([("scale", StandardScaler()),
                     ("gbm", qgbm.QGBMRegressor(n_estimators=60, **QUIET))])
    scores = cross_val_score(pipe, X, y, cv=3)  # R^2
    assert scores.min() > 0.7


# ---- labels and probabilities --------------------------------------------------------------------

def test_string_labels_binary(synthetic_binary):
    X_train, X_test, y_train, y_test = synthetic_binary
    names = np.array(["no", "yes"])
    model = qgbm.QGBMClassifier(n_estimators=20, **QUIET).fit(X_train, names[y_train])
    assert list(model.classes_) == ["no", "yes"] and model.n_classes_ == 2
    assert model.objective_ == "binary"
    predicted = model.predict(X_test)
    assert set(predicted) <= {"no", "yes"}
    assert np.mean(predicted == names[y_test]) > 0.8


def test_string_labels_multiclass_and_proba_rows_sum_to_one(synthetic_multiclass):
    X_train, X_test, y_train, y_test = synthetic_multiclass
    names = np.array(["cat", "dog", "emu"])
    model = qgbm.QGBMClassifier(n_estimators=30, **QUIET).fit(X_train, names[y_train])
    assert model.objective_ == "multiclass" and model.n_classes_ == 3
    proba = model.predict_proba(X_test)
    assert proba.shape == (len(X_test), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-9)
    np.testing.assert_array_equal(model.predict(X_test), names[np.argmax(proba, axis=1)])
    assert np.mean(model.predict(X_test) == names[y_test]) > 0.7


def test_binary_proba_rows_sum_to_one_and_match_raw_scores(synthetic_binary):
    X_train, X_test, y_train, _ = synthetic_binary
    model = qgbm.QGBMClassifier(n_estimators=20, **QUIET).fit(X_train, y_train)
    proba = model.predict_proba(X_test)
    assert proba.shape == (len(X_test), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    raw = model.predict(X_test, raw_score=True)
    np.testing.assert_allclose(proba[:, 1], 1.0 / (1.0 + np.exp(-raw)), rtol=1e-9)


def test_leaf_and_contribution_predictions(synthetic_binary):
    X_train, X_test, y_train, _ = synthetic_binary
    model = qgbm.QGBMClassifier(n_estimators=10, num_leaves=7, **QUIET).fit(X_train, y_train)
    leaves = model.predict(X_test, pred_leaf=True)
    assert leaves.shape == (len(X_test), 10)
    assert leaves.min() >= 0 and leaves.max() < 7
    contrib = model.predict(X_test, pred_contrib=True)
    assert contrib.shape == (len(X_test), X_test.shape[1] + 1)
    np.testing.assert_allclose(contrib.sum(axis=1), model.predict(X_test, raw_score=True),
                               rtol=1e-6, atol=1e-9)


def test_one_class_is_a_clear_error():
    X = np.random.default_rng(0).normal(size=(30, 3))
    with pytest.raises(ValueError, match="only one class"):
        qgbm.QGBMClassifier(**QUIET).fit(X, np.ones(30))


# ---- weights ------------------------------------------------------------------------------------

def test_class_weight_balanced_equals_explicit_sample_weights(synthetic_binary):
    X_train, X_test, y_train, _ = synthetic_binary
    y = np.where(y_train == 1, "pos", "neg")
    keep = (y == "neg") | (np.arange(len(y)) % 3 == 0)  # make the classes unequal
    X, y = X_train[keep], y[keep]
    counts = {c: np.sum(y == c) for c in ("neg", "pos")}
    weights = np.array([len(y) / (2.0 * counts[c]) for c in y])
    balanced = qgbm.QGBMClassifier(n_estimators=10, class_weight="balanced", **QUIET).fit(X, y)
    explicit = qgbm.QGBMClassifier(n_estimators=10, **QUIET).fit(X, y, sample_weight=weights)
    np.testing.assert_array_equal(balanced.predict_proba(X_test), explicit.predict_proba(X_test))
    by_label = qgbm.QGBMClassifier(n_estimators=10, class_weight={
        "neg": weights[y == "neg"][0], "pos": weights[y == "pos"][0]}, **QUIET).fit(X, y)
    np.testing.assert_array_equal(by_label.predict_proba(X_test), explicit.predict_proba(X_test))


def test_class_weight_with_unknown_label_is_an_error(synthetic_binary):
    X_train, _, y_train, _ = synthetic_binary
    with pytest.raises(ValueError, match="class_weight"):
        qgbm.QGBMClassifier(class_weight={5: 2.0}, **QUIET).fit(X_train, y_train)


# ---- eval sets, metrics and early stopping -------------------------------------------------------

def test_eval_set_with_early_stopping_sets_best_iteration(synthetic_binary):
    X_train, X_test, y_train, y_test = synthetic_binary
    model = qgbm.QGBMClassifier(n_estimators=500, learning_rate=0.3, **QUIET)
    model.fit(X_train, y_train, eval_set=[(X_test, y_test)], eval_names=["holdout"],
              eval_metric="auc", callbacks=[qgbm.early_stopping(10, verbose=False)])
    curves = model.evals_result_["holdout"]
    assert set(curves) == {"auc", "binary_logloss"}
    assert 1 <= model.best_iteration_ < 500
    # Training stopped 10 rounds after the best iteration of the metric that stopped it, and
    # the model keeps the trees up to the best iteration (as LightGBM's train does).
    assert len(curves["auc"]) == model.best_iteration_ + 10
    assert model.n_estimators_ == model.best_iteration_
    assert model.best_score_["holdout"]["auc"] == pytest.approx(
        curves["auc"][model.best_iteration_ - 1])
    # Predictions use the best iteration by default.
    np.testing.assert_allclose(model.predict_proba(X_test),
                               model.predict_proba(X_test, num_iteration=model.best_iteration_))


def test_custom_eval_metric_is_recorded(synthetic_binary):
    X_train, X_test, y_train, y_test = synthetic_binary

    def accuracy(y_true, y_pred):
        return "accuracy", float(np.mean((y_pred > 0.5) == y_true)), True

    model = qgbm.QGBMClassifier(n_estimators=8, **QUIET)
    model.fit(X_train, y_train, eval_set=[(X_test, y_test)], eval_metric=[accuracy, "auc"])
    curves = model.evals_result_["valid_0"]
    assert len(curves["accuracy"]) == 8 and len(curves["auc"]) == 8
    final = np.mean(model.predict(X_test) == y_test)
    assert curves["accuracy"][-1] == pytest.approx(final)


def test_eval_set_with_training_data_and_multiclass_metric_names(synthetic_multiclass):
    X_train, _, y_train, _ = synthetic_multiclass
    model = qgbm.QGBMClassifier(n_estimators=5, **QUIET)
    model.fit(X_train, y_train, eval_set=[(X_train, y_train)], eval_metric="error")
    # LightGBM's train() names the training data "training" when it is passed as a validation
    # set without a name, and its estimators evaluate it under that name.
    assert set(model.evals_result_["training"]) == {"multi_error", "multi_logloss"}


# ---- parameters ----------------------------------------------------------------------------------

def test_extra_qgbm_parameters_reach_the_core(synthetic_binary):
    X_train, X_test, y_train, _ = synthetic_binary
    quantized = qgbm.QGBMClassifier(n_estimators=10, **QUIET).fit(X_train, y_train)
    exact = qgbm.QGBMClassifier(n_estimators=10, use_quantized_grad=False, **QUIET)
    exact.fit(X_train, y_train)
    assert not np.array_equal(quantized.predict_proba(X_test), exact.predict_proba(X_test))
    # A qgbm name given through **kwargs wins over the default of its scikit-learn alias.
    shallow = qgbm.QGBMClassifier(n_estimators=3, min_data_in_leaf=200, **QUIET)
    shallow.fit(X_train, y_train)
    assert shallow.predict(X_test, pred_leaf=True).max() <= 1  # at most 2 leaves of >= 200 rows


def test_unknown_or_conflicting_parameters_are_errors(synthetic_binary):
    X_train, _, y_train, _ = synthetic_binary
    with pytest.raises((qgbm.QGBMError, ValueError), match="no_such_parameter"):
        qgbm.QGBMClassifier(no_such_parameter=1, **QUIET).fit(X_train, y_train)
    # An estimator argument and its qgbm name (or a qgbm alias) with different values.
    with pytest.raises(ValueError, match="min_data_in_leaf"):
        qgbm.QGBMClassifier(min_child_samples=5, min_data_in_leaf=7, **QUIET).fit(X_train, y_train)
    with pytest.raises((qgbm.QGBMError, ValueError), match="min_data"):
        qgbm.QGBMClassifier(min_child_samples=5, min_data=7, **QUIET).fit(X_train, y_train)
    with pytest.raises(qgbm.QGBMError, match="bagging_fraction"):
        qgbm.QGBMClassifier(subsample=1.5, **QUIET).fit(X_train, y_train)


def test_same_seed_same_model_and_pickle_round_trip(synthetic_binary):
    X_train, X_test, y_train, _ = synthetic_binary
    params = dict(n_estimators=15, subsample=0.7, subsample_freq=1, colsample_bytree=0.7,
                  random_state=3, **QUIET)
    first = qgbm.QGBMClassifier(**params).fit(X_train, y_train)
    second = qgbm.QGBMClassifier(**params).fit(X_train, y_train)
    assert first.booster_.model_to_string() == second.booster_.model_to_string()
    restored = pickle.loads(pickle.dumps(first))
    np.testing.assert_array_equal(restored.predict_proba(X_test), first.predict_proba(X_test))


def test_init_model_continues_training(synthetic_binary):
    X_train, _, y_train, _ = synthetic_binary
    first = qgbm.QGBMClassifier(n_estimators=5, **QUIET).fit(X_train, y_train)
    more = qgbm.QGBMClassifier(n_estimators=4, **QUIET).fit(X_train, y_train, init_model=first)
    assert more.booster_.current_iteration() == 9


def test_custom_objective_equals_the_builtin_one():
    X, y = make_regression(n_samples=300, n_features=5, random_state=6)

    def squared_error(y_true, y_pred):
        return y_pred - y_true, np.ones_like(y_true)

    custom = qgbm.QGBMRegressor(objective=squared_error, n_estimators=15, **QUIET).fit(X, y)
    # A custom objective starts from 0, so the built-in one must not start from the mean.
    builtin = qgbm.QGBMRegressor(n_estimators=15, boost_from_average=False, **QUIET).fit(X, y)
    np.testing.assert_array_equal(custom.predict(X), builtin.predict(X))
    assert custom.objective_ is squared_error


def test_sparse_and_dense_inputs_give_the_same_model():
    X, y = make_regression(n_samples=300, n_features=5, random_state=7)
    X[np.abs(X) < 0.7] = 0.0
    dense = qgbm.QGBMRegressor(n_estimators=10, **QUIET).fit(X, y)
    for matrix in (sp.csr_matrix(X), sp.csc_matrix(X), sp.coo_matrix(X)):
        model = qgbm.QGBMRegressor(n_estimators=10, **QUIET).fit(matrix, y)
        assert model.booster_.model_to_string() == dense.booster_.model_to_string()
        np.testing.assert_array_equal(model.predict(matrix), dense.predict(X))


# ---- fitted attributes and input checks ----------------------------------------------------------

def test_feature_importances_and_names():
    rng = np.random.default_rng(4)
    X = pd.DataFrame(rng.normal(size=(400, 4)), columns=["noise_a", "signal", "noise_b", "c"])
    y = 3.0 * X["signal"] + 0.1 * rng.normal(size=400)
    model = qgbm.QGBMRegressor(n_estimators=20, **QUIET).fit(X, y)
    assert list(model.feature_names_in_) == list(X.columns)
    assert model.n_features_in_ == 4
    split = model.feature_importances_
    assert split.shape == (4,) and np.argmax(split) == 1
    model.set_params(importance_type="gain")
    gain = model.feature_importances_
    assert np.argmax(gain) == 1 and gain[1] > 0.9 * gain.sum()


def test_pandas_category_columns_are_categorical_features():
    rng = np.random.default_rng(5)
    colour = rng.choice(["red", "green", "blue", "grey"], size=600)
    X = pd.DataFrame({"colour": pd.Categorical(colour), "x": rng.normal(size=600)})
    y = np.isin(colour, ["red", "blue"]).astype(int)
    model = qgbm.QGBMClassifier(n_estimators=10, **QUIET).fit(X, y)
    assert np.mean(model.predict(X) == y) == 1.0
    # Prediction maps categories by their text, whatever order the new frame lists them in.
    shuffled = X.copy()
    shuffled["colour"] = pd.Categorical(colour, categories=["grey", "blue", "green", "red"])
    np.testing.assert_array_equal(model.predict_proba(shuffled), model.predict_proba(X))


def test_unfitted_and_wrong_width_inputs(synthetic_binary):
    X_train, X_test, y_train, _ = synthetic_binary
    model = qgbm.QGBMClassifier(n_estimators=3, **QUIET)
    with pytest.raises(NotFittedError):
        model.predict(X_test)
    with pytest.raises(NotFittedError):
        _ = model.feature_importances_
    model.fit(X_train, y_train)
    with pytest.raises(ValueError, match="expecting 8 features"):
        model.predict(X_test[:, :5])
    assert model.predict(X_test[:1]).shape == (1,)  # a single row
    frame = pd.DataFrame(X_train, columns=[f"f{i}" for i in range(8)])
    model.fit(frame, y_train)
    with pytest.raises(ValueError, match="feature names should match"):
        model.predict(frame[frame.columns[::-1]])
    with pytest.raises(ValueError, match="NaN"):
        qgbm.QGBMRegressor(**QUIET).fit(X_train, np.where(y_train == 1, np.nan, 0.0))


def test_ranker_requires_groups():
    X = np.zeros((10, 2))
    with pytest.raises(ValueError, match="group"):
        qgbm.QGBMRanker(**QUIET).fit(X, np.zeros(10))
    with pytest.raises(ValueError, match="eval_group"):
        qgbm.QGBMRanker(**QUIET).fit(X, np.zeros(10), group=[10], eval_set=[(X, np.zeros(10))])


# ---- accuracy against LightGBM -------------------------------------------------------------------
#
# One thread each: LightGBM's OpenMP barriers stall when other processes share the cores, which
# would make the test slow, not different.

def _lightgbm_user_script(lgb, classifier, X_train, y_train, X_test, y_test):
    """Code written for LightGBM's scikit-learn API; `lgb` is the module (lightgbm or qgbm)."""
    X_fit, X_stop, y_fit, y_stop = train_test_split(X_train, y_train, test_size=0.25,
                                                    random_state=0, stratify=y_train)
    model = getattr(lgb, classifier)(n_estimators=500, learning_rate=0.1, random_state=0,
                                     n_jobs=1, verbose=-1)
    model.fit(X_fit, y_fit, eval_set=[(X_stop, y_stop)], eval_metric="auc",
              callbacks=[lgb.early_stopping(20, verbose=False), lgb.log_evaluation(0)])
    proba = model.predict_proba(X_test)
    assert proba.shape == (len(X_test), 2)
    assert model.feature_importances_.shape == (X_train.shape[1],)
    assert 0 < model.best_iteration_ < 500
    assert model.booster_.feature_name() == list(X_train.columns)
    return roc_auc_score(y_test, proba[:, 1])


def test_lightgbm_script_runs_unchanged_with_close_auc_on_spam():
    lightgbm = pytest.importorskip("lightgbm")
    df = pd.read_csv(shared_file("kernlab", "spam.csv.gz"))
    y = (df.pop("type") == "spam").astype(int).to_numpy()
    split = train_test_split(df, y, test_size=0.3, random_state=0, stratify=y)
    X_train, X_test, y_train, y_test = split
    auc_theirs = _lightgbm_user_script(lightgbm, "LGBMClassifier", X_train, y_train, X_test,
                                       y_test)
    auc_ours = _lightgbm_user_script(qgbm, "QGBMClassifier", X_train, y_train, X_test, y_test)
    assert auc_theirs > 0.97
    assert abs(auc_ours - auc_theirs) < 0.003, (auc_ours, auc_theirs)
    # Without early stopping, 100 rounds each.
    params = dict(n_estimators=100, learning_rate=0.1, random_state=0, n_jobs=1)
    ours = qgbm.QGBMClassifier(**params, **QUIET).fit(X_train, y_train)
    theirs = lightgbm.LGBMClassifier(**params, verbose=-1).fit(X_train, y_train)
    auc_ours = roc_auc_score(y_test, ours.predict_proba(X_test)[:, 1])
    auc_theirs = roc_auc_score(y_test, theirs.predict_proba(X_test)[:, 1])
    assert abs(auc_ours - auc_theirs) < 0.003, (auc_ours, auc_theirs)


def _letor(name: str):
    X, y, qid = load_svmlight_file(str(shared_file("letor_mq2008", "Fold1", name)),
                                   query_id=True, n_features=46)
    starts = np.r_[0, np.flatnonzero(np.diff(qid)) + 1]  # rows of a query are contiguous
    return X.toarray(), y, np.diff(np.r_[starts, len(qid)])


def test_ranker_ndcg_close_to_lightgbm_on_mq2008():
    lightgbm = pytest.importorskip("lightgbm")
    X_train, y_train, group_train = _letor("train.txt.gz")
    X_test, y_test, group_test = _letor("test.txt.gz")
    params = dict(n_estimators=50, learning_rate=0.1, random_state=0, n_jobs=1)
    fit = dict(group=group_train, eval_set=[(X_test, y_test)], eval_group=[group_test],
               eval_at=[5, 10])
    ours = qgbm.QGBMRanker(**params, **QUIET).fit(X_train, y_train, **fit)
    theirs = lightgbm.LGBMRanker(**params, verbose=-1).fit(X_train, y_train, **fit)
    for k in ("ndcg@5", "ndcg@10"):
        mine = ours.evals_result_["valid_0"][k][-1]
        anchor = theirs.evals_result_["valid_0"][k][-1]
        assert anchor > 0.45
        assert abs(mine - anchor) < 0.01, (k, mine, anchor)
    assert ours.predict(X_test).shape == (len(X_test),)
