"""Fixtures for end-to-end tests of the qgbm CLI: where the binary and the shared data are."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def qgbm_bin():
    path = pathlib.Path(os.environ.get("QGBM_BIN", REPO / "build" / "qgbm")).resolve()
    if not path.exists():
        pytest.fail(f"qgbm CLI not found at {path}; build it first (tools/setup.sh)")
    return path


@pytest.fixture(scope="session")
def shared_data():
    path = pathlib.Path(os.environ.get("QGBM_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not path.exists():
        pytest.skip(f"shared datasets not found at {path}")
    return path


@pytest.fixture
def run_qgbm(qgbm_bin, tmp_path):
    """Runs `qgbm ARGS...` in tmp_path; returns the CompletedProcess (never raises on failure)."""

    def run(*args, check=True, timeout=600):
        proc = subprocess.run([str(qgbm_bin), *map(str, args)], cwd=tmp_path, capture_output=True,
                              text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"qgbm {' '.join(map(str, args))} failed ({proc.returncode}):\n"
                                 f"{proc.stderr}")
        return proc

    return run
