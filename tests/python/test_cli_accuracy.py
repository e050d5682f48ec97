"""End to end: the CLI trains and predicts on real data, and matches LightGBM trained in the
same test with the same parameters."""
import numpy as np
import pytest

from helpers import auc_of, lightgbm_auc, read_predictions, split_csv

COMMON = dict(objective="binary", num_leaves=31, learning_rate=0.1, min_data_in_leaf=20,
              max_bin=255, num_threads=2)


def train_and_predict(run_qgbm, tmp_path, train, test, rounds, header, **extra):
    params = {**COMMON, **extra}
    model = tmp_path / f"model_{len(list(tmp_path.iterdir()))}.json"
    run_qgbm("train", f"data={train}", f"header={str(header).lower()}", f"num_iterations={rounds}",
             f"output_model={model}", "verbosity=-1", *[f"{k}={v}" for k, v in params.items()])
    out = tmp_path / (model.stem + ".pred")
    run_qgbm("predict", f"data={test}", f"header={str(header).lower()}", f"input_model={model}",
             f"output_result={out}", "num_threads=2")
    return read_predictions(out)


def test_binary_example_matches_lightgbm(run_qgbm, tmp_path, shared_data):
    train = shared_data / "lightgbm_examples" / "binary.train"
    test = shared_data / "lightgbm_examples" / "binary.test"
    labels = np.loadtxt(test, usecols=0)
    q = auc_of(labels, train_and_predict(run_qgbm, tmp_path, train, test, 100, False))
    fp = auc_of(labels, train_and_predict(run_qgbm, tmp_path, train, test, 100, False,
                                          use_quantized_grad="false"))
    lgb_fp = lightgbm_auc(train, test, {**COMMON}, 100, header=False)
    # 500 test rows: AUC noise is about 0.01, so the bound is loose here; credit_default below is
    # the tight comparison.
    assert abs(q - fp) < 0.015, (q, fp)
    assert q > lgb_fp - 0.015, (q, lgb_fp)


def test_credit_default_quantized_matches_full_precision_and_lightgbm(run_qgbm, tmp_path, shared_data):
    train, test = split_csv(shared_data / "credit_default" / "UCI_Credit_Card.csv.gz", tmp_path, "default")
    labels = np.loadtxt(test, delimiter=",", skiprows=1, usecols=0)
    q = np.mean([auc_of(labels, train_and_predict(run_qgbm, tmp_path, train, test, 100, True, seed=s))
                 for s in (1, 2, 3)])
    fp = auc_of(labels, train_and_predict(run_qgbm, tmp_path, train, test, 100, True,
                                          use_quantized_grad="false"))
    lgb_fp = lightgbm_auc(train, test, {**COMMON}, 100)
    assert abs(q - fp) < 0.005, (q, fp)
    assert abs(q - lgb_fp) < 0.005, (q, lgb_fp)


@pytest.mark.parametrize("bins", [2, 4, 16])
def test_quantized_with_bagging_and_feature_fraction_keeps_accuracy(run_qgbm, tmp_path, shared_data, bins):
    train = shared_data / "lightgbm_examples" / "binary.train"
    test = shared_data / "lightgbm_examples" / "binary.test"
    labels = np.loadtxt(test, usecols=0)
    sampled = dict(bagging_fraction=0.8, bagging_freq=1, feature_fraction=0.7)
    # Mean over seeds: with 500 test rows one seed's AUC moves by about 0.01 on its own.
    q = np.mean([auc_of(labels, train_and_predict(run_qgbm, tmp_path, train, test, 80, False, seed=s,
                                                  num_grad_quant_bins=bins, **sampled))
                 for s in (1, 2, 3)])
    fp = auc_of(labels, train_and_predict(run_qgbm, tmp_path, train, test, 80, False,
                                          use_quantized_grad="false", **sampled))
    assert q > fp - 0.02, (bins, q, fp)


def test_node_feature_sampling_matches_lightgbm(run_qgbm, tmp_path, shared_data):
    """feature_fraction_bynode: every node draws its own half of the features; accuracy as
    LightGBM's with the same setting (both over three seeds), and not the unsampled model."""
    train, test = split_csv(shared_data / "credit_default" / "UCI_Credit_Card.csv.gz", tmp_path, "default")
    labels = np.loadtxt(test, delimiter=",", skiprows=1, usecols=0)
    bynode = dict(feature_fraction_bynode=0.5)
    runs = [train_and_predict(run_qgbm, tmp_path, train, test, 100, True, seed=s, **bynode)
            for s in (1, 2, 3)]
    q = np.mean([auc_of(labels, p) for p in runs])
    lgb = np.mean([lightgbm_auc(train, test, {**COMMON, **bynode, "feature_fraction_seed": s}, 100)
                   for s in (1, 2, 3)])
    assert abs(q - lgb) < 0.005, (q, lgb)
    plain = train_and_predict(run_qgbm, tmp_path, train, test, 100, True, seed=1)
    assert np.abs(runs[0] - plain).max() > 1e-3


