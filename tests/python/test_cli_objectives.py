"""End to end: the pointwise objectives (regression_l1, huber, quantile, mape, fair, poisson, gamma,
tweedie, cross_entropy) train through the CLI and match LightGBM trained in the same test on the same
rows with the same parameters; initial scores equal LightGBM's; weights and init scores from side
files work; several metrics and early stopping on the first of them work."""
import json
import re

import numpy as np
import pandas as pd
import pytest

ROWS = 4000  # a subsample keeps each test to a few seconds
COMMON = dict(num_leaves=31, learning_rate=0.1, min_data_in_leaf=20, max_bin=255, num_threads=2)


def load(shared_data, name, rows=ROWS, seed=0):
    """A numeric frame, label first: string categories become ordinal codes."""
    if name == "california":
        df = pd.read_csv(shared_data / "california_housing" / "housing.csv.gz")
        df["ocean_proximity"] = df["ocean_proximity"].astype("category").cat.codes
        df["label"] = df.pop("median_house_value") / 100000.0
    elif name == "bike":
        df = pd.read_csv(shared_data / "bike_sharing" / "bike_sharing_hourly.csv.gz")
        df = df.drop(columns=["date", "casual", "registered"])
        df["label"] = df.pop("count").astype(float)
    else:
        df = pd.read_csv(shared_data / "diamonds" / "diamonds.csv.gz")
        for col in ("cut", "color", "clarity"):
            df[col] = df[col].astype("category").cat.codes
        df["label"] = df.pop("price").astype(float)
    df = df[["label"] + [c for c in df.columns if c != "label"]]
    return df.iloc[np.random.default_rng(seed).permutation(len(df))[:rows]].reset_index(drop=True)


def write_split(df, tmp_path):
    cut = int(len(df) * 0.75)
    train, test = df.iloc[:cut], df.iloc[cut:]
    paths = tmp_path / "train.csv", tmp_path / "test.csv"
    train.to_csv(paths[0], index=False)
    test.to_csv(paths[1], index=False)
    return train, test, paths


def qgbm_predict(run_qgbm, tmp_path, train_path, test_path, params, rounds, raw=False):
    model = tmp_path / "model.json"
    run_qgbm("train", f"data={train_path}", "header=true", f"num_iterations={rounds}",
             f"output_model={model}", "verbosity=-1", *[f"{k}={v}" for k, v in params.items()])
    out = tmp_path / "pred.txt"
    run_qgbm("predict", f"data={test_path}", "header=true", f"input_model={model}",
             f"output_result={out}", f"predict_raw_score={str(raw).lower()}")
    return np.loadtxt(out, ndmin=1), json.loads(model.read_text())


def lightgbm_predict(train, test, params, rounds, weight=None, init_score=None, raw=False):
    import lightgbm as lgb

    data = lgb.Dataset(train.iloc[:, 1:].to_numpy(), train.iloc[:, 0].to_numpy(), weight=weight,
                       init_score=init_score, params={"max_bin": params["max_bin"], "verbose": -1})
    booster = lgb.train({**params, "verbose": -1}, data, rounds)
    return booster.predict(test.iloc[:, 1:].to_numpy(), raw_score=raw), booster


