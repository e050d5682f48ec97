"""Constants shared by the Python package tests (imported by name: pytest puts this folder on
sys.path)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("QGBM_SHARED_DATA", REPO.parent / "shared" / "data"))
EXAMPLES = SHARED / "lightgbm_examples"

# Small trees, fixed seed and two threads: fast, and the same bytes on every run.
BASE_PARAMS = {"objective": "binary", "num_leaves": 15, "min_data_in_leaf": 20,
               "verbosity": -1, "num_threads": 2, "seed": 7}