def test_goss_matches_lightgbm(run_qgbm, tmp_path, shared_data):
    """data_sample_strategy=goss (and LightGBM 4's spelling boosting=goss): accuracy at least
    LightGBM's GOSS with the same rates, both over three seeds, quantized and full precision."""
    train, test = split_csv(shared_data / "credit_default" / "UCI_Credit_Card.csv.gz", tmp_path, "default")
    labels = np.loadtxt(test, delimiter=",", skiprows=1, usecols=0)
    goss = dict(data_sample_strategy="goss", top_rate=0.2, other_rate=0.1)
    lgb = np.mean([lightgbm_auc(train, test, {**COMMON, **goss, "bagging_seed": s}, 100)
                   for s in (1, 2, 3)])
    for quantized in ("true", "false"):
        q = np.mean([auc_of(labels, train_and_predict(run_qgbm, tmp_path, train, test, 100, True,
                                                      seed=s, use_quantized_grad=quantized, **goss))
                     for s in (1, 2, 3)])
        assert q > lgb - 0.005, (quantized, q, lgb)
    same = train_and_predict(run_qgbm, tmp_path, train, test, 100, True, seed=1, boosting="goss")
    spelled = train_and_predict(run_qgbm, tmp_path, train, test, 100, True, seed=1, **goss)
    np.testing.assert_array_equal(same, spelled)
    plain = train_and_predict(run_qgbm, tmp_path, train, test, 100, True, seed=1)
    assert np.abs(plain - spelled).max() > 1e-3


def test_balanced_bagging_matches_lightgbm(run_qgbm, tmp_path, shared_data):
    """pos_bagging_fraction / neg_bagging_fraction: each class keeps its own share of rows per
    bagging round; accuracy as LightGBM's with the same fractions (three seeds each), and, as
    there, fewer negatives raise the predicted probabilities."""
    train, test = split_csv(shared_data / "credit_default" / "UCI_Credit_Card.csv.gz", tmp_path, "default")
    labels = np.loadtxt(test, delimiter=",", skiprows=1, usecols=0)
    balanced = dict(pos_bagging_fraction=1.0, neg_bagging_fraction=0.3, bagging_freq=1)
    runs = [train_and_predict(run_qgbm, tmp_path, train, test, 100, True, seed=s, **balanced)
            for s in (1, 2, 3)]
    q = np.mean([auc_of(labels, p) for p in runs])
    lgb = np.mean([lightgbm_auc(train, test, {**COMMON, **balanced, "bagging_seed": s}, 100)
                   for s in (1, 2, 3)])
    assert q > lgb - 0.005, (q, lgb)
    plain = train_and_predict(run_qgbm, tmp_path, train, test, 100, True, seed=1)
    assert runs[0].mean() > plain.mean() + 0.1, (runs[0].mean(), plain.mean())


@pytest.mark.parametrize("args,needles", [
    (["data_sample_strategy=goss", "bagging_fraction=0.8", "bagging_freq=1"],
     ["goss", "bagging"]),
    (["data_sample_strategy=goss", "neg_bagging_fraction=0.5", "bagging_freq=2"],
     ["goss", "neg_bagging_fraction"]),
    (["boosting=goss", "top_rate=0.7", "other_rate=0.5"], ["top_rate + other_rate <= 1"]),
    (["data_sample_strategy=random"], ["data_sample_strategy", "random"]),
])
def test_bad_goss_parameters(run_qgbm, tmp_path, shared_data, args, needles):
    train = shared_data / "lightgbm_examples" / "binary.train"
    proc = run_qgbm("train", f"data={train}", "objective=binary", "num_iterations=2",
                    "output_model=m.json", *args, check=False)
    assert proc.returncode in (1, 2), proc
    for needle in needles:
        assert needle in proc.stderr, (needle, proc.stderr)
    assert not (tmp_path / "m.json").exists()


def test_regression_with_weights_and_many_leaves_on_small_data(run_qgbm, tmp_path, shared_data):
    # LightGBM's failure case: quantized training with 128 leaves on about 1k rows.
    src = shared_data / "lightgbm_examples" / "binary.train"
    rows = src.read_text().splitlines()[:1000]
    small = tmp_path / "small.tsv"
    small.write_text("\n".join(rows) + "\n")
    (tmp_path / "small.tsv.weight").write_text("\n".join(str(1 + i % 3) for i in range(1000)) + "\n")
    preds = train_and_predict(run_qgbm, tmp_path, small, small, 50, False, objective="regression",
                              num_leaves=128, min_data_in_leaf=1, min_sum_hessian_in_leaf=0)
    labels = np.loadtxt(small, usecols=0)
    assert np.mean((preds - labels) ** 2) < 0.15