# LightGBM's metric of each objective (its default metric), unit weights.
def metric(objective, p, y, alpha=0.9, rho=1.5):
    if objective == "regression_l1":
        return np.mean(np.abs(p - y))
    if objective == "huber":
        d = np.abs(p - y)
        return np.mean(np.where(d <= alpha, 0.5 * d * d, alpha * (d - 0.5 * alpha)))
    if objective == "quantile":
        delta = y - p
        return np.mean(np.where(delta < 0, (alpha - 1) * delta, alpha * delta))
    if objective == "mape":
        return np.mean(np.abs(y - p) / np.maximum(1.0, np.abs(y)))
    if objective == "fair":
        x = np.abs(p - y)
        return np.mean(x - np.log1p(x))  # fair_c = 1
    # The log-link losses are compared on their deviance (0 for a perfect fit): their likelihood
    # carries a large constant that would hide differences.
    if objective == "poisson":
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(y > 0, y * np.log(y / p), 0.0)
        return np.mean(2 * (term - (y - p)))
    if objective == "gamma":
        return np.mean(2 * (y / p - np.log(y / p) - 1))
    if objective == "tweedie":
        return np.mean(2 * (y ** (2 - rho) / ((1 - rho) * (2 - rho)) - y * p ** (1 - rho) / (1 - rho)
                            + p ** (2 - rho) / (2 - rho)))
    if objective == "cross_entropy":
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))
    raise ValueError(objective)


# (objective, dataset, extra parameters, tolerance on qgbm's metric above LightGBM's).
# benchmarks/breadth/regression_losses.py measures every loss within 1% of LightGBM on the full
# datasets (300 iterations). On 3000 training rows and 60 iterations the two differ more, mostly
# because their bin boundaries differ (a different root threshold changes every later tree):
# over two or three subsamples qgbm was between -4.4% and +5.3% of LightGBM (gamma +5.3% at
# worst, quantile +2.9%, fair +2.0%, huber +1.4%, l1 +0.3%, mape +0.1%, cross_entropy +0.15%,
# poisson and tweedie below LightGBM). The tolerances sit just above that measured spread.
CASES = [
    ("regression_l1", "california", {}, 0.02),
    ("huber", "california", {"alpha": 0.9}, 0.03),
    ("quantile", "california", {"alpha": 0.8}, 0.04),
    ("mape", "california", {}, 0.02),
    ("fair", "california", {"fair_c": 1.0}, 0.03),
    ("poisson", "bike", {}, 0.04),
    ("tweedie", "bike", {"tweedie_variance_power": 1.3}, 0.04),
    ("gamma", "diamonds", {}, 0.07),
    ("cross_entropy", "california", {}, 0.01),
]


@pytest.mark.parametrize("objective,dataset,extra,tolerance", CASES, ids=[c[0] for c in CASES])
def test_objective_matches_lightgbm(run_qgbm, tmp_path, shared_data, objective, dataset, extra,
                                    tolerance):
    df = load(shared_data, dataset)
    if objective == "cross_entropy":
        df["label"] = df["label"] / 5.00001  # house values as a probability-like label in [0, 1]
    train, test, (train_path, test_path) = write_split(df, tmp_path)
    params = {**COMMON, "objective": objective, **extra}
    y = test.iloc[:, 0].to_numpy()
    rho = extra.get("tweedie_variance_power", 1.5)
    alpha = extra.get("alpha", 0.9)
    scores = {}
    for quantized in ("true", "false"):
        pred, _ = qgbm_predict(run_qgbm, tmp_path, train_path, test_path,
                               {**params, "use_quantized_grad": quantized}, 60)
        scores[quantized] = metric(objective, pred, y, alpha, rho)
    lgb_pred, _ = lightgbm_predict(train, test, params, 60)
    reference = metric(objective, lgb_pred, y, alpha, rho)
    for quantized, value in scores.items():
        assert value <= reference * (1 + tolerance), (objective, quantized, value, reference)


@pytest.mark.parametrize("objective,alpha", [("regression_l1", 0.5), ("quantile", 0.25),
                                             ("quantile", 0.9)])
