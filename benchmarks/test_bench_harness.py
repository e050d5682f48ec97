"""Tests of the benchmark harness itself; none of them needs the qgbm binary or big data."""

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402
import report  # noqa: E402
import runners  # noqa: E402


def test_parse_phase_times_reads_the_cli_time_line():
    out = ("[qgbm] [Info] training on 8787 rows\n"
           "[qgbm] [Info] time: load 1.23 s, binning 0.45 s, training 6.78 s\n")
    assert runners.parse_phase_times(out) == {"load": 1.23, "binning": 0.45, "training": 6.78}


@pytest.mark.parametrize("line", ["time: load=1.5s binning=2 training: 3e-1 s",
                                  "[qgbm] [Info] Time: load 1.5, binning 2.0, training 0.3"])
def test_parse_phase_times_is_tolerant(line):
    got = runners.parse_phase_times(line)
    assert got == {"load": 1.5, "binning": 2.0, "training": 0.3}


def test_parse_phase_times_ignores_other_lines():
    assert runners.parse_phase_times("loaded 3 files\ntraining done") == {}


def test_auc_from_predictions(tmp_path):
    labels = tmp_path / "y.npy"
    np.save(labels, np.array([0.0, 0.0, 1.0, 1.0]))
    assert runners.auc_from_predictions(np.array([0.1, 0.4, 0.35, 0.8]), labels) == 0.75
    with pytest.raises(ValueError):
        runners.auc_from_predictions(np.array([0.1]), labels)


def test_timed_run_measures_the_child_alone():
    code = "import sys; b = bytearray(64 << 20); sys.exit(3)"
    rc, wall, rss_mib, _ = runners.timed_run([sys.executable, "-c", code], timeout_s=60)
    assert rc == 3
    assert wall > 0
    assert rss_mib >= 64


def test_synthetic_is_deterministic_and_balanced():
    x1, y1 = datasets.synthetic_chunk(3, 5000)
    x2, y2 = datasets.synthetic_chunk(3, 5000)
    x3, _ = datasets.synthetic_chunk(4, 5000)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert not np.array_equal(x1, x3)
    assert x1.shape == (5000, datasets.SYNTHETIC_FEATURES)
    assert 0.25 < y1.mean() < 0.75


def test_prepare_synthetic_writes_and_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("QGBM_BENCH_DIR", str(tmp_path))
    p = datasets.prepare("synthetic", rows=3000, quiet=True)
    assert (p.n_train, p.n_test, p.n_features) == (2400, 600, 28)
    lines = p.train.read_text().splitlines()
    assert lines[0].split(",")[0] == "label" and len(lines) == 2401
    assert np.load(p.test_labels).shape == (600,)
    mtime = p.train.stat().st_mtime_ns
    again = datasets.prepare("synthetic", rows=3000, quiet=True)
    assert again.train.stat().st_mtime_ns == mtime  # served from the cache


@pytest.mark.skipif(not (datasets.REPO / "data" / "higgs_11k.csv.gz").is_file(),
                    reason="data/higgs_11k.csv.gz not present")
def test_prepare_higgs_split_is_seeded(tmp_path, monkeypatch):
    monkeypatch.setenv("QGBM_BENCH_DIR", str(tmp_path))
    p = datasets.prepare("higgs_11k", quiet=True)
    assert (p.n_train, p.n_test) == (8787, 2197)
    first = p.test.read_text()
    p = datasets.prepare("higgs_11k", force=True, quiet=True)
    assert p.test.read_text() == first


def _result(lib, mode, wall, auc=0.8, err=""):
    return runners.RunResult("d", lib, mode, 0, wall_s=wall, load_s=0.1, train_s=wall / 2,
                             predict_s=0.0, auc=auc, peak_rss_mib=100.0, error=err)


def test_summary_ratios_and_table():
    results = [_result("lightgbm", "q", 2.0), _result("lightgbm", "q", 4.0),
               _result("lightgbm", "fp", 4.0), _result("qgbm", "q", 1.5),
               _result("qgbm", "fp", float("nan"), err="train exited 1: boom")]
    rows = report.summarise(results, {"d": (1000, 10)}, iterations=10)
    by = {(r.library, r.mode): r for r in rows}
    assert [(r.library, r.mode) for r in rows] == [("qgbm", "q"), ("qgbm", "fp"),
                                                   ("lightgbm", "q"), ("lightgbm", "fp")]
    assert by[("lightgbm", "q")].wall_s == 3.0  # median of 2 and 4
    assert by[("qgbm", "q")].vs_lgb_q == 0.5
    assert by[("qgbm", "q")].vs_lgb_fp == 1.5 / 4.0
    assert math.isclose(by[("qgbm", "q")].ns_per_cell, 0.75 * 1e9 / (1000 * 10 * 10))
    assert by[("qgbm", "fp")].reps == 0
    table = report.markdown_table(rows)
    assert "failed: train exited 1: boom" in table
    assert table.splitlines()[1].count("---") == 12


def test_ratios_leave_out_python_startup():
    lgb_q = _result("lightgbm", "q", 3.0)
    lgb_q.startup_s = 1.0
    rows = report.summarise([lgb_q, _result("qgbm", "q", 1.0)], {"d": (10, 1)}, iterations=1)
    assert rows[0].library == "qgbm" and rows[0].vs_lgb_q == 0.5
