"""Shared helpers: deterministic dataset splits and metrics for the end-to-end tests."""
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score


def split_csv(src, out_dir, label, test_fraction=0.2, seed=0, drop=()):
    """Writes train.csv/test.csv (label first, header) from a CSV; returns their paths."""
    df = pd.read_csv(src)
    df = df.drop(columns=list(drop))
    cols = [label] + [c for c in df.columns if c != label]
    df = df[cols]
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(df))
    n_test = int(len(df) * test_fraction)
    test, train = df.iloc[order[:n_test]], df.iloc[order[n_test:]]
    train_path, test_path = out_dir / "train.csv", out_dir / "test.csv"
    train.to_csv(train_path, index=False)
    test.to_csv(test_path, index=False)
    return train_path, test_path


def read_predictions(path):
    return np.loadtxt(path, ndmin=1)


def auc_of(labels, predictions):
    return roc_auc_score(labels, predictions)


def lightgbm_auc(train_path, test_path, params, rounds, header=True):
    """Trains LightGBM from the same files with the same parameters; returns test AUC."""
    import lightgbm as lgb

    base = {"verbose": -1, "header": header, "label_column": 0}
    train = lgb.Dataset(str(train_path), params={**base, "max_bin": params.get("max_bin", 255)})
    booster = lgb.train({**base, **params}, train, rounds)
    test = pd.read_csv(test_path, header=0 if header else None, sep=None, engine="python")
    y, x = test.iloc[:, 0].to_numpy(), test.iloc[:, 1:].to_numpy()
    return auc_of(y, booster.predict(x))


def assert_same_model_bytes_on_threads(run_qgbm, tmp_path, train, *args, threads=(1, 2)):
    """Trains `train` with `args` on each thread count, quantized and in full precision: the
    model files of one mode must be equal byte for byte."""
    for quantized in ("true", "false"):
        models = []
        for n in threads:
            out = tmp_path / f"threads_{quantized}_{n}.json"
            run_qgbm("train", f"data={train}", *args, f"use_quantized_grad={quantized}",
                     f"num_threads={n}", f"output_model={out}", "verbosity=-1")
            models.append(out.read_bytes())
        assert all(m == models[0] for m in models), quantized
