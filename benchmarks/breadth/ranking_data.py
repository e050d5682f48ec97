"""Ranking datasets and NDCG for the ranking benchmark and the end-to-end ranking tests.

Each dataset is a (train, test) pair of LibSVM/LETOR files with query groups (qid tokens, or a
`.query` side file of group sizes). LightGBM reads the same values through numpy (its own text
parser does not read qid tokens); qgbm's CLI reads the files themselves.
"""
import pathlib

import numpy as np
from sklearn.datasets import load_svmlight_file

# name: (train, test, validation for early stopping or None)
DATASETS = {
    "letor_mq2008": ("letor_mq2008/Fold1/train.txt.gz", "letor_mq2008/Fold1/test.txt.gz",
                     "letor_mq2008/Fold1/vali.txt.gz"),
    "letor_ohsumed": ("letor_ohsumed/Fold1/train.txt.gz", "letor_ohsumed/Fold1/test.txt.gz",
                      "letor_ohsumed/Fold1/vali.txt.gz"),
    "lightgbm_rank": ("lightgbm_examples/rank.train", "lightgbm_examples/rank.test", None),
}


def letor_fold(data_dir, name, fold, out_dir):
    """Paths (train, test, vali) of LETOR fold `fold` (1..5) rebuilt from the five subsets
    S1..S5 as the LETOR readme rotates them: fold k trains on S_k, S_k+1, S_k+2, validates on
    S_k+3 and tests on S_k+4 (indices mod 5), so fold 1 is train S1-S3, vali S4, test S5."""
    import gzip

    subsets = [data_dir / name / f"S{i}.txt.gz" for i in range(1, 6)]
    part = lambda i: subsets[(fold - 1 + i) % 5]  # noqa: E731
    paths = []
    for role, members in (("train", [part(0), part(1), part(2)]), ("test", [part(4)]),
                          ("vali", [part(3)])):
        path = pathlib.Path(out_dir) / f"{name}_fold{fold}_{role}.txt"
        with open(path, "wb") as out:
            for member in members:
                with gzip.open(member, "rb") as f:
                    out.write(f.read())
        paths.append(path)
    return paths


def group_sizes(query_ids):
    """Sizes of the runs of equal consecutive query ids."""
    change = np.flatnonzero(np.diff(query_ids)) + 1
    return np.diff(np.concatenate([[0], change, [len(query_ids)]])).astype(int)


def load_ranking_file(path, num_features=None):
    """(dense X, labels, group sizes) of a LETOR file with qid tokens or a `.query` side file."""
    path = pathlib.Path(path)
    side = pathlib.Path(str(path) + ".query")
    if side.exists():
        x, y = load_svmlight_file(str(path), zero_based=True, n_features=num_features)
        groups = np.loadtxt(side, dtype=int, ndmin=1)
    else:
        x, y, qid = load_svmlight_file(str(path), zero_based=True, query_id=True,
                                       n_features=num_features)
        groups = group_sizes(qid)
    return np.asarray(x.todense(), dtype=np.float64), y, groups


def write_letor(path, x, y, groups):
    """Writes rows as LETOR text with qid tokens (every feature written, so zeros stay zeros)."""
    qid = np.repeat(np.arange(len(groups)), groups)
    with open(path, "w") as f:
        for row, label, q in zip(x, y, qid):
            cells = " ".join(f"{j}:{v:.9g}" for j, v in enumerate(row))
            f.write(f"{int(label)} qid:{q} {cells}\n")


def ndcg_at(labels, scores, groups, k):
    """LightGBM's NDCG@k: gain 2^label - 1, discount 1/log2(2 + position), ties in row order,
    queries whose ideal DCG is 0 score 1; mean over queries."""
    values, start = [], 0
    for n in groups:
        y, s = labels[start:start + n], scores[start:start + n]
        start += n
        kk = min(k, n)
        discount = 1.0 / np.log2(np.arange(kk) + 2.0)
        order = np.argsort(-s, kind="stable")
        gain = 2.0 ** y - 1.0
        ideal = float(np.sort(gain)[::-1][:kk] @ discount)
        values.append(float(gain[order][:kk] @ discount) / ideal if ideal > 0 else 1.0)
    return float(np.mean(values))
