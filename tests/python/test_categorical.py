"""Categorical features end to end: text columns, categorical_feature, saved models, threads,
errors, and accuracy against LightGBM's categorical handling on the same data."""
import json

import numpy as np
import pandas as pd
import pytest

from helpers import auc_of, read_predictions

CITIES = [f"city_{c}" for c in "abcdefghijkl"]
POSITIVE = {"city_b", "city_e", "city_g", "city_k"}


def synthetic_frame(rows, seed):
    """Label depends on a text column (12 cities, 4 of them positive) and a little on x."""
    rng = np.random.default_rng(seed)
    city = rng.choice(CITIES, rows)
    x = rng.uniform(size=rows)
    code = rng.integers(0, 3, rows)  # an integer-coded categorical column
    p = np.where(np.isin(city, list(POSITIVE)), 0.8, 0.2) + 0.1 * (x - 0.5) + 0.05 * (code == 1)
    y = (rng.uniform(size=rows) < p).astype(int)
    df = pd.DataFrame({"y": y, "city": city, "x": np.round(x, 4), "code": code})
    df.loc[rng.uniform(size=rows) < 0.02, "city"] = ""  # a few missing cities
    return df


def write_csv(df, path):
    df.to_csv(path, index=False)
    return path


def train(run_qgbm, data, model, *extra):
    return run_qgbm("train", f"data={data}", "header=true", "objective=binary", "num_iterations=20",
                    "num_leaves=8", "min_data_per_group=20", f"output_model={model}", "verbosity=-1",
                    *extra)


def predict(run_qgbm, tmp_path, data, model, out="p.txt", *extra):
    run_qgbm("predict", f"data={data}", "header=true", f"input_model={model}", f"output_result={out}",
             *extra)
    return read_predictions(tmp_path / out)


def test_text_columns_train_and_predict_with_unseen_values(run_qgbm, tmp_path):
    data = write_csv(synthetic_frame(3000, 1), tmp_path / "train.csv")
    train(run_qgbm, data, "m.json", "categorical_feature=name:code")
    model = json.loads((tmp_path / "m.json").read_text())
    assert model["format_version"] == 2
    assert model["category_names"][0] == sorted(CITIES)  # feature 0 is the city column
    assert model["category_names"][1] == [] and model["category_names"][2] == []
    assert any(any(t.get("is_categorical", [])) for t in model["trees"])
    test = synthetic_frame(1000, 2)
    p = predict(run_qgbm, tmp_path, write_csv(test, tmp_path / "test.csv"), "m.json")
    assert auc_of(test["y"], p) > 0.75
    # An unseen city goes the missing-value way: the same prediction as an empty cell.
    rows = pd.DataFrame({"y": [0, 0, 0], "city": ["city_z", "", "city_b"], "x": [0.5] * 3, "code": [0] * 3})
    p = predict(run_qgbm, tmp_path, write_csv(rows, tmp_path / "new.csv"), "m.json", "new.txt")
    assert p[0] == p[1] and p[2] > p[0]


def test_saved_models_and_threads_give_the_same_bits(run_qgbm, tmp_path):
    data = write_csv(synthetic_frame(4000, 3), tmp_path / "train.csv")
    test = write_csv(synthetic_frame(500, 4), tmp_path / "test.csv")
    for quantized in ("true", "false"):
        models = []
        for threads in (1, 2):
            name = f"m_{quantized}_{threads}.json"
            train(run_qgbm, data, name, f"num_threads={threads}", f"use_quantized_grad={quantized}",
                  "bagging_fraction=0.8", "bagging_freq=1", f"valid={test}")
            models.append((tmp_path / name).read_bytes())
        assert models[0] == models[1], quantized
    train(run_qgbm, data, "m.cbor", "model_format=cbor")
    train(run_qgbm, data, "m.json")
    a = predict(run_qgbm, tmp_path, test, "m.json", "a.txt")
    b = predict(run_qgbm, tmp_path, test, "m.cbor", "b.txt")
    assert (tmp_path / "a.txt").read_text() == (tmp_path / "b.txt").read_text()
    assert len(a) == len(b) == 500


