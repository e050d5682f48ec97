"""Callbacks: early stopping, recorded evaluation, logging, progress bar, exceptions."""

from __future__ import annotations

import logging

import numpy as np
import pytest

import qgbm
from pkg_common import BASE_PARAMS


def _sets(binary_data):
    x, y, xt, yt = binary_data
    train = qgbm.Dataset(x, label=y)
    return train, qgbm.Dataset(xt, label=yt, reference=train)


def test_record_evaluation_matches_eval(binary_data):
    train, valid = _sets(binary_data)
    record: dict = {}
    params = dict(BASE_PARAMS, metric=["auc", "binary_logloss"])
    booster = qgbm.train(params, train, num_boost_round=6, valid_sets=[train, valid],
                         valid_names=["train", "valid"], keep_training_booster=True,
                         callbacks=[qgbm.record_evaluation(record)])
    assert set(record) == {"train", "valid"}
    assert set(record["valid"]) == {"auc", "binary_logloss"}
    assert all(len(v) == 6 for d in record.values() for v in d.values())
    last = {(name, metric): value for name, metric, value, _ in booster.eval_valid()}
    assert record["valid"]["auc"][-1] == last[("valid", "auc")]
    assert record["train"]["binary_logloss"][0] > record["train"]["binary_logloss"][-1]
    assert booster.best_score["valid"]["auc"] == record["valid"]["auc"][-1]


def test_early_stopping_sets_best_iteration(binary_data):
    train, valid = _sets(binary_data)
    record: dict = {}
    # A large learning rate overfits quickly, so the validation loss turns within 60 rounds.
    params = dict(BASE_PARAMS, metric="binary_logloss", learning_rate=0.8, num_leaves=63,
                  min_data_in_leaf=2)
    booster = qgbm.train(params, train, num_boost_round=60, valid_sets=[valid],
                         callbacks=[qgbm.early_stopping(3, verbose=False),
                                    qgbm.record_evaluation(record)])
    losses = record["valid_0"]["binary_logloss"]
    best = int(np.argmin(losses)) + 1
    assert booster.best_iteration == best
    assert len(losses) == best + 3
    assert booster.best_score["valid_0"]["binary_logloss"] == min(losses)
    # Without keep_training_booster the returned model keeps the best iteration's trees.
    assert booster.current_iteration() == best
    xt = binary_data[2]
    np.testing.assert_array_equal(booster.predict(xt), booster.predict(xt, num_iteration=best))


def test_early_stopping_from_params(binary_data):
    train, valid = _sets(binary_data)
    params = dict(BASE_PARAMS, metric="binary_logloss", learning_rate=0.8, num_leaves=63,
                  min_data_in_leaf=2, early_stopping_rounds=3, verbosity=-1)
    booster = qgbm.train(params, train, num_boost_round=60, valid_sets=[valid])
    assert 0 < booster.best_iteration < 57


