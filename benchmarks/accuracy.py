#!/usr/bin/env python3
"""Accuracy check: test AUC of qgbm quantized vs qgbm full precision vs LightGBM full precision,
mean over seeds, same parameters and data (the core issue's accuracy criterion).

  python3 benchmarks/accuracy.py                       # flights_3m, covertype, credit_default
  python3 benchmarks/accuracy.py --datasets credit_default --seeds 1,2,3

Prints a Markdown table; timing is not measured here (see run.py).
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def qgbm_auc(qgbm, data, params, work):
    model, pred = work / "m.json", work / "p.txt"
    header = "true" if data.header else "false"
    subprocess.run([str(qgbm), "train", f"data={data.train}", f"header={header}", "label_column=0",
                    f"output_model={model}", "verbosity=-1", *[f"{k}={v}" for k, v in params.items()]],
                   check=True)
    subprocess.run([str(qgbm), "predict", f"data={data.test}", f"header={header}", "label_column=0",
                    f"input_model={model}", f"output_result={pred}", f"num_threads={params['num_threads']}",
                    "verbosity=-1"],
                   check=True)
    return roc_auc_score(np.load(data.test_labels), np.loadtxt(pred))


def lightgbm_auc(data, params):
    import lightgbm as lgb
    import pandas as pd

    io = {"header": data.header, "label_column": 0, "max_bin": params["max_bin"], "verbose": -1}
    booster = lgb.train({**params, "verbose": -1, "objective": "binary"},
                        lgb.Dataset(str(data.train), params=io), params["num_iterations"])
    test = pd.read_csv(data.test, header=0 if data.header else None, sep=None, engine="python")
    return roc_auc_score(np.load(data.test_labels), booster.predict(test.iloc[:, 1:].to_numpy()))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", default="flights_3m,covertype,credit_default")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--iterations", type=int, default=100)
    p.add_argument("--num-leaves", type=int, default=255)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--qgbm", default=str(REPO / "build" / "qgbm"))
    a = p.parse_args()
    seeds = [int(s) for s in a.seeds.split(",")]
    base = {"objective": "binary", "num_iterations": a.iterations, "num_leaves": a.num_leaves,
            "learning_rate": 0.1, "max_bin": 255, "min_data_in_leaf": 20, "num_threads": a.threads}
    print("| dataset | qgbm quantized (mean of seeds) | qgbm full precision | LightGBM full precision |"
          " q − fp | q − LightGBM |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in a.datasets.split(","):
            data = datasets.prepare(name, quiet=True)
            q = [qgbm_auc(a.qgbm, data, {**base, "seed": s}, work) for s in seeds]
            fp = qgbm_auc(a.qgbm, data, {**base, "use_quantized_grad": "false"}, work)
            lgb_fp = lightgbm_auc(data, base)
            qm = float(np.mean(q))
            print(f"| {name} | {qm:.5f} ({', '.join(f'{v:.5f}' for v in q)}) | {fp:.5f} | {lgb_fp:.5f} |"
                  f" {qm - fp:+.5f} | {qm - lgb_fp:+.5f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
