"""qgbm's numeric bin boundaries are LightGBM's: the same text data, max_bin and min_data_in_bin
give the same cut points, so full-precision trees split at the same thresholds.

The boundaries of one feature are read from a model that splits at every one of them: label =
the rank of the feature value, one L2 tree with more leaves than bins, min_data_in_leaf=1 and no
regularisation. Every leaf spanning two non-empty bins then has a split of positive gain, so the
tree's thresholds are exactly the cuts between non-empty bins, for LightGBM and for qgbm alike."""
import json

import numpy as np
import pytest

ROWS = 3000

STUMP_FREE = dict(objective="regression", num_iterations=1, learning_rate=1.0, num_leaves=400,
                  min_data_in_leaf=1, min_sum_hessian_in_leaf=0, lambda_l2=0)


def columns():
    rng = np.random.default_rng(7)
    many_zeros = np.where(rng.random(ROWS) < 0.5, 0.0, rng.normal(0, 10, ROWS))
    ties = np.where(rng.random(ROWS) < 0.4, 1.5, np.where(rng.random(ROWS) < 0.3, 7.0,
                                                           rng.normal(4, 2, ROWS)))
    return {
        "uniform": rng.uniform(0, 1, ROWS),
        "uniform_signed": rng.uniform(-3, 5, ROWS),
        "few_integers": rng.integers(0, 8, ROWS).astype(float),
        "heavy_ties": ties,
        "signed_many_zeros": many_zeros,
        "negative_only": -rng.exponential(2, ROWS),
        # 40 distinct values, some rarer than min_data_in_bin
        "few_distinct_skewed": np.minimum(rng.geometric(0.12, ROWS), 40) * 0.25 - 3,
        "constant": np.full(ROWS, 3.0),
        # NaN in the sample takes one of the max_bin bins
        "with_nan": np.where(rng.random(ROWS) < 0.1, np.nan, rng.uniform(-1, 2, ROWS)),
    }


def write_column(path, x):
    """Label = dense rank of x (NaN first), then x; six significant digits as text. With NaN
    ranked last the trees would differ by one split that is not about bins: LightGBM can split
    NaN away from a node whose numbers all lie in the last bin, qgbm's split search cannot."""
    rank = np.unique(np.nan_to_num(x, nan=-np.inf), return_inverse=True)[1]
    with open(path, "w") as f:
        for r, v in zip(rank, x):
            f.write(f"{r},{v:.6g}\n")


def lightgbm_thresholds(path, params):
    import lightgbm as lgb

    # LightGBM gets the file's values parsed to the nearest double (numpy's parser): its own text
    # parser trades the last bit for speed, which moves some cuts by a few units in the last place
    # (the same partition of the data, a threshold that prints differently).
    table = np.loadtxt(path, delimiter="," if path.suffix == ".csv" else None, ndmin=2)
    base = {"verbose": -1, "num_threads": 1, "feature_pre_filter": False,
            "max_bin": params["max_bin"], "min_data_in_bin": params["min_data_in_bin"]}
    train = lgb.Dataset(table[:, 1:], label=table[:, 0], params=base)
    booster = lgb.train({**base, **params}, train, params["num_iterations"])
    return [tree_thresholds(t["tree_structure"]) for t in booster.dump_model()["tree_info"]]


def tree_thresholds(node, field="threshold"):
    if "split_index" not in node:
        return []
    own = [(node["split_feature"], node[field])]
    return (own + tree_thresholds(node["left_child"], field)
            + tree_thresholds(node["right_child"], field))


def qgbm_trees(run_qgbm, tmp_path, path, params, header=False):
    model = tmp_path / "model.json"
    run_qgbm("train", f"data={path}", f"header={str(header).lower()}", f"output_model={model}",
             "verbosity=-1", "use_quantized_grad=false", "num_threads=1",
             *[f"{k}={v}" for k, v in params.items()])
    return json.loads(model.read_text())["trees"]


