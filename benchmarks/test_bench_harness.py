"""Tests of the benchmark harness itself; none of them needs the qgbm binary or big data."""

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ceiling  # noqa: E402
import datasets  # noqa: E402
import plot  # noqa: E402
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
    assert table.splitlines()[1].count("---") == 14


def test_ratios_leave_out_python_startup():
    lgb_q = _result("lightgbm", "q", 3.0)
    lgb_q.startup_s = 1.0
    rows = report.summarise([lgb_q, _result("qgbm", "q", 1.0)], {"d": (10, 1)}, iterations=1)
    assert rows[0].library == "qgbm" and rows[0].vs_lgb_q == 0.5


def test_synthetic_lines_match_pandas():
    import pandas as pd
    x, y = datasets.synthetic_chunk(1, 500)
    frame = pd.DataFrame(x, columns=[f"f{j}" for j in range(x.shape[1])])
    frame.insert(0, "label", y)
    expected = frame.to_csv(header=False, index=False, float_format="%.6g")
    assert datasets._synthetic_lines(x, y) == expected


def test_prepare_synthetic_blocks_do_not_change_the_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "SYNTHETIC_CHUNK", 700)
    whole = tmp_path / "whole"
    whole.mkdir()
    datasets.prep_synthetic(whole, 2000)
    monkeypatch.setattr(datasets, "SYNTHETIC_WRITE_BLOCK", 64)
    blocks = tmp_path / "blocks"
    blocks.mkdir()
    assert datasets.prep_synthetic(blocks, 2000) == (1600, 400)
    for name in ("train.csv", "test.csv"):
        assert (whole / name).read_bytes() == (blocks / name).read_bytes()


def _write_idx(path, magic, array):
    import gzip
    dims = b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(magic.to_bytes(4, "big") + dims + array.astype(np.uint8).tobytes())


def test_prepare_fashion_mnist_is_binary_upper_body(tmp_path, monkeypatch):
    src = tmp_path / "shared" / "fashion_mnist"
    src.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for split, n in (("train", 20), ("t10k", 10)):
        _write_idx(src / f"{split}-images-idx3-ubyte.gz", 2051,
                   rng.integers(0, 256, size=(n, 28, 28)))
        _write_idx(src / f"{split}-labels-idx1-ubyte.gz", 2049, np.arange(n) % 10)
    monkeypatch.setenv("QGBM_SHARED_DATA", str(tmp_path / "shared"))
    monkeypatch.setenv("QGBM_BENCH_DIR", str(tmp_path / "cache"))
    p = datasets.prepare("fashion_mnist", quiet=True)
    assert (p.n_train, p.n_test, p.n_features) == (20, 10, 784)
    head, first = p.train.read_text().splitlines()[:2]
    assert head.startswith("label,pixel1,") and head.endswith(",pixel784")
    assert first.split(",")[0] == "1"  # class 0, T-shirt/top
    # classes 0..9 in order: upper body = 0, 2, 4, 6
    assert np.load(p.test_labels).tolist() == [1, 0, 1, 0, 1, 0, 1, 0, 0, 0]


def test_read_idx_rejects_a_wrong_magic(tmp_path):
    _write_idx(tmp_path / "x.gz", 2049, np.zeros(4))
    with pytest.raises(ValueError):
        datasets._read_idx(tmp_path / "x.gz", 2051)


HIST_LINE = "[qgbm] [Info] histogram: 123456789 row visits, 987654321 bin updates, 1.234 s"


def test_parse_histogram_line():
    out = "[qgbm] [Info] time: load 1.0 s, binning 0.5 s, training 6.0 s\n" + HIST_LINE + "\n"
    assert ceiling.parse_histogram_line(out) == {
        "row_visits": 123456789.0, "bin_updates": 987654321.0, "seconds": 1.234}
    # The phase-time parser is not confused by the new line.
    assert runners.parse_phase_times(out) == {"load": 1.0, "binning": 0.5, "training": 6.0}


@pytest.mark.parametrize("text", [
    "",                                                     # an older CLI: no line at all
    "[qgbm] [Info] histogram: 5 row visits, 1.5 s",         # incomplete
    "training time: gradients 0.1 s, grow 2.0 s (histograms 1.9, splits 0.1)",  # verbosity=2
])
def test_parse_histogram_line_tolerates_absence(text):
    assert ceiling.parse_histogram_line(text) == {}


def test_parse_histogram_line_variants_and_last_wins():
    text = ("histogram: 10 row visits, 20 bin updates, 3 s\n"
            "[qgbm] [Info] Histogram: 1.5e-1 seconds, 7 row visits, 14 bin updates\n")
    assert ceiling.parse_histogram_line(text) == {
        "row_visits": 7.0, "bin_updates": 14.0, "seconds": 0.15}


STREAM_OUT = """# STREAM: 3 arrays x 256 MiB of double, best of 5
copy_gbps 1 20.05
triad_gbps 1 23.45
copy_gbps 2 30.00
triad_gbps 2 40.00
# histogram: 16 features x 256 bins
hist_gups 1 2.5
hist_gups 2 5.0
garbage line 3
"""


def test_parse_stream_output():
    m = ceiling.parse_stream_output(STREAM_OUT)
    assert m.triad_gbps == {1: 23.45, 2: 40.0} and m.copy_gbps == {1: 20.05, 2: 30.0}
    assert m.hist_gups == {1: 2.5, 2: 5.0}
    assert m.bandwidth_gbps(2) == 40.0 and m.update_gups(1) == 2.5
    assert m.bandwidth_gbps(16) == 40.0  # the largest measured count not above 16
    assert not m.empty()
    assert ceiling.parse_stream_output("nothing here").empty()