def test_initial_score_equals_lightgbm(run_qgbm, tmp_path, shared_data, objective, alpha):
    df = load(shared_data, "california", rows=1001)
    train, test, (train_path, test_path) = write_split(df, tmp_path)
    weights = 0.5 + (np.arange(len(train)) % 4)
    for weighted in (False, True):
        if weighted:
            (tmp_path / "train.csv.weight").write_text("\n".join(map(str, weights)) + "\n")
        params = {**COMMON, "objective": objective, "alpha": alpha}
        _, model = qgbm_predict(run_qgbm, tmp_path, train_path, test_path, params, 1)
        # With no possible split LightGBM's one tree is a single leaf holding its initial score.
        _, booster = lightgbm_predict(train, test, {**params, "min_data_in_leaf": 100000}, 1,
                                      weight=weights if weighted else None)
        expected = booster.dump_model()["tree_info"][0]["tree_structure"]["leaf_value"]
        assert model["init_score"][0] == pytest.approx(expected, rel=1e-6), (weighted, expected)


def test_weights_and_init_scores_from_side_files(run_qgbm, tmp_path, shared_data):
    df = load(shared_data, "bike")
    train, test, (train_path, test_path) = write_split(df, tmp_path)
    rng = np.random.default_rng(4)
    weights = rng.uniform(0.5, 2.0, len(train))
    # An init score per row: log of a rough hourly profile, as a user would give a base model.
    hourly = np.log(train.groupby("hour")["label"].mean())
    init_train, init_test = hourly[train["hour"]].to_numpy(), hourly[test["hour"]].to_numpy()
    (tmp_path / "train.csv.weight").write_text("\n".join(f"{w:.6f}" for w in weights) + "\n")
    (tmp_path / "train.csv.init").write_text("\n".join(f"{v:.9f}" for v in init_train) + "\n")
    params = {**COMMON, "objective": "poisson"}
    raw, model = qgbm_predict(run_qgbm, tmp_path, train_path, test_path, params, 40, raw=True)
    assert model["init_score"] == [0.0]  # given init scores replace boost_from_average
    lgb_raw, _ = lightgbm_predict(train, test, params, 40, weight=weights, init_score=init_train,
                                  raw=True)
    y = test.iloc[:, 0].to_numpy()
    q = metric("poisson", np.exp(raw + init_test), y)
    reference = metric("poisson", np.exp(lgb_raw + init_test), y)
    baseline = metric("poisson", np.exp(init_test), y)
    assert q < 0.7 * baseline, (q, baseline)  # the trees improve on the given scores
    assert q <= reference * 1.04, (q, reference)


def evaluations(stderr):
    """{metric: [values per logged iteration]} from the CLI's evaluation lines."""
    out = {}
    for line in stderr.splitlines():
        for name, value in re.findall(r"'s (\w+): (\S+)", line):
            out.setdefault(name, []).append(float(value))
    return out


def test_several_metrics_and_early_stopping(run_qgbm, tmp_path, shared_data):
    df = load(shared_data, "california")
    train, test, (train_path, test_path) = write_split(df, tmp_path)
    runs = {}
    for first_only in ("true", "false"):
        proc = run_qgbm("train", f"data={train_path}", f"valid={test_path}", "header=true",
                        "objective=huber", "alpha=0.5", "metric=huber,mape,l2",
                        "num_iterations=400", "early_stopping_round=10",
                        f"first_metric_only={first_only}", "output_model=m.json", "num_threads=2")
        best = json.loads((tmp_path / "m.json").read_text())["best_iteration"]
        values = evaluations(proc.stderr)
        assert set(values) == {"huber", "mape", "l2"}
        assert len({len(v) for v in values.values()}) == 1  # every metric at every iteration
        assert 0 < best < 400 and "early stopping" in proc.stderr
        runs[first_only] = best, values

    # Logged values have 6 significant digits, so a minimizer is compared by value, not index.
    def minimizes(run, name):
        best, values = runs[run]
        return values[name][best - 1] == min(values[name])

    # Only the first metric (huber, the objective's) is watched: training runs until it stalls.
    assert minimizes("true", "huber")
    # Every metric is watched: mape stalls long before huber, and its best is the model's.
    assert minimizes("false", "mape") and not minimizes("false", "huber")
    assert runs["false"][0] < runs["true"][0], (runs["false"][0], runs["true"][0])
