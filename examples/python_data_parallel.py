#!/usr/bin/env python3
"""Data-parallel training from Python: each MPI process passes its own rows to qgbm.Dataset and
trains with tree_learner=data; every process ends with the model one process would train on all
rows (rank 0 saves it).

    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \\
    mpirun -np 2 --oversubscribe --bind-to none python3 examples/python_data_parallel.py

needs the package (or QGBM_LIBRARY) built with MPI: see docs/distributed.md. Without mpirun it
trains alone and writes model_alone.json, for comparison.
"""
import os

import numpy as np

import qgbm


def main() -> None:
    # Open MPI tells each process its rank; any MPI launcher has an equivalent.
    rank = int(os.environ.get("OMPI_COMM_WORLD_RANK", os.environ.get("PMI_RANK", 0)))
    size = int(os.environ.get("OMPI_COMM_WORLD_SIZE", os.environ.get("PMI_SIZE", 1)))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20000, 10)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] * x[:, 2] + rng.normal(scale=0.5, size=len(x)) > 0).astype(np.float64)
    params = {"objective": "binary", "num_leaves": 31, "verbose": -1, "num_threads": 1}
    if size > 1:
        params.update(tree_learner="data", num_machines=size)
    # This process's share: consecutive rows, in rank order.
    lo, hi = len(x) * rank // size, len(x) * (rank + 1) // size
    booster = qgbm.train(params, qgbm.Dataset(x[lo:hi], y[lo:hi]), num_boost_round=50)
    if rank == 0:
        name = "model_alone.json" if size == 1 else f"model_{size}_processes.json"
        booster.save_model(name)
        print(f"wrote {name} ({booster.num_trees()} trees)")


if __name__ == "__main__":
    main()