def test_declared_integer_categories_match_lightgbm(run_qgbm, tmp_path):
    """Integer-coded categories: qgbm (quantized and full precision) against LightGBM with the same
    categorical parameters on the same files."""
    import lightgbm as lgb

    rng = np.random.default_rng(5)
    rows = 12000
    cat = rng.integers(0, 40, rows)
    effect = rng.normal(size=40)
    x = rng.normal(size=rows)
    y = (rng.uniform(size=rows) < 1 / (1 + np.exp(-(1.5 * effect[cat] + 0.5 * x)))).astype(int)
    df = pd.DataFrame({"y": y, "cat": cat, "x": x})
    train_df, test_df = df.iloc[:9000], df.iloc[9000:]
    data = write_csv(train_df, tmp_path / "train.csv")
    test = write_csv(test_df, tmp_path / "test.csv")
    aucs = {}
    for quantized in ("true", "false"):
        model = f"m_{quantized}.json"
        run_qgbm("train", f"data={data}", "header=true", "objective=binary", "num_iterations=50",
                 "num_leaves=15", "categorical_feature=0", f"use_quantized_grad={quantized}",
                 f"output_model={model}", "verbosity=-1")
        aucs[quantized] = auc_of(test_df["y"], predict(run_qgbm, tmp_path, test, model, f"{quantized}.txt"))
    params = {"objective": "binary", "num_leaves": 15, "verbose": -1, "num_threads": 1}
    booster = lgb.train(params, lgb.Dataset(train_df[["cat", "x"]], train_df["y"], categorical_feature=[0]), 50)
    lgb_auc = auc_of(test_df["y"], booster.predict(test_df[["cat", "x"]]))
    assert aucs["true"] > lgb_auc - 0.005, (aucs, lgb_auc)
    assert aucs["false"] > lgb_auc - 0.005, (aucs, lgb_auc)


