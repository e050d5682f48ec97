"""SHAP contributions on the very same trees as LightGBM: a LightGBM model is converted to a qgbm
model (numerical splits only) and qgbm's predict_contrib must equal LightGBM's pred_contrib, for a
binary and a multiclass model (LightGBM's layout: K blocks of num_features + 1 per row)."""
import json
import math

import numpy as np
import pytest


def lightgbm_to_qgbm(booster, k, objective, transform):
    """LightGBM's dump_model() as a qgbm model file (docs/model_format.md).

    LightGBM's missing_type "None" compares NaN as 0.0, so NaN goes where 0.0 goes; that is the
    default direction here. Its init score is folded into the first trees, so init_score is 0.
    """
    dump = booster.dump_model()
    trees = []
    for info in dump["tree_info"]:
        n = info["num_leaves"]
        t = {"num_leaves": n, "split_feature": [0] * (n - 1), "threshold": [0.0] * (n - 1),
             "default_left": [True] * (n - 1), "left_child": [0] * (n - 1), "right_child": [0] * (n - 1),
             "split_gain": [0.0] * (n - 1), "internal_value": [0.0] * (n - 1), "internal_count": [0] * (n - 1),
             "leaf_value": [0.0] * n, "leaf_count": [0] * n, "leaf_weight": [0.0] * n}
        stack = [info["tree_structure"]]
        while stack:
            node = stack.pop()
            if "split_index" not in node:
                leaf = node.get("leaf_index", 0)
                t["leaf_value"][leaf] = node["leaf_value"]
                t["leaf_count"][leaf] = node.get("leaf_count", 0)
                continue
            assert node["decision_type"] == "<=" and node["missing_type"] in ("None", "NaN")
            i, thr = node["split_index"], float(node["threshold"])
            t["split_feature"][i] = node["split_feature"]
            t["threshold"][i] = thr
            t["default_left"][i] = (0.0 <= thr) if node["missing_type"] == "None" else bool(node["default_left"])
            for side in ("left_child", "right_child"):
                c = node[side]
                t[side][i] = c["split_index"] if "split_index" in c else ~c.get("leaf_index", 0)
            t["split_gain"][i] = float(node["split_gain"])
            t["internal_count"][i] = node["internal_count"]
            stack += [node["left_child"], node["right_child"]]
        trees.append(t)
    names = dump["feature_names"]
    return {"format": "qgbm", "format_version": 1, "objective": objective, "output_transform": transform,
            "sigmoid": 1.0, "num_tree_per_iteration": k, "num_features": len(names), "feature_names": names,
            "init_score": [0.0] * k, "best_iteration": 0, "parameters": {}, "trees": trees}


def load(path, rows):
    data = np.loadtxt(path, max_rows=rows, dtype=np.float64)
    return data[:, 0], data[:, 1:].astype(np.float32)


@pytest.mark.parametrize("task", ["binary", "multiclass"])
def test_contributions_equal_lightgbm_pred_contrib(run_qgbm, tmp_path, shared_data, task):
    import lightgbm as lgb

    y, x = load(shared_data / "lightgbm_examples" / f"{task}.train", 3000)
    params = {"objective": task, "num_leaves": 15, "verbose": -1, "num_threads": 1, "min_data_in_leaf": 20}
    k = 1
    if task == "multiclass":
        k = int(y.max()) + 1
        params["num_class"] = k
    booster = lgb.train(params, lgb.Dataset(x, y), 8)
    model = lightgbm_to_qgbm(booster, k, task, "sigmoid" if k == 1 else "softmax")
    (tmp_path / "m.json").write_text(json.dumps(model))

    _, test = load(shared_data / "lightgbm_examples" / f"{task}.test", 60)
    test = test.copy()
    test[::7, 3] = np.nan  # missing values take LightGBM's way
    lines = ["\t".join(["0"] + ["nan" if math.isnan(v) else repr(float(v)) for v in row]) for row in test]
    (tmp_path / "t.tsv").write_text("\n".join(lines) + "\n")
    run_qgbm("predict", "data=t.tsv", "input_model=m.json", "output_result=c.txt", "predict_contrib=true")
    ours = np.loadtxt(tmp_path / "c.txt", ndmin=2)
    theirs = booster.predict(test, pred_contrib=True)
    assert ours.shape == theirs.shape == (len(test), k * (x.shape[1] + 1))
    assert np.abs(theirs).max() > 0.1  # real contributions, not all zeros
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)
    raw = booster.predict(test, raw_score=True).reshape(len(test), k)
    np.testing.assert_allclose(ours.reshape(len(test), k, -1).sum(axis=2), raw, rtol=0, atol=1e-9)