@pytest.fixture
def logged_messages():
    """Registers a logger that collects qgbm's messages; restores the default one afterwards."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    logger = logging.getLogger("qgbm-test")
    logger.setLevel(logging.INFO)
    handler = Collect()
    logger.addHandler(handler)
    qgbm.register_logger(logger)
    try:
        yield messages
    finally:
        from qgbm import _log
        qgbm.register_logger(_log._PrintLogger())
        logger.removeHandler(handler)


def test_log_evaluation_and_register_logger(binary_data, logged_messages):
    train, valid = _sets(binary_data)
    qgbm.train(dict(BASE_PARAMS, metric="auc"), train, num_boost_round=4, valid_sets=[valid],
               callbacks=[qgbm.log_evaluation(period=2)])
    messages = logged_messages
    assert len(messages) == 2
    assert messages[0].startswith("[2]\tvalid_0's auc: ")


def test_exception_in_callback_propagates_and_booster_survives(binary_data):
    train, valid = _sets(binary_data)
    seen = {}

    def boom(env):
        seen["model"] = env.model
        if env.iteration == 2:
            raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        qgbm.train(BASE_PARAMS, train, num_boost_round=10, valid_sets=[valid], callbacks=[boom])
    model = seen["model"]
    assert model.current_iteration() == 3
    assert model.predict(binary_data[2]).shape == (len(binary_data[2]),)
    model.update()
    assert model.current_iteration() == 4


def test_lightgbm_style_callback_and_progress_bar(binary_data):
    pytest.importorskip("tqdm")
    train, valid = _sets(binary_data)
    calls = []

    def lightgbm_style(env):  # uses only the fields LightGBM's CallbackEnv has
        calls.append((env.iteration, env.begin_iteration, env.end_iteration,
                      env.evaluation_result_list[0][:2]))
    lightgbm_style.order = 5

    qgbm.train(dict(BASE_PARAMS, metric="auc"), train, num_boost_round=3, valid_sets=[valid],
               callbacks=[lightgbm_style, qgbm.progress_bar(disable=True)])
    assert calls == [(i, 0, 3, ("valid_0", "auc")) for i in range(3)]


def test_custom_eval_function(binary_data):
    train, valid = _sets(binary_data)
    record: dict = {}

    def error_rate(preds, data):
        return "my_error", float(np.mean((preds > 0.5) != data.get_label())), False

    qgbm.train(dict(BASE_PARAMS, metric="binary_error"), train, num_boost_round=3,
               valid_sets=[valid], feval=error_rate, callbacks=[qgbm.record_evaluation(record)])
    np.testing.assert_allclose(record["valid_0"]["my_error"], record["valid_0"]["binary_error"],
                               atol=1e-12)


def test_training_data_in_valid_sets_is_named_like_lightgbm(binary_data):
    train, valid = _sets(binary_data)
    record: dict = {}
    qgbm.train(dict(BASE_PARAMS, metric="auc"), train, num_boost_round=2,
               valid_sets=[train, valid], callbacks=[qgbm.record_evaluation(record)])
    assert list(record) == ["training", "valid_1"]


def test_register_logger_receives_the_core_s_messages(tmp_path, logged_messages):
    """Messages of the C++ core (here: a text column read as categorical) reach the logger."""
    path = tmp_path / "data.csv"
    path.write_text("y,color,x\n" + "".join(f"{i % 2},{'red' if i % 3 else 'blue'},{i}\n"
                                            for i in range(60)))
    qgbm.Dataset(str(path), params={"header": True, "verbose": 1}).construct()
    messages = logged_messages
    assert any("holds text" in m and "color" in m for m in messages), messages


def _leaf_values(node):
    if "leaf_value" in node and "split_feature" not in node:
        return [node["leaf_value"]]
    return _leaf_values(node["left_child"]) + _leaf_values(node["right_child"])


def test_reset_parameter_schedules_the_learning_rate(binary_data):
    x, y, _, _ = binary_data
    params = dict(BASE_PARAMS, objective="regression", learning_rate=0.1)
    steady = qgbm.train(params, qgbm.Dataset(x, y), num_boost_round=3)
    decayed = qgbm.train(params, qgbm.Dataset(x, y), num_boost_round=3,
                         callbacks=[qgbm.reset_parameter(learning_rate=[0.1, 0.1, 0.05])])
    a, b = steady.dump_model()["tree_info"], decayed.dump_model()["tree_info"]
    # The first two trees are the same; the third is the same tree at half the rate.
    assert _leaf_values(a[1]["tree_structure"]) == _leaf_values(b[1]["tree_structure"])
    np.testing.assert_array_equal(np.array(_leaf_values(b[2]["tree_structure"])) * 2,
                                  _leaf_values(a[2]["tree_structure"]))
    assert decayed.params["learning_rate"] == 0.05
    # A function of the iteration works too; other parameters cannot change while training.
    qgbm.train(params, qgbm.Dataset(x, y), num_boost_round=2,
               callbacks=[qgbm.reset_parameter(learning_rate=lambda i: 0.1 * 0.9 ** i)])
    with pytest.raises(qgbm.QGBMError, match="'num_leaves' cannot change during training"):
        qgbm.train(params, qgbm.Dataset(x, y), num_boost_round=2,
                   callbacks=[qgbm.reset_parameter(num_leaves=[7, 15])])
