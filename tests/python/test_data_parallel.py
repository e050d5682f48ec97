"""Data-parallel training over MPI (tree_learner=data): `mpirun -np N qgbm train ...` writes the
model that one process trains on all rows, byte for byte; a machine that fails or dies ends the
whole job quickly; a job that asks for several machines but runs alone is refused.

Needs a qgbm built with MPI (-DQGBM_USE_MPI=ON, as CI's build is) and Open MPI's mpirun; skipped
otherwise. Every launch runs under a timeout, since a lost machine could otherwise hang MPI."""
import gzip
import os
import shutil
import signal
import subprocess
import time

import pytest

MPI_ENV = {**os.environ, "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           "OMP_NUM_THREADS": "1"}
COMMON = ["header=true", "label_column=name:label", "objective=binary", "num_threads=1",
          "verbosity=-1", "num_leaves=15", "learning_rate=0.2"]


@pytest.fixture(scope="module")
def mpi_qgbm(qgbm_bin, tmp_path_factory):
    """The CLI, when it has MPI and mpirun exists; else the tests skip."""
    if shutil.which("mpirun") is None:
        pytest.skip("mpirun not found (Debian: openmpi-bin)")
    probe = subprocess.run([str(qgbm_bin), "train", "data=none.csv", "tree_learner=data",
                            "num_machines=2"], capture_output=True, text=True, timeout=60,
                           cwd=tmp_path_factory.mktemp("probe"), env=MPI_ENV)
    if "needs a build with MPI" in probe.stderr:
        pytest.skip("this qgbm was built without MPI")
    return qgbm_bin


@pytest.fixture(scope="module")
def higgs(shared_data, tmp_path_factory):
    """2000 training and 1000 validation rows of HIGGS as CSV files with a header."""
    folder = tmp_path_factory.mktemp("higgs")
    with gzip.open(shared_data / "higgs_sas_11k" / "higgs.csv.gz", "rt") as f:
        lines = f.read().splitlines()
    (folder / "train.csv").write_text("\n".join(lines[:2001]) + "\n")
    (folder / "valid.csv").write_text("\n".join([lines[0]] + lines[2001:3001]) + "\n")
    return folder


def mpirun(qgbm, np, args, cwd, timeout=120):
    return subprocess.run(["timeout", "-k", "5", str(timeout), "mpirun", "-np", str(np),
                           "--oversubscribe", "--bind-to", "none", str(qgbm), *args],
                          cwd=cwd, capture_output=True, text=True, env=MPI_ENV)


def train_alone(qgbm, args, cwd):
    proc = subprocess.run([str(qgbm), "train", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("extra", [
    [],
    ["valid=valid.csv", "metric=auc", "early_stopping_round=3", "num_iterations=60"],
    ["bagging_fraction=0.7", "bagging_freq=1", "feature_fraction=0.8",
     "bin_construct_sample_cnt=500"],
], ids=["plain", "validation_early_stopping", "bagging_sampled_bins"])
def test_any_process_count_writes_the_one_process_model(mpi_qgbm, higgs, extra):
    args = ["data=train.csv", *COMMON, "num_iterations=15", *extra]
    train_alone(mpi_qgbm, [*args, "output_model=alone.json"], higgs)
    expected = (higgs / "alone.json").read_bytes()
    for np in (2, 3, 4):
        proc = mpirun(mpi_qgbm, np, ["train", *args, "tree_learner=data", f"num_machines={np}",
                                     f"output_model=np{np}.json"], higgs)
        assert proc.returncode == 0, proc.stderr + proc.stdout
        assert (higgs / f"np{np}.json").read_bytes() == expected, f"{np} processes"


@pytest.mark.parametrize("objective", ["lambdarank", "rank_xendcg"])
def test_ranking_keeps_queries_whole_and_writes_the_one_process_model(mpi_qgbm, shared_data,
                                                                      tmp_path, objective):
    for name in ("rank.train", "rank.train.query", "rank.test", "rank.test.query"):
        shutil.copy(shared_data / "lightgbm_examples" / name, tmp_path / name)
    args = ["data=rank.train", "valid=rank.test", f"objective={objective}", "metric=ndcg",
            "eval_at=1,3,5", "num_iterations=15", "num_leaves=15", "num_threads=1",
            "verbosity=-1"]
    train_alone(mpi_qgbm, [*args, "output_model=alone.json"], tmp_path)
    for np in (2, 3, 4):
        proc = mpirun(mpi_qgbm, np, ["train", *args, "tree_learner=data", f"num_machines={np}",
                                     f"output_model=np{np}.json"], tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert (tmp_path / f"np{np}.json").read_bytes() == (tmp_path / "alone.json").read_bytes()


def test_resuming_a_snapshot_on_other_machines_gives_the_uninterrupted_model(mpi_qgbm, higgs,
                                                                             tmp_path):
    shutil.copy(higgs / "train.csv", tmp_path / "train.csv")
    train_alone(mpi_qgbm, ["data=train.csv", *COMMON, "num_iterations=12",
                           "output_model=whole.json"], tmp_path)
    # Two machines write snapshots every 4 iterations and "fail" after 8 ...
    proc = mpirun(mpi_qgbm, 2, ["train", "data=train.csv", *COMMON, "num_iterations=8",
                                "snapshot_freq=4", "tree_learner=data", "num_machines=2",
                                "output_model=run.json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    # ... and three machines finish from the last snapshot.
    proc = mpirun(mpi_qgbm, 3, ["train", "data=train.csv", *COMMON, "num_iterations=4",
                                "input_model=run.json.snapshot_iter_8", "tree_learner=data",
                                "num_machines=3", "output_model=resumed.json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "resumed.json").read_bytes() == (tmp_path / "whole.json").read_bytes()


def test_pre_partitioned_files_give_the_same_model(mpi_qgbm, higgs, tmp_path):
    lines = (higgs / "train.csv").read_text().splitlines()
    # Uneven parts, one file per machine: data=part{rank}.csv.
    (tmp_path / "part0.csv").write_text("\n".join(lines[:701]) + "\n")
    (tmp_path / "part1.csv").write_text("\n".join([lines[0]] + lines[701:]) + "\n")
    shutil.copy(higgs / "train.csv", tmp_path / "all.csv")
    train_alone(mpi_qgbm, ["data=all.csv", *COMMON, "num_iterations=10",
                           "output_model=alone.json"], tmp_path)
    proc = mpirun(mpi_qgbm, 2, ["train", "data=part{rank}.csv", "pre_partition=true", *COMMON,
                                "num_iterations=10", "tree_learner=data", "num_machines=2",
                                "output_model=parts.json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "parts.json").read_bytes() == (tmp_path / "alone.json").read_bytes()


def test_a_failing_machine_ends_the_job_with_its_message(mpi_qgbm, higgs, tmp_path):
    shutil.copy(higgs / "train.csv", tmp_path / "part0.csv")  # part1.csv is missing
    start = time.monotonic()
    proc = mpirun(mpi_qgbm, 2, ["train", "data=part{rank}.csv", "pre_partition=true", *COMMON,
                                "tree_learner=data", "num_machines=2"], tmp_path, timeout=60)
    assert proc.returncode != 0
    assert time.monotonic() - start < 30
    assert "part1.csv" in proc.stderr and "rank 1 of 2" in proc.stderr, proc.stderr


def test_a_killed_machine_ends_the_job_within_seconds(mpi_qgbm, higgs):
    job = subprocess.Popen(
        ["timeout", "-k", "5", "120", "mpirun", "-np", "2", "--oversubscribe", "--bind-to",
         "none", str(mpi_qgbm), "train", "data=train.csv", *COMMON, "num_iterations=1000000",
         "tree_learner=data", "num_machines=2", "output_model=killed.json"],
        cwd=higgs, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=MPI_ENV)
    pids = []
    deadline = time.monotonic() + 30
    while len(pids) < 2 and time.monotonic() < deadline:  # both machines started
        out = subprocess.run(["pgrep", "-f", "output_model=killed.json"], capture_output=True,
                             text=True).stdout.split()
        pids = [int(p) for p in out if int(p) != job.pid]
        time.sleep(0.2)
    time.sleep(1.0)  # training under way
    assert pids, "the machines did not start"
    os.kill(max(pids), signal.SIGKILL)
    killed_at = time.monotonic()
    _, err = job.communicate(timeout=60)
    assert job.returncode != 0, err
    assert time.monotonic() - killed_at < 15, "the job outlived a dead machine"


def test_several_machines_without_mpirun_are_refused(qgbm_bin, higgs):
    proc = subprocess.run([str(qgbm_bin), "train", "data=train.csv", *COMMON, "tree_learner=data",
                           "num_machines=2"], cwd=higgs, capture_output=True, text=True,
                          timeout=60, env=MPI_ENV)
    assert proc.returncode != 0
    assert ("mpirun -np 2" in proc.stderr) or ("needs a build with MPI" in proc.stderr), proc.stderr
