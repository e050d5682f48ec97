"""Class weights of the binary losses: is_unbalance and scale_pos_weight (binary and multiclassova)
against LightGBM trained in the same test on the same file, and their parameter errors."""
import json

import numpy as np
import pytest

from helpers import auc_of, read_predictions

PARAMS = dict(num_leaves=15, learning_rate=0.1, min_data_in_bin=3, num_threads=1)
ROUNDS = 20


def imbalanced_file(path, rows=8000, classes=2, seed=3):
    """About 12% positives (binary) or one rare class (3 classes), 6 numeric columns."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 6))
    score = x[:, 0] + 0.5 * x[:, 1] ** 2 + 0.8 * rng.normal(size=rows)
    y = (score > 2.2).astype(int) if classes == 2 else np.digitize(score, [0.0, 2.2])
    np.savetxt(path, np.column_stack([y, x]), delimiter=",", fmt="%.6g")
    table = np.loadtxt(path, delimiter=",")  # LightGBM reads the very values qgbm reads
    return table[:, 1:], table[:, 0]


def splits(node):
    if "split_index" not in node:
        return []
    return ([(node["split_feature"], node["internal_count"])] + splits(node["left_child"])
            + splits(node["right_child"]))


def train_both(run_qgbm, tmp_path, x, y, objective, extra, quantized=False, num_class=1):
    import lightgbm as lgb

    cls = {"num_class": num_class} if num_class > 1 else {}
    run_qgbm("train", "data=d.csv", f"objective={objective}", f"num_iterations={ROUNDS}",
             f"use_quantized_grad={str(quantized).lower()}", "output_model=m.json", "verbosity=-1",
             *[f"{k}={str(v).lower()}" for k, v in {**PARAMS, **cls, **extra}.items()])
    run_qgbm("predict", "data=d.csv", "input_model=m.json", "output_result=p.txt")
    ours = read_predictions(tmp_path / "p.txt")
    booster = lgb.train({"objective": objective, "verbose": -1, **PARAMS, **cls, **extra},
                        lgb.Dataset(x, y, params={"min_data_in_bin": 3, "verbose": -1}), ROUNDS)
    return ours, booster, json.loads((tmp_path / "m.json").read_text())["trees"]


@pytest.mark.parametrize("extra", [{"is_unbalance": True}, {"scale_pos_weight": 3.5}],
                         ids=["is_unbalance", "scale_pos_weight"])
def test_binary_class_weights_grow_lightgbms_trees(run_qgbm, tmp_path, extra):
    x, y = imbalanced_file(tmp_path / "d.csv")
    ours, booster, trees = train_both(run_qgbm, tmp_path, x, y, "binary", extra)
    theirs = booster.predict(x)
    expected = [sorted(splits(t["tree_structure"])) for t in booster.dump_model()["tree_info"]]
    for k, tree in enumerate(trees):
        assert sorted(zip(tree["split_feature"], tree["internal_count"])) == expected[k], k
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6)
    # The weights matter: heavier positives raise every probability well above the base rate.
    unweighted, _, _ = train_both(run_qgbm, tmp_path, x, y, "binary", {})
    assert ours.mean() > unweighted.mean() + 0.05, (ours.mean(), unweighted.mean())
    # Quantized training (the default) with the same weights: as good a ranking as LightGBM's.
    quantized, _, _ = train_both(run_qgbm, tmp_path, x, y, "binary", extra, quantized=True)
    assert auc_of(y, quantized) > auc_of(y, theirs) - 0.005
    assert abs(quantized.mean() - theirs.mean()) < 0.01


def test_multiclassova_is_unbalance_grows_lightgbms_trees(run_qgbm, tmp_path):
    x, y = imbalanced_file(tmp_path / "d.csv", classes=3)
    assert 0 < np.mean(y == 2) < 0.2  # one rare class
    _, booster, trees = train_both(run_qgbm, tmp_path, x, y, "multiclassova",
                                   {"is_unbalance": True}, num_class=3)
    expected = [sorted(splits(t["tree_structure"])) for t in booster.dump_model()["tree_info"]]
    assert len(trees) == len(expected) == 3 * ROUNDS
    for k, tree in enumerate(trees):
        assert sorted(zip(tree["split_feature"], tree["internal_count"])) == expected[k], k
    ours = np.loadtxt(tmp_path / "p.txt", ndmin=2)
    np.testing.assert_allclose(ours, booster.predict(x), rtol=0, atol=1e-6)


@pytest.mark.parametrize("args,needles", [
    (["is_unbalance=true", "scale_pos_weight=2"], ["is_unbalance", "scale_pos_weight", "together"]),
    (["scale_pos_weight=0"], ["scale_pos_weight", "> 0"]),
    (["is_unbalance=maybe"], ["is_unbalance", "maybe"]),
])
def test_bad_class_weight_parameters(run_qgbm, tmp_path, args, needles):
    imbalanced_file(tmp_path / "d.csv", rows=200)
    proc = run_qgbm("train", "data=d.csv", "objective=binary", "num_iterations=2",
                    "output_model=m.json", *args, check=False)
    assert proc.returncode in (1, 2), proc
    for needle in needles:
        assert needle in proc.stderr, (needle, proc.stderr)
    assert not (tmp_path / "m.json").exists()