@pytest.mark.parametrize("max_bin,min_data_in_bin", [(255, 3), (63, 10), (15, 3)])
def test_cut_points_match_lightgbm(run_qgbm, tmp_path, max_bin, min_data_in_bin):
    params = {**STUMP_FREE, "max_bin": max_bin, "min_data_in_bin": min_data_in_bin}
    for name, x in columns().items():
        path = tmp_path / f"{name}.csv"
        write_column(path, x)
        expected = sorted(t for _, t in lightgbm_thresholds(path, params)[0])
        tree = qgbm_trees(run_qgbm, tmp_path, path, params)[0]
        got = sorted(tree.get("threshold", []))
        assert got == expected, (name, len(got), len(expected),
                                 [(a, b) for a, b in zip(got, expected) if a != b][:5])
        if name == "constant":
            assert got == []
        elif name in ("uniform", "uniform_signed", "heavy_ties"):
            assert len(got) >= max_bin // 2, (name, len(got))  # the limit binds: a real check


# binary: 30 trees of 31 leaves is a case where estimating each side's rows from its whole
# hessian (not LightGBM's per-bin estimates) already gave a different 7th tree.
@pytest.mark.parametrize("objective,iterations,leaves", [("regression", 3, 15), ("binary", 30, 31)])
def test_full_precision_trees_match_lightgbm(run_qgbm, tmp_path, shared_data, objective,
                                             iterations, leaves):
    """Same bins, same full-precision trees: the first trees split on the same features at the
    same thresholds and fit the same training predictions. Between two thresholds with nothing
    of the node between them (equal gain) both keep the one LightGBM's scan direction reaches
    first (the higher, unless NaN goes right), so even the thresholds are identical. With
    varying hessians (binary) the rows of each side are estimated from hessians as LightGBM
    estimates them, so the same splits pass or fail min_data_in_leaf."""
    import lightgbm as lgb

    src = shared_data / "lightgbm_examples" / "binary.train"
    rows = src.read_text().splitlines()[:2000]
    path = tmp_path / "small.tsv"
    path.write_text("\n".join(rows) + "\n")
    params = dict(objective=objective, num_iterations=iterations, learning_rate=0.1,
                  num_leaves=leaves, min_data_in_leaf=20, max_bin=255, min_data_in_bin=3)
    table = np.loadtxt(path, ndmin=2)
    base = {"verbose": -1, "num_threads": 1, "max_bin": 255, "min_data_in_bin": 3}
    booster = lgb.train({**base, **params}, lgb.Dataset(table[:, 1:], label=table[:, 0],
                                                        params=base), params["num_iterations"])
    expected = [tree_thresholds(t["tree_structure"]) for t in booster.dump_model()["tree_info"]]
    trees = qgbm_trees(run_qgbm, tmp_path, path, params)
    assert len(trees) == len(expected)
    same = total = 0
    for k, (tree, lgb_splits) in enumerate(zip(trees, expected)):
        # Same splits: features with the rows they split, and mostly the very thresholds.
        counts = tree_thresholds(booster.dump_model()["tree_info"][k]["tree_structure"],
                                 "internal_count")
        assert sorted(zip(tree["split_feature"], tree["internal_count"])) == sorted(counts), k
        ours = set(zip(tree["split_feature"], tree["threshold"]))
        same += len(ours & set(lgb_splits))
        total += len(lgb_splits)
    out = tmp_path / "train.pred"
    run_qgbm("predict", f"data={path}", "header=false", f"input_model={tmp_path / 'model.json'}",
             f"output_result={out}")
    # LightGBM keeps binary gradients and hessians in float32 (qgbm too, but computed from
    # double scores), so leaf values agree to about 1e-8 there and to the last bits for L2.
    atol = 1e-9 if objective == "regression" else 1e-7
    np.testing.assert_allclose(np.loadtxt(out), booster.predict(table[:, 1:]), rtol=0, atol=atol)
    if objective == "regression":
        assert same == total, (same, total)
    else:
        # Between two thresholds with none of a node's rows between them, the equal gains are
        # equal only up to the rounding of float histograms made by subtraction (an "empty" bin
        # may hold 1e-17), so an odd one of these ties can go the other way; the rows and every
        # prediction are the same (checked above).
        assert same >= 0.99 * total, (same, total)
