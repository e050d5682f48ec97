"""Reads a text data file (CSV, TSV, space separated or LibSVM) into rows for prediction."""

from __future__ import annotations

import numpy as np

from ._convert import sp


def _is_number(token: str) -> bool:
    try:
        float(token)
        return True
    except ValueError:
        return token.strip().lower() in ("", "na", "nan", "null")


def read_matrix_file(path: str, num_feature: int):
    """The file's feature columns as float32 rows (CSR for LibSVM). A header line is skipped
    when its first field is not a number. As with the CLI's prediction input, a file with one
    column more than the model's features holds the label in column 0, which is dropped."""
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    if not first.strip():
        raise ValueError(f"data file '{path}' is empty")
    tokens = first.split()
    if len(tokens) > 1 and ":" in tokens[1]:
        return _read_libsvm(path, num_feature)
    sep = "\t" if "\t" in first else "," if "," in first else None
    header = not _is_number(first.split(sep)[0] if sep else tokens[0])
    rows = np.loadtxt(path, delimiter=sep, skiprows=1 if header else 0, dtype=np.float64,
                      ndmin=2, converters=None)
    if rows.shape[1] == num_feature + 1:
        rows = rows[:, 1:]
    return np.ascontiguousarray(rows, dtype=np.float32)


def _read_libsvm(path: str, num_feature: int):
    indptr, indices, values = [0], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            for item in parts[1:]:  # parts[0] is the label
                idx, val = item.split(":", 1)
                indices.append(int(idx))
                values.append(float(val))
            indptr.append(len(indices))
    ncol = max(num_feature, (max(indices) + 1) if indices else 0)
    return sp.csr_matrix((np.asarray(values), np.asarray(indices, dtype=np.int64),
                          np.asarray(indptr, dtype=np.int64)), shape=(len(indptr) - 1, ncol))