ERRORS = {
    "non-integer category": ("y,a,b\n1,2,3\n0,2.5,3\n", ["categorical_feature=0"],
                             ["d.csv data row 2", "feature 0 ('a')", "not an integer", "2.5"]),
    "category index out of range": ("y,a,b\n1,2,3\n", ["categorical_feature=5"],
                                    ["categorical_feature=5", "d.csv"]),
    "unknown category name": ("y,a,b\n1,2,3\n", ["categorical_feature=name:c"],
                              ["categorical_feature", "no column named 'c'"]),
    "not an index": ("y,a,b\n1,2,3\n", ["categorical_feature=x1"], ["categorical_feature='x1'"]),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_bad_categorical_input(run_qgbm, tmp_path, case):
    text, extra, needles = ERRORS[case]
    (tmp_path / "d.csv").write_text(text)
    proc = run_qgbm("train", "data=d.csv", "header=true", "objective=binary", "num_iterations=2",
                    "min_data_in_leaf=1", "output_model=m.json", *extra, check=False)
    assert proc.returncode != 0 and "[Fatal]" in proc.stderr, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (case, needle, proc.stderr)
    assert not (tmp_path / "m.json").exists()


def test_text_in_a_numeric_column_at_prediction_is_an_error(run_qgbm, tmp_path):
    data = write_csv(synthetic_frame(500, 6), tmp_path / "train.csv")
    train(run_qgbm, data, "m.json")
    (tmp_path / "bad.csv").write_text("y,city,x,code\n1,city_a,0.5,1\n0,city_b,high,1\n")
    proc = run_qgbm("predict", "data=bad.csv", "header=true", "input_model=m.json", "output_result=p.txt",
                    check=False)
    assert proc.returncode != 0 and "bad.csv data row 2" in proc.stderr and "'high'" in proc.stderr, proc.stderr


def test_adult_text_columns_match_lightgbm(run_qgbm, tmp_path, shared_data):
    """Adult's 8 text columns read as categories by qgbm, as pandas categories by LightGBM."""
    import lightgbm as lgb

    frames = []
    for name in ("adult_train.csv.gz", "adult_test.csv.gz"):
        df = pd.read_csv(shared_data / "adult" / name)
        df["income"] = df["income"].astype(str).str.rstrip(".").eq(">50K").astype(int)
        frames.append(df[["income"] + [c for c in df.columns if c != "income"]])
    train_df, test_df = frames
    train_df.to_csv(tmp_path / "train.csv", index=False)
    test_df.to_csv(tmp_path / "test.csv", index=False)
    rounds = 60
    run_qgbm("train", "data=train.csv", "header=true", "objective=binary", f"num_iterations={rounds}",
             "output_model=m.json", "verbosity=-1", "num_threads=2")
    q = auc_of(test_df["income"], predict(run_qgbm, tmp_path, "test.csv", "m.json"))
    cats = [c for c in train_df.columns[1:] if not pd.api.types.is_numeric_dtype(train_df[c])]
    assert len(cats) == 8
    x_train, x_test = train_df.iloc[:, 1:].copy(), test_df.iloc[:, 1:].copy()
    for c in cats:
        known = pd.Categorical(x_train[c]).categories
        x_train[c] = pd.Categorical(x_train[c], categories=known)
        x_test[c] = pd.Categorical(x_test[c].where(x_test[c].isin(known)), categories=known)
    booster = lgb.train({"objective": "binary", "verbose": -1, "num_threads": 1},
                        lgb.Dataset(x_train, train_df["income"], categorical_feature=cats), rounds)
    lgb_auc = auc_of(test_df["income"], booster.predict(x_test))
    # 16,281 test rows: the AUC noise between equally good models is about 0.001.
    assert q > lgb_auc - 0.002, (q, lgb_auc)


def test_adult_full_precision_trees_are_lightgbms(run_qgbm, tmp_path, shared_data):
    """Full precision on adult grows LightGBM's trees: every split on the same feature with the same
    rows, categorical splits included. A column with no valid split in a leaf is not searched below
    it, as in LightGBM; without that, tree 108 already splits a leaf on education that LightGBM
    no longer searches there."""
    import lightgbm as lgb

    df = pd.read_csv(shared_data / "adult" / "adult_train.csv.gz")
    df["income"] = df["income"].astype(str).str.rstrip(".").eq(">50K").astype(int)
    df = df[["income"] + [c for c in df.columns if c != "income"]]
    df.to_csv(tmp_path / "train.csv", index=False)
    rounds = 150
    params = {"learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 20}
    run_qgbm("train", "data=train.csv", "header=true", "objective=binary", f"num_iterations={rounds}",
             "use_quantized_grad=false", "output_model=m.json", "verbosity=-1", "num_threads=2",
             *[f"{k}={v}" for k, v in params.items()])
    trees = json.loads((tmp_path / "m.json").read_text())["trees"]
    x = df.iloc[:, 1:].copy()
    cats = [c for c in x.columns if not pd.api.types.is_numeric_dtype(x[c])]
    for c in cats:
        x[c] = pd.Categorical(x[c])  # categories sorted, as qgbm numbers them
    booster = lgb.train({"objective": "binary", "verbose": -1, "num_threads": 1, **params},
                        lgb.Dataset(x, df["income"], categorical_feature=cats), rounds)

    def splits(node):
        if "split_index" not in node:
            return []
        return ([(node["split_feature"], node["internal_count"])] + splits(node["left_child"])
                + splits(node["right_child"]))

    expected = [sorted(splits(t["tree_structure"])) for t in booster.dump_model()["tree_info"]]
    assert len(trees) == rounds == len(expected)
    for k, tree in enumerate(trees):
        assert sorted(zip(tree["split_feature"], tree["internal_count"])) == expected[k], k
