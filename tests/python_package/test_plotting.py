"""Plots: importance bars, learning curves and tree graphs render to PNG files without a
display (matplotlib's Agg backend); drawing a tree also needs Graphviz's dot program and is
skipped without it."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import qgbm  # noqa: E402

QUIET = dict(verbosity=-1)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
    return X, y


@pytest.fixture(scope="module")
def trained(data):
    """A Booster trained with a validation set, and the curves record_evaluation kept."""
    X, y = data
    train_set = qgbm.Dataset(X[:200], label=y[:200], feature_name=["a", "b", "c", "d"])
    valid_set = qgbm.Dataset(X[200:], label=y[200:], reference=train_set)
    curves: dict = {}
    booster = qgbm.train({"objective": "binary", "metric": "binary_logloss,auc",
                          "num_leaves": 7, **QUIET}, train_set, num_boost_round=12,
                         valid_sets=[train_set, valid_set], valid_names=["train", "valid"],
                         callbacks=[qgbm.record_evaluation(curves)])
    return booster, curves


def assert_png(path):
    assert path.exists() and path.stat().st_size > 1000
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def save(ax, path):
    ax.figure.savefig(path)
    plt.close(ax.figure)
    assert_png(path)


def test_plot_importance_of_booster_and_estimator(trained, data, tmp_path):
    booster, _ = trained
    ax = qgbm.plot_importance(booster, title="t", xlabel="@importance_type@ importance")
    assert ax.get_xlabel() == "split importance"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "a" in labels and set(labels) <= {"a", "b", "c", "d"}
    # Bars are sorted, the most important feature at the top.
    importance = dict(zip(booster.feature_name(), booster.feature_importance("split")))
    assert labels[-1] == max(importance, key=importance.get)
    save(ax, tmp_path / "importance.png")

    X, y = data
    model = qgbm.QGBMClassifier(n_estimators=5, importance_type="gain", **QUIET).fit(X, y)
    _, ax = plt.subplots(figsize=(4, 3))
    returned = qgbm.plot_importance(model, ax=ax, max_num_features=2, precision=1)
    assert returned is ax and ax.get_xlabel() == "Feature importance"
    assert len(ax.patches) == 2
    save(ax, tmp_path / "importance_gain.png")


def test_plot_importance_rejects_bad_arguments(trained):
    booster, _ = trained
    with pytest.raises(ValueError, match="importance_type"):
        qgbm.plot_importance(booster, importance_type="cover")
    with pytest.raises(TypeError, match="xlim"):
        qgbm.plot_importance(booster, xlim=[0, 1])
    with pytest.raises(TypeError, match="Booster"):
        qgbm.plot_importance("model.json")
    plt.close("all")


def test_plot_metric_from_recorded_results_and_estimator(trained, data, tmp_path):
    _, curves = trained
    ax = qgbm.plot_metric(curves, metric="auc")
    assert [line.get_label() for line in ax.get_lines()] == ["train", "valid"]
    assert len(ax.get_lines()[1].get_ydata()) == 12 and ax.get_ylabel() == "auc"
    save(ax, tmp_path / "metric.png")

    ax = qgbm.plot_metric(curves, dataset_names=["valid"])  # first recorded metric
    assert ax.get_ylabel() == "binary_logloss" and len(ax.get_lines()) == 1
    plt.close(ax.figure)

    X, y = data
    model = qgbm.QGBMClassifier(n_estimators=6, **QUIET)
    model.fit(X[:200], y[:200], eval_set=[(X[200:], y[200:])])
    ax = qgbm.plot_metric(model)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(),
                               model.evals_result_["valid_0"]["binary_logloss"])
    save(ax, tmp_path / "metric_estimator.png")


def test_plot_metric_errors(trained):
    booster, curves = trained
    with pytest.raises(TypeError, match="record_evaluation"):
        qgbm.plot_metric(booster)
    with pytest.raises(KeyError, match="ndcg"):
        qgbm.plot_metric(curves, metric="ndcg")
    with pytest.raises(KeyError, match="test"):
        qgbm.plot_metric(curves, dataset_names=["test"])
    with pytest.raises(ValueError, match="no evaluation results"):
        qgbm.plot_metric({})
    plt.close("all")


def test_create_tree_digraph_follows_the_dumped_tree(trained):
    pytest.importorskip("graphviz")
    booster, _ = trained
    tree = booster.dump_model()["tree_info"][1]
    graph = qgbm.create_tree_digraph(booster, tree_index=1, orientation="vertical",
                                     show_info=["split_gain", "internal_count", "leaf_count",
                                                "data_percentage"], name="tree1")
    source = graph.source
    leaves = tree["num_leaves"]
    assert source.count("shape=ellipse") == leaves
    assert source.count("shape=rectangle") == leaves - 1
    assert source.count("->") == 2 * leaves - 2
    assert "rankdir=TB" in source and "count:" in source and "% of data" in source
    root = tree["tree_structure"]
    assert f"<B>{booster.feature_name()[root['split_feature']]}</B>" in source
    # The path of one row is highlighted: one blue node per level it passes.
    row = np.zeros((1, 4))
    highlighted = qgbm.create_tree_digraph(booster, tree_index=1, example_case=row).source
    assert highlighted.count("color=blue") >= 2
    with pytest.raises(IndexError, match="tree_index"):
        qgbm.create_tree_digraph(booster, tree_index=10_000)
    with pytest.raises(ValueError, match="show_info"):
        qgbm.create_tree_digraph(booster, show_info=["colour"])


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")
def test_plot_tree_renders_png(trained, tmp_path):
    pytest.importorskip("graphviz")
    booster, _ = trained
    ax = qgbm.plot_tree(booster, tree_index=0, figsize=(6, 4), show_info=["leaf_count"])
    assert len(ax.images) == 1
    save(ax, tmp_path / "tree.png")