def test_roofline_arithmetic():
    m = ceiling.parse_stream_output(STREAM_OUT)
    # 1e9 visits x 28 features; quantized: 28 x 1 B + 2 B + 4 B = 34 B per visit.
    roof = ceiling.roofline(1e9, 28e9, 4.0, "q", 255, m, threads=2)
    assert roof.features == 28 and roof.bytes_per_visit == 34 and roof.bytes == 34e9
    assert math.isclose(roof.bandwidth_floor_s, 34e9 / 40e9)
    assert math.isclose(roof.update_floor_s, 28e9 / 5e9)       # 5.6 s: update-bound
    assert math.isclose(roof.ceiling_s, 5.6)
    assert math.isclose(roof.fraction, 5.6 / 4.0)
    assert math.isclose(roof.achieved_gbps, 34e9 / 4.0 / 1e9)
    assert math.isclose(roof.achieved_gups, 7.0)
    # fp32 gradients move 8 B per visit; <= 16 bins pack two codes per byte.
    fp = ceiling.roofline(1e9, 28e9, 4.0, "fp", 15, m, threads=1)
    assert fp.bytes_per_visit == 28 * 0.5 + 8 + 4
    assert math.isclose(fp.bandwidth_floor_s, 26e9 / 23.45e9)
    assert math.isclose(fp.update_floor_s, 28e9 / 2.5e9)


def test_roofline_without_machine_or_counters():
    roof = ceiling.roofline(100, 700, 0.5, "q", 255, None, threads=2)
    assert math.isnan(roof.fraction) and math.isclose(roof.achieved_gbps, 100 * 13 / 0.5 / 1e9)
    assert ceiling.roofline(float("nan"), 700, 0.5, "q", 255, None, 2) is None
    assert ceiling.roofline(100, 700, 0.0, "q", 255, None, 2) is None


def test_measure_machine_skips_a_missing_binary(tmp_path):
    machine, note = ceiling.measure_machine(tmp_path / "absent", threads=2)
    assert machine is None and "not found" in note


def test_measure_machine_runs_the_program(tmp_path):
    fake = tmp_path / "fake_ceiling"
    fake.write_text("#!/bin/sh\necho \"$@\" > " + str(tmp_path / "args") + "\ncat <<'X'\n"
                    + STREAM_OUT + "X\n")
    fake.chmod(0o755)
    machine, note = ceiling.measure_machine(fake, threads=2)
    assert machine.triad_gbps[2] == 40.0 and "triad" in note
    assert (tmp_path / "args").read_text().split()[:2] == ["--threads", "1,2"]


def test_summary_reports_the_ceiling_fraction():
    m = ceiling.parse_stream_output(STREAM_OUT)
    q = _result("qgbm", "q", 2.0)
    q.hist_row_visits, q.hist_bin_updates, q.hist_s = 1e9, 28e9, 4.0
    rows = report.summarise([q, _result("lightgbm", "q", 2.0)], {"d": (10, 28)}, iterations=1,
                            machine=m, threads=2, max_bin=255)
    assert math.isclose(rows[0].hist_fraction, 1.4) and rows[0].hist_s == 4.0
    assert math.isnan(rows[1].hist_fraction)
    assert "| 4.00 | 140 |" in report.markdown_table(rows)
    section = report.roofline_section(rows, m, "", threads=2, max_bin=255)
    assert ("| d | qgbm quantized | 1,000,000,000 | 28,000,000,000 | 28.0 | 34.0 | 34 "
            "| 4 | 8.5 | 7 | 0.85 | 5.6 | 1.40 |") in section
    assert "triad 23.45 GB/s on 1 thread, 40.00 GB/s on 2 threads" in section
    doc = report.document(rows, "cmd", "settings", section, "x.png")
    assert "![training time by library and dataset](x.png)" in doc and section in doc


def test_roofline_section_without_ceiling_or_line():
    rows = report.summarise([_result("qgbm", "q", 2.0)], {"d": (10, 28)}, iterations=1)
    assert report.roofline_section(rows, None, "missing", 2, 255) == ""
    m = ceiling.parse_stream_output(STREAM_OUT)
    assert "No qgbm run printed" in report.roofline_section(rows, m, "", 2, 255)


def test_write_plot(tmp_path):
    pytest.importorskip("matplotlib")
    results = [_result("lightgbm", "q", 2.0), _result("lightgbm", "fp", 4.0),
               _result("qgbm", "q", 1.0), _result("xgboost", "fp", 30.0)]
    other = _result("qgbm", "q", 0.2)
    other.dataset = "e"
    rows = report.summarise(results + [other], {"d": (10, 1), "e": (10, 1)}, iterations=1)
    png = tmp_path / "out" / "run.png"
    assert plot.write_plot(rows, png, subtitle="test")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_redraws_from_a_raw_csv(tmp_path):
    pytest.importorskip("matplotlib")
    q = _result("qgbm", "q", 1.0)
    q.hist_s = 0.25
    raw = tmp_path / "run.csv"
    report.write_raw_csv([q, _result("lightgbm", "q", 2.0)], raw)
    back = plot.results_from_csv(raw)
    assert repr(back[0]) == repr(q)  # repr: NaN fields compare equal
    assert back[1].library == "lightgbm" and math.isnan(back[1].hist_s)
    assert plot.main([str(raw)]) == 0 and (tmp_path / "run.png").is_file()
