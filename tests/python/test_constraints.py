"""Monotone and interaction constraints and depth-wise growth, end to end through the CLI, against
LightGBM (monotone) and XGBoost (depthwise) trained in the same test on the same data. The anchors
run on one thread: their OpenMP barriers stall on a busy CI machine."""
import json

import numpy as np
import pytest

N_TRAIN, N_TEST, N_FEATURES = 4000, 1000, 5
MONOTONE = [1, -1, 0, 0, 0]


def make_data(seed=0):
    """A noisy signal that is not monotone in x0 (rises with wiggles) nor in x1 (falls with wiggles)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, size=(N_TRAIN + N_TEST, N_FEATURES))
    y = (3 * x[:, 0] + 0.8 * np.sin(10 * x[:, 0]) - 2 * x[:, 1] + 0.8 * np.cos(9 * x[:, 1])
         + x[:, 2] * x[:, 3] + 0.5 * np.sin(6 * x[:, 4]) + rng.normal(0, 0.3, len(x)))
    return x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:]


def write_csv(path, x, y):
    np.savetxt(path, np.column_stack([y, x]), delimiter=",", fmt="%.9g")
    return path


def qgbm_train(run_qgbm, tmp_path, train, name, **params):
    model = tmp_path / f"{name}.json"
    run_qgbm("train", f"data={train}", f"output_model={model}", "verbosity=-1", "num_threads=2",
             *[f"{k}={v}" for k, v in params.items()])
    return model


def qgbm_predict(run_qgbm, tmp_path, model, x):
    data = write_csv(tmp_path / "predict_input.csv", x, np.zeros(len(x)))
    out = tmp_path / "predict_output.txt"
    run_qgbm("predict", f"data={data}", f"input_model={model}", f"output_result={out}",
             "num_threads=2")
    return np.loadtxt(out)


def rmse(a, b):
    return float(np.sqrt(np.mean((a - b) ** 2)))


def monotone_grid(x_rows, feature, steps=41):
    """Every row of x_rows repeated with `feature` swept over [0, 1]."""
    grid = np.repeat(x_rows, steps, axis=0)
    grid[:, feature] = np.tile(np.linspace(0, 1, steps), len(x_rows))
    return grid


COMMON = dict(objective="regression", num_iterations=100, learning_rate=0.1, num_leaves=31,
              min_data_in_leaf=20, max_bin=255)


@pytest.mark.parametrize("quantized", [True, False])
def test_monotone_predictions_and_accuracy_match_lightgbm(run_qgbm, tmp_path, quantized):
    import lightgbm as lgb

    x, y, xt, yt = make_data()
    train = write_csv(tmp_path / "train.csv", x, y)
    params = dict(COMMON, monotone_constraints=",".join(map(str, MONOTONE)),
                  use_quantized_grad=str(quantized).lower())
    model = qgbm_train(run_qgbm, tmp_path, train, "mono", **params)
    rows = np.random.default_rng(1).uniform(0, 1, size=(60, N_FEATURES))
    grids = np.vstack([monotone_grid(rows, 0), monotone_grid(rows, 1)])
    preds = qgbm_predict(run_qgbm, tmp_path, model, np.vstack([grids, xt]))
    sweep = preds[:len(grids)].reshape(2, 60, -1)
    assert np.all(np.diff(sweep[0], axis=1) >= 0), "not increasing in feature 0"
    assert np.all(np.diff(sweep[1], axis=1) <= 0), "not decreasing in feature 1"
    assert sweep[0, :, -1].mean() - sweep[0, :, 0].mean() > 1.5  # the constrained signal is learned
    ours = rmse(preds[len(grids):], yt)

    booster = lgb.train(dict(COMMON, monotone_constraints=MONOTONE, monotone_constraints_method="basic",
                             use_quantized_grad=quantized, verbose=-1, num_threads=1),
                        lgb.Dataset(x, y), COMMON["num_iterations"])
    theirs = rmse(booster.predict(xt), yt)
    unconstrained = qgbm_predict(run_qgbm, tmp_path,
                                 qgbm_train(run_qgbm, tmp_path, train, "free",
                                            **dict(COMMON, use_quantized_grad=str(quantized).lower())),
                                 xt)
    # The wiggles are lost to the constraint (unconstrained is better); LightGBM loses as much.
    assert ours < theirs * 1.03, (ours, theirs)
    assert rmse(unconstrained, yt) < ours, (rmse(unconstrained, yt), ours)


@pytest.mark.parametrize("objective", ["regression_l1", "quantile"])
def test_monotone_holds_when_the_objective_renews_its_leaves(run_qgbm, tmp_path, objective):
    """L1 and quantile refit each leaf to a percentile after growth: the refit stays in bounds."""
    x, y, _, _ = make_data()
    train = write_csv(tmp_path / "train.csv", x, y)
    model = qgbm_train(run_qgbm, tmp_path, train, objective,
                       **dict(COMMON, objective=objective, num_iterations=40,
                              monotone_constraints=",".join(map(str, MONOTONE))))
    rows = np.random.default_rng(2).uniform(0, 1, size=(60, N_FEATURES))
    preds = qgbm_predict(run_qgbm, tmp_path, model,
                         np.vstack([monotone_grid(rows, 0), monotone_grid(rows, 1)]))
    sweep = preds.reshape(2, 60, -1)
    assert np.all(np.diff(sweep[0], axis=1) >= 0), "not increasing in feature 0"
    assert np.all(np.diff(sweep[1], axis=1) <= 0), "not decreasing in feature 1"


def branch_features(tree, node=0, used=frozenset()):
    if tree["num_leaves"] == 1:
        return [used]
    if node < 0:
        return [used]
    used = used | {tree["split_feature"][node]}
    return (branch_features(tree, tree["left_child"][node], used)
            + branch_features(tree, tree["right_child"][node], used))


@pytest.mark.parametrize("quantized", [True, False])
def test_interaction_constraints_keep_every_branch_in_one_set(run_qgbm, tmp_path, quantized):
    import lightgbm as lgb

    x, y, xt, yt = make_data()
    train = write_csv(tmp_path / "train.csv", x, y)
    params = dict(COMMON, num_iterations=50)
    model = qgbm_train(run_qgbm, tmp_path, train, "inter", **dict(
        params, interaction_constraints="[0,1],[1,2,3]", use_quantized_grad=str(quantized).lower()))
    sets = [{0, 1}, {1, 2, 3}]
    used = set()
    for tree in json.loads(model.read_text())["trees"]:
        for branch in branch_features(tree):
            used |= branch
            assert any(branch <= s for s in sets), branch
    assert 4 not in used and used >= {0, 1, 2, 3}
    ours = rmse(qgbm_predict(run_qgbm, tmp_path, model, xt), yt)
    booster = lgb.train(dict(params, interaction_constraints=[[0, 1], [1, 2, 3]],
                             use_quantized_grad=quantized, verbose=-1, num_threads=1),
                        lgb.Dataset(x, y), params["num_iterations"])
    theirs = rmse(booster.predict(xt), yt)
    assert ours < theirs * 1.03, (ours, theirs)


def leaf_depths(tree, node=0, depth=0):
    """{leaf index: depth}"""
    if tree["num_leaves"] == 1:
        return {0: 0}
    if node < 0:
        return {~node: depth}
    return {**leaf_depths(tree, tree["left_child"][node], depth + 1),
            **leaf_depths(tree, tree["right_child"][node], depth + 1)}


@pytest.mark.parametrize("quantized", [True, False])
def test_depthwise_trees_are_complete_and_match_xgboost(run_qgbm, tmp_path, quantized):
    import xgboost as xgb

    x, y, xt, yt = make_data()
    train = write_csv(tmp_path / "train.csv", x, y)
    depth, rounds = 4, 60
    mode = str(quantized).lower()
    # Without L2 any split of noisy rows gains, so a leaf above max_depth is one too small to
    # split (fewer than 2 * min_data_in_leaf rows): the trees are complete wherever they can be.
    model = qgbm_train(run_qgbm, tmp_path, train, "complete", objective="regression",
                       grow_policy="depthwise", max_depth=depth, num_iterations=20, lambda_l2=0,
                       min_data_in_leaf=20, use_quantized_grad=mode)
    complete = 0
    for tree in json.loads(model.read_text())["trees"]:
        for leaf, d in leaf_depths(tree).items():
            assert d == depth or (d < depth and tree["leaf_count"][leaf] < 40), (leaf, d)
        complete += tree["num_leaves"] == 2 ** depth
    assert complete >= 10
    # XGBoost's regularisation: a leaf whose best split loses (lambda > 0) stays a leaf.
    model = qgbm_train(run_qgbm, tmp_path, train, "depthwise", objective="regression",
                       grow_policy="depthwise", max_depth=depth, num_iterations=rounds,
                       learning_rate=0.1, lambda_l2=1, min_data_in_leaf=0,
                       min_sum_hessian_in_leaf=0, max_bin=256, use_quantized_grad=mode)
    for tree in json.loads(model.read_text())["trees"]:
        assert max(leaf_depths(tree).values()) <= depth and tree["num_leaves"] <= 2 ** depth
    ours = rmse(qgbm_predict(run_qgbm, tmp_path, model, xt), yt)
    booster = xgb.train(dict(tree_method="hist", grow_policy="depthwise", max_depth=depth, eta=0.1,
                             reg_lambda=1, min_child_weight=0, max_bin=256, nthread=1,
                             base_score=float(np.mean(y))),
                        xgb.DMatrix(x, y), rounds)
    theirs = rmse(booster.predict(xgb.DMatrix(xt)), yt)
    assert ours < theirs * 1.02, (ours, theirs)


def test_constrained_depthwise_models_do_not_depend_on_threads(run_qgbm, tmp_path):
    x, y, _, _ = make_data()
    train = write_csv(tmp_path / "train.csv", x, y)
    trees = []
    # The last run caps the histogram pool: dropped histograms are rebuilt, same quantized trees.
    for threads, pool in ((1, -1), (2, -1), (2, 0.05)):
        model = tmp_path / f"m{threads}_{pool}.json"
        run_qgbm("train", f"data={train}", f"output_model={model}", "verbosity=-1",
                 f"num_threads={threads}", "num_iterations=20", "grow_policy=depthwise",
                 "max_depth=5", "monotone_constraints=1,-1,0,0,0", "monotone_penalty=0.5",
                 "interaction_constraints=[0,1,2],[2,3,4]", "bagging_fraction=0.8", "bagging_freq=1",
                 "feature_fraction=0.8", f"histogram_pool_size={pool}")
        trees.append(json.loads(model.read_text())["trees"])
    assert trees[0] == trees[1]
    assert trees[0] == trees[2]


DATA = "".join(f"{i % 2},{i * 0.1:.1f},{(i * 7) % 5},{i % 3}\n" for i in range(60))

ERRORS = {
    "monotone length": (["monotone_constraints=1,0"], ["monotone_constraints", "2 entries", "3 features"]),
    "monotone value": (["mc=1,2,0"], ["monotone_constraints", "'2'", "-1, 0 or 1"]),
    "interaction syntax": (["interaction_constraints=[0,1"], ["interaction_constraints", "never closed"]),
    "interaction not a number": (["interaction_constraints=[0,x]"], ["interaction_constraints", "'x'"]),
    "interaction index": (["interaction_constraints=[0,1],[2,5]"], ["interaction_constraints", "feature 5", "3 features"]),
    "depthwise without max_depth": (["grow_policy=depthwise"], ["grow_policy", "max_depth"]),
    "unknown grow policy": (["grow_policy=widthwise"], ["grow_policy", "widthwise"]),
    "unsupported monotone method": (["monotone_constraints_method=advanced"], ["monotone_constraints_method"]),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_constraint_errors(run_qgbm, tmp_path, case):
    extra, needles = ERRORS[case]
    data = tmp_path / "d.csv"
    data.write_text(DATA)
    proc = run_qgbm("train", f"data={data}", "objective=binary", "num_iterations=2",
                    "min_data_in_leaf=1", "output_model=m.json", *extra, check=False)
    assert proc.returncode != 0 and "[Fatal]" in proc.stderr, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (case, needle, proc.stderr)
    assert not (tmp_path / "m.json").exists()
