"""End to end: SHAP contributions, leaf indices, the JSON dump and feature importances."""
import itertools
import json
import math

import numpy as np
import pytest

from helpers import read_predictions


def binary_files(shared_data):
    return shared_data / "lightgbm_examples" / "binary.train", shared_data / "lightgbm_examples" / "binary.test"


def small_test_file(shared_data, tmp_path, rows=80):
    """The first rows of binary.test with some cells missing, so default directions are used."""
    _, test = binary_files(shared_data)
    lines = test.read_text().splitlines()[:rows]
    out = []
    for i, line in enumerate(lines):
        cells = line.split("\t")
        for j in range(1, len(cells)):
            if (i * 7 + j * 3) % 11 == 0:
                cells[j] = "NA"
        out.append("\t".join(cells))
    path = tmp_path / "small.test"
    path.write_text("\n".join(out) + "\n")
    x = np.array([[math.nan if c == "NA" else float(c) for c in l.split("\t")[1:]] for l in out],
                 dtype=np.float32)
    return path, x


def train(run_qgbm, shared_data, *extra, iterations=8, leaves=6):
    data, _ = binary_files(shared_data)
    run_qgbm("train", f"data={data}", "objective=binary", f"num_iterations={iterations}",
             f"num_leaves={leaves}", "output_model=m.json", "verbosity=-1", *extra)


def goes_left(node, row):
    v = row[node["split_feature"]]
    return node["default_left"] if math.isnan(v) else float(v) <= node["threshold"]


def cover(node):
    return node["leaf_count"] if "leaf_index" in node else node["internal_count"]


def expectation(node, row, known):
    """E[tree | features in `known` fixed to the row], the others integrated out by cover."""
    if "leaf_index" in node:
        return node["leaf_value"]
    if node["split_feature"] in known:
        return expectation(node["left_child" if goes_left(node, row) else "right_child"], row, known)
    l, r = cover(node["left_child"]), cover(node["right_child"])
    return (l * expectation(node["left_child"], row, known) + r * expectation(node["right_child"], row, known)) / (l + r)


def features_of(node):
    if "leaf_index" in node:
        return set()
    return {node["split_feature"]} | features_of(node["left_child"]) | features_of(node["right_child"])


def brute_force_shap(tree, row, num_features):
    """Shapley values by enumerating coalitions of the features the tree uses (the others are null players)."""
    used = sorted(features_of(tree))
    m = len(used)
    phi = np.zeros(num_features + 1)
    phi[-1] = expectation(tree, row, set())
    for i in used:
        others = [f for f in used if f != i]
        for size in range(m):
            weight = math.factorial(size) * math.factorial(m - size - 1) / math.factorial(m)
            for s in itertools.combinations(others, size):
                phi[i] += weight * (expectation(tree, row, set(s) | {i}) - expectation(tree, row, set(s)))
    return phi


@pytest.mark.parametrize("quantized", ["true", "false"])
def test_contributions_sum_to_raw_scores_and_match_brute_force(run_qgbm, tmp_path, shared_data, quantized):
    train(run_qgbm, shared_data, f"use_quantized_grad={quantized}")
    test, x = small_test_file(shared_data, tmp_path)
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=c.txt", "predict_contrib=true")
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=r.txt", "raw_score=true")
    run_qgbm("dump", "input_model=m.json", "output_result=dump.json")
    contrib = np.loadtxt(tmp_path / "c.txt", ndmin=2)
    raw = read_predictions(tmp_path / "r.txt")
    assert contrib.shape == (len(x), 29)
    np.testing.assert_allclose(contrib.sum(axis=1), raw, rtol=0, atol=1e-6)
    dump = json.loads((tmp_path / "dump.json").read_text())
    for r in range(0, len(x), 8):
        want = np.zeros(29)
        want[-1] = dump["init_score"][0]
        for tree in dump["tree_info"]:
            want += brute_force_shap(tree["tree_structure"], x[r], 28)
        np.testing.assert_allclose(contrib[r], want, rtol=0, atol=1e-9)


def test_contrib_alias_iterations_and_threads(run_qgbm, tmp_path, shared_data):
    train(run_qgbm, shared_data)
    test, x = small_test_file(shared_data, tmp_path)
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=a.txt", "contrib=true",
             "num_threads=1", "num_iteration_predict=3")
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=b.txt",
             "is_predict_contrib=true", "num_threads=2", "num_iteration_predict=3")
    assert (tmp_path / "a.txt").read_text() == (tmp_path / "b.txt").read_text()
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=r.txt", "raw_score=true",
             "num_iteration_predict=3")
    np.testing.assert_allclose(np.loadtxt(tmp_path / "a.txt").sum(axis=1), read_predictions(tmp_path / "r.txt"),
                               atol=1e-6)


