"""End to end: LightGBM configs, determinism, continued training, early stopping, output formats."""
import json

import numpy as np

from helpers import assert_same_model_bytes_on_threads, read_predictions


def binary_files(shared_data):
    return shared_data / "lightgbm_examples" / "binary.train", shared_data / "lightgbm_examples" / "binary.test"


def test_lightgbm_example_config_runs_unchanged(run_qgbm, tmp_path, shared_data):
    train, test = binary_files(shared_data)
    conf = tmp_path / "train.conf"
    conf.write_text(f"""# LightGBM's examples/binary_classification/train.conf (paths adjusted)
task = train
boosting_type = gbdt
objective = binary
metric = binary_logloss,auc
metric_freq = 1
is_training_metric = true
max_bin = 255
data = {train}
valid_data = {test}
num_trees = 20
learning_rate = 0.1
num_leaves = 63
tree_learner = serial
num_threads = 2
feature_fraction = 0.8
bagging_freq = 5
bagging_fraction = 0.8
min_data_in_leaf = 50
min_sum_hessian_in_leaf = 5.0
is_enable_sparse = true
use_two_round_loading = false
is_save_binary_file = false
output_model = LightGBM_model.txt
""")
    proc = run_qgbm(f"config={conf}")
    assert "valid_1's auc" in proc.stderr and "training's binary_logloss" in proc.stderr
    model = json.loads((tmp_path / "LightGBM_model.txt").read_text())
    assert len(model["trees"]) == 20
    pred_conf = tmp_path / "predict.conf"
    pred_conf.write_text(f"task = predict\ndata = {test}\ninput_model = LightGBM_model.txt\n")
    run_qgbm(f"config={pred_conf}")
    preds = read_predictions(tmp_path / "qgbm_predict_result.txt")
    assert preds.shape == (500,) and np.all((preds > 0) & (preds < 1))


def test_goss_model_bytes_do_not_depend_on_threads(run_qgbm, tmp_path, shared_data):
    train, _ = binary_files(shared_data)
    assert_same_model_bytes_on_threads(run_qgbm, tmp_path, train, "objective=binary",
                                       "num_iterations=30", "learning_rate=0.2",
                                       "data_sample_strategy=goss", "other_rate=0.2")


def test_same_model_bytes_with_one_and_two_threads(run_qgbm, tmp_path, shared_data):
    train, _ = binary_files(shared_data)
    assert_same_model_bytes_on_threads(run_qgbm, tmp_path, train, "objective=binary",
                                       "num_iterations=15", "bagging_fraction=0.7",
                                       "bagging_freq=1", "feature_fraction=0.8",
                                       "feature_fraction_bynode=0.7")
    assert_same_model_bytes_on_threads(run_qgbm, tmp_path, train, "objective=binary",
                                       "num_iterations=15", "neg_bagging_fraction=0.4",
                                       "bagging_freq=2")


def test_raw_scores_and_probabilities_agree(run_qgbm, tmp_path, shared_data):
    train, test = binary_files(shared_data)
    run_qgbm("train", f"data={train}", "objective=binary", "num_iterations=10", "output_model=m.json",
             "verbosity=-1")
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=p.txt")
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=r.txt", "predict_raw_score=true")
    p, r = read_predictions(tmp_path / "p.txt"), read_predictions(tmp_path / "r.txt")
    np.testing.assert_allclose(p, 1 / (1 + np.exp(-r)), rtol=1e-12)
    run_qgbm("predict", f"data={test}", "input_model=m.json", "output_result=l.txt", "predict_leaf_index=true")
    leaves = np.loadtxt(tmp_path / "l.txt", dtype=int)
    assert leaves.shape == (500, 10) and leaves.min() >= 0 and leaves.max() <= 30


def test_continued_training_appends_trees(run_qgbm, tmp_path, shared_data):
    train, test = binary_files(shared_data)
    run_qgbm("train", f"data={train}", "objective=binary", "num_iterations=10", "output_model=a.json",
             "verbosity=-1")
    run_qgbm("train", f"data={train}", "objective=binary", "num_iterations=5", "input_model=a.json",
             "output_model=b.json", "verbosity=-1")
    a, b = (json.loads((tmp_path / n).read_text()) for n in ("a.json", "b.json"))
    assert len(b["trees"]) == 15 and b["trees"][:10] == a["trees"]


def test_early_stopping_keeps_the_best_iteration(run_qgbm, tmp_path, shared_data):
    train, test = binary_files(shared_data)
    proc = run_qgbm("train", f"data={train}", f"valid={test}", "objective=binary", "metric=binary_logloss",
                    "num_iterations=500", "learning_rate=0.5", "early_stopping_round=5", "output_model=m.json")
    model = json.loads((tmp_path / "m.json").read_text())
    assert "early stopping" in proc.stderr
    assert 0 < model["best_iteration"] < 500 and len(model["trees"]) == model["best_iteration"]


def test_cbor_model_predicts_like_json(run_qgbm, tmp_path, shared_data):
    train, test = binary_files(shared_data)
    for fmt in ("json", "cbor"):
        run_qgbm("train", f"data={train}", "objective=binary", "num_iterations=10", f"output_model=m.{fmt}",
                 f"model_format={fmt}", "verbosity=-1")
        run_qgbm("predict", f"data={test}", f"input_model=m.{fmt}", f"output_result={fmt}.txt")
    assert (tmp_path / "json.txt").read_text() == (tmp_path / "cbor.txt").read_text()
    assert (tmp_path / "m.cbor").stat().st_size < (tmp_path / "m.json").stat().st_size


def test_snapshots_every_k_iterations_resume_to_the_same_trees(run_qgbm, tmp_path, shared_data):
    train, _ = binary_files(shared_data)
    sampled = ("bagging_fraction=0.8", "bagging_freq=3")  # a bag spans the snapshot point
    run_qgbm("train", f"data={train}", "objective=binary", "num_iterations=6", "snapshot_freq=2",
             "output_model=m.json", "verbosity=-1", *sampled)
    snaps = sorted(p.name for p in tmp_path.glob("m.json.snapshot_iter_*"))
    assert snaps == ["m.json.snapshot_iter_2", "m.json.snapshot_iter_4", "m.json.snapshot_iter_6"]
    assert len(json.loads((tmp_path / "m.json.snapshot_iter_4").read_text())["trees"]) == 4
    run_qgbm("train", f"data={train}", "objective=binary", "num_iterations=2",
             "input_model=m.json.snapshot_iter_4", "output_model=r.json", "verbosity=-1", *sampled)
    # Resuming continues the iteration count (rounding and bagging draws): the same trees as an
    # uninterrupted run.
    resumed = json.loads((tmp_path / "r.json").read_text())["trees"]
    assert resumed == json.loads((tmp_path / "m.json").read_text())["trees"]
