"""Data-parallel training from Python: `mpirun -np N python script.py`, each process passing its
own rows to qgbm.Dataset with tree_learner=data, writes the model one process trains on all rows,
byte for byte (examples/python_data_parallel.py is the user-facing version).

Needs libqgbm.so built with MPI: $QGBM_MPI_LIBRARY, else build-ci/ or build-mpi/ of this checkout
(CI's build-ci has MPI); skipped when there is none or no mpirun."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from pkg_common import REPO

SCRIPT = r'''
import os, sys
import numpy as np
import qgbm
rank = int(os.environ.get("OMPI_COMM_WORLD_RANK", 0))
size = int(os.environ.get("OMPI_COMM_WORLD_SIZE", 1))
rng = np.random.default_rng(0)
x = rng.normal(size=(3000, 8)).astype(np.float32)
y = (x[:, 0] + x[:, 1] * x[:, 2] + rng.normal(scale=0.5, size=3000) > 0).astype(np.float64)
xv, yv = x[:900] * 1.1, y[:900]
params = {"objective": "binary", "num_leaves": 15, "verbose": -1, "num_threads": 1,
          "bagging_fraction": 0.8, "bagging_freq": 1, "metric": "auc"}
if size > 1:
    params.update(tree_learner="data", num_machines=size)
lo, hi = 3000 * rank // size, 3000 * (rank + 1) // size
vlo, vhi = 900 * rank // size, 900 * (rank + 1) // size
train = qgbm.Dataset(x[lo:hi], y[lo:hi])
valid = qgbm.Dataset(xv[vlo:vhi], yv[vlo:vhi], reference=train)
booster = qgbm.train(params, train, num_boost_round=30, valid_sets=[valid],
                     callbacks=[qgbm.early_stopping(5, verbose=False)])
if rank == 0:
    booster.save_model(sys.argv[1])
'''


def mpi_library() -> str | None:
    candidates = [os.environ.get("QGBM_MPI_LIBRARY", ""), REPO / "build-ci" / "libqgbm.so",
                  REPO / "build-mpi" / "libqgbm.so"]
    for c in candidates:
        if c and os.path.isfile(c):
            return str(c)
    return None


def test_mpirun_python_writes_the_one_process_model(tmp_path):
    library = mpi_library()
    if library is None or shutil.which("mpirun") is None:
        pytest.skip("no libqgbm.so built with MPI, or no mpirun")
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "QGBM_LIBRARY": library, "OMPI_ALLOW_RUN_AS_ROOT": "1",
           "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMP_NUM_THREADS": "1"}
    alone = subprocess.run([sys.executable, str(script), "alone.json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert alone.returncode == 0, alone.stderr
    for np_ in (2, 3):
        proc = subprocess.run(["timeout", "-k", "5", "120", "mpirun", "-np", str(np_),
                               "--oversubscribe", "--bind-to", "none", sys.executable,
                               str(script), f"np{np_}.json"], cwd=tmp_path, env=env,
                              capture_output=True, text=True)
        if "needs a build with MPI" in proc.stderr:
            pytest.skip(f"{library} was built without MPI")
        assert proc.returncode == 0, proc.stderr
        assert (tmp_path / f"np{np_}.json").read_bytes() == (tmp_path / "alone.json").read_bytes()