def test_leaf_indices_follow_the_dumped_trees(run_qgbm, tmp_path, shared_data):
    train(run_qgbm, shared_data)
    test, x = small_test_file(shared_data, tmp_path)
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=l.txt", "leaf_index=true")
    run_qgbm("dump", "input_model=m.json", "output_result=dump.json")
    text = (tmp_path / "l.txt").read_text().splitlines()
    assert all(line.count("\t") == 7 for line in text)
    leaves = np.array([[int(v) for v in line.split("\t")] for line in text])
    dump = json.loads((tmp_path / "dump.json").read_text())
    for r, row in enumerate(x):
        for t, tree in enumerate(dump["tree_info"]):
            node = tree["tree_structure"]
            while "leaf_index" not in node:
                node = node["left_child" if goes_left(node, row) else "right_child"]
            assert leaves[r, t] == node["leaf_index"]


def test_dump_and_importance(run_qgbm, tmp_path, shared_data):
    data, _ = binary_files(shared_data)
    header = ",".join(["label"] + [f"x{i}" for i in range(28)])
    csv = tmp_path / "named.csv"
    rows = [line.replace("\t", ",") for line in data.read_text().splitlines()[:2000]]
    csv.write_text(header + "\n" + "\n".join(rows) + "\n")
    run_qgbm("train", f"data={csv}", "header=true", "label_column=name:label", "objective=binary",
             "num_iterations=5", "num_leaves=5", "output_model=m.json", "verbosity=-1")
    run_qgbm("task=dump", "input_model=m.json", "output_result=d.json", "saved_feature_importance_type=1")
    dump = json.loads((tmp_path / "d.json").read_text())
    assert dump["feature_names"] == [f"x{i}" for i in range(28)]
    assert dump["num_class"] == 1 and dump["num_tree_per_iteration"] == 1 and dump["objective"] == "binary"
    assert len(dump["tree_info"]) == 5 and dump["feature_importance_type"] == "gain"
    root = dump["tree_info"][0]["tree_structure"]
    assert root["split_feature_name"] == f"x{root['split_feature']}"
    assert {"threshold", "decision_type", "default_left", "missing_type", "split_gain", "internal_value",
            "internal_count", "left_child", "right_child"} <= root.keys()
    # The importance listing agrees with the dump: gains by name, and split counts by node count.
    proc = run_qgbm("importance", "input_model=m.json", "saved_feature_importance_type=1")
    lines = proc.stdout.splitlines()
    assert lines[0] == "feature_importances:"
    gains = {k: float(v) for k, v in (l.split("=") for l in lines[1:])}
    assert gains == pytest.approx(dump["feature_importances"], rel=1e-12)
    assert list(gains) == sorted(gains, key=lambda k: -gains[k])
    splits = dict(l.split("=") for l in run_qgbm("importance", "input_model=m.json").stdout.splitlines()[1:])
    assert sum(int(v) for v in splits.values()) == sum(t["num_leaves"] - 1 for t in dump["tree_info"])
    # The first two iterations only; more iterations than the model has means all of them.
    run_qgbm("dump", "input_model=m.json", "output_result=d2.json", "num_iteration_predict=2")
    assert len(json.loads((tmp_path / "d2.json").read_text())["tree_info"]) == 2
    run_qgbm("dump", "input_model=m.json", "output_result=d3.json", "num_iteration_predict=1000")
    assert json.loads((tmp_path / "d3.json").read_text())["tree_info"] == dump["tree_info"]


BAD = {
    "contrib with leaf index": (["predict", "predict_contrib=true", "predict_leaf_index=true"],
                                ["predict_contrib", "predict_leaf_index"]),
    "unknown importance type": (["importance", "saved_feature_importance_type=2"], ["saved_feature_importance_type"]),
    "dump without model": (["dump", "output_result=d.json"], ["input_model"]),
    "importance of a missing model": (["importance", "input_model=nope.json"], ["nope.json"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_insight_input(run_qgbm, tmp_path, shared_data, case):
    train(run_qgbm, shared_data, iterations=2)
    _, test = binary_files(shared_data)
    args, needles = BAD[case]
    extra = [f"data={test}", "input_model=m.json"] if args[0] == "predict" else []
    if case == "unknown importance type":
        extra = ["input_model=m.json"]
    proc = run_qgbm(*args, *extra, check=False)
    assert proc.returncode != 0 and "[Fatal]" in proc.stderr, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (case, proc.stderr)
    assert not (tmp_path / "d.json").exists()


def test_contrib_with_raw_score_is_the_same(run_qgbm, tmp_path, shared_data):
    """Contributions are raw-score values either way (LightGBM ignores raw_score with pred_contrib)."""
    train(run_qgbm, shared_data, iterations=3)
    test, _ = small_test_file(shared_data, tmp_path, rows=20)
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=a.txt", "predict_contrib=true")
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=b.txt", "predict_contrib=true",
             "predict_raw_score=true")
    assert (tmp_path / "a.txt").read_text() == (tmp_path / "b.txt").read_text()
