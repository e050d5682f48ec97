"""Shared fixtures for the Python package tests: small real datasets and the CLI binary.

The tests import the installed package (tools/setup.sh installs it). For quick iterations on a
checkout: QGBM_LIBRARY=build/libqgbm.so PYTHONPATH=python-package python3 -m pytest
tests/python_package
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from pkg_common import EXAMPLES, REPO


def _load_tsv(name: str, rows: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    raw = np.loadtxt(path, dtype=np.float64, max_rows=rows)
    return raw[:, 1:], raw[:, 0]


@pytest.fixture(scope="session")
def binary_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """HIGGS subset from LightGBM's examples: 2000 training rows, the 500 test rows, float32."""
    x, y = _load_tsv("binary.train", 2000)
    xt, yt = _load_tsv("binary.test")
    return (x.astype(np.float32), y.astype(np.float32), xt.astype(np.float32),
            yt.astype(np.float32))


@pytest.fixture(scope="session")
def multiclass_data() -> tuple[np.ndarray, np.ndarray]:
    x, y = _load_tsv("multiclass.train", 2000)
    return x.astype(np.float32), y.astype(np.float32)


@pytest.fixture(scope="session")
def rank_data():
    """LightGBM's LambdaRank example: sparse features with query sizes."""
    from sklearn.datasets import load_svmlight_file
    path = EXAMPLES / "rank.train"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    x, y = load_svmlight_file(str(path), zero_based=True)
    group = np.loadtxt(EXAMPLES / "rank.train.query", dtype=np.int64)
    return x.astype(np.float32), y.astype(np.float32), group


@pytest.fixture(scope="session")
def qgbm_bin() -> Path:
    for candidate in (os.environ.get("QGBM_BIN"), REPO / "build" / "qgbm",
                      REPO / "build-ci" / "qgbm"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.skip("the qgbm CLI is not built (set QGBM_BIN)")

