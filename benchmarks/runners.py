"""Runs one training job per library and mode in a subprocess and measures it.

Every run is a separate process, so its wall time covers everything a user waits for (start-up,
parsing, binning, training, prediction) and its peak RSS is its own, not the harness's.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ceiling import parse_histogram_line
from datasets import Prepared

HERE = Path(__file__).resolve().parent

# (library, mode) pairs in table order. "q" = quantized gradients, "fp" = full precision.
VARIANTS = [
    ("qgbm", "q"), ("qgbm", "fp"),
    ("lightgbm", "q"), ("lightgbm", "fp"),
    ("xgboost", "fp"),
]


@dataclass
class Settings:
    iterations: int = 100
    num_leaves: int = 255
    threads: int = 2
    learning_rate: float = 0.1
    max_bin: int = 255
    min_data_in_leaf: int = 20
    valid: bool = True          # evaluate AUC on the test file every iteration (all libraries)
    qgbm_bin: Path = Path("build/qgbm")
    qgbm_extra: list[str] = field(default_factory=list)
    timeout_s: int = 3600


@dataclass
class RunResult:
    dataset: str
    library: str
    mode: str
    rep: int
    wall_s: float = float("nan")       # the whole job: train (+ valid) + predict the test file
    load_s: float = float("nan")       # parsing + binning, as the tool reports it
    train_s: float = float("nan")      # boosting only, as the tool reports it
    predict_s: float = float("nan")
    # Python interpreter start and imports (wall - load - train - predict); 0 for the qgbm CLI.
    # A CLI user never pays it, so ratios are taken on wall - startup.
    startup_s: float = 0.0
    auc: float = float("nan")
    peak_rss_mib: float = float("nan")
    # qgbm only, from its 'histogram:' log line (NaN when the CLI does not print it): rows scanned
    # and bin updates made while building histograms over all trees, and the seconds spent there.
    hist_row_visits: float = float("nan")
    hist_bin_updates: float = float("nan")
    hist_s: float = float("nan")
    error: str = ""

    @property
    def label(self) -> str:
        return f"{self.library} {'quantized' if self.mode == 'q' else 'fp32'}"


def library_available(library: str, settings: Settings) -> str | None:
    """Returns None when the library can run, else the reason it is skipped."""
    if library == "qgbm":
        if not Path(settings.qgbm_bin).is_file() or not os.access(settings.qgbm_bin, os.X_OK):
            return (f"qgbm CLI not found at {settings.qgbm_bin}: build it first "
                    "(tools/setup.sh, or cmake --preset release && cmake --build build)")
        return None
    if importlib.util.find_spec(library) is None:
        return f"Python package '{library}' is not installed (pip install -r tools/requirements-dev.txt)"
    return None


def timed_run(cmd: list[str], timeout_s: int, cwd: Path | None = None
              ) -> tuple[int, float, float, str]:
    """Runs cmd; returns (exit code, wall seconds, peak RSS MiB, stdout+stderr)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        time_bin = shutil.which("time", path="/usr/bin:/bin")
        if time_bin:
            # GNU time reports the child's own max RSS; getrusage(RUSAGE_CHILDREN) in this
            # process would give the maximum over every child so far.
            full = [time_bin, "-f", "%M", "-o", tf.name] + cmd
        else:
            # A fresh wrapper process has exactly one child, so its RUSAGE_CHILDREN is that child's.
            wrapper = ("import resource,subprocess,sys;"
                       "rc=subprocess.call(sys.argv[2:]);"
                       "open(sys.argv[1],'w').write(str(resource.getrusage("
                       "resource.RUSAGE_CHILDREN).ru_maxrss));sys.exit(rc)")
            full = [sys.executable, "-c", wrapper, tf.name] + cmd
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout if isinstance(exc.stdout, str) else ""
            return 124, time.perf_counter() - t0, float("nan"), out + "\n[timed out]"
        wall = time.perf_counter() - t0
        text = Path(tf.name).read_text().split()
        rss_kib = float(text[-1]) if text and text[-1].isdigit() else float("nan")
        return proc.returncode, wall, rss_kib / 1024.0, proc.stdout


# "[qgbm] [Info] time: load 1.23 s, binning 0.45 s, training 6.78 s" - tolerant of '=' or ':'
# between name and number, and of the unit being omitted.
_PHASE_RE = {name: re.compile(rf"\b{name}\s*[:=]?\s*([0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\s*s?\b")
             for name in ("load", "binning", "training", "predict", "prediction")}


def parse_phase_times(text: str) -> dict[str, float]:
    """Extracts phase times from the last 'time:' line the CLI printed."""
    lines = [ln for ln in text.splitlines() if re.search(r"\btime\s*:", ln, re.IGNORECASE)]
    found: dict[str, float] = {}
    for line in lines:
        for name, pattern in _PHASE_RE.items():
            m = pattern.search(line)
            if m:
                found[name] = float(m.group(1))
    return found


def auc_from_predictions(pred: np.ndarray, labels_path: Path) -> float:
    from sklearn.metrics import roc_auc_score
    labels = np.load(labels_path)
    if pred.shape[0] != labels.shape[0]:
        raise ValueError(f"{pred.shape[0]} predictions for {labels.shape[0]} test rows")
    return float(roc_auc_score(labels, pred))


def _tail(text: str, n: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-n:])


def run_qgbm(data: Prepared, mode: str, rep: int, s: Settings, work: Path) -> RunResult:
    res = RunResult(data.name, "qgbm", mode, rep)
    model, pred = work / "m.json", work / "p.txt"
    header = "true" if data.header else "false"
    train_cmd = [str(s.qgbm_bin), "train", f"data={data.train}", f"header={header}",
                 "label_column=0", "objective=binary", "metric=auc",
                 f"num_iterations={s.iterations}", f"num_leaves={s.num_leaves}",
                 f"learning_rate={s.learning_rate}", f"max_bin={s.max_bin}",
                 f"min_data_in_leaf={s.min_data_in_leaf}", f"num_threads={s.threads}",
                 f"use_quantized_grad={'true' if mode == 'q' else 'false'}",
                 # verbosity=1: the phase-time and histogram lines are logged at Info level. The
                 # other Info lines (one metric line per iteration) cost microseconds.
                 f"output_model={model}", "verbosity=1", *s.qgbm_extra]
    if s.valid:
        train_cmd.insert(3, f"valid={data.test}")
    rc, wall_train, rss_train, out = timed_run(train_cmd, s.timeout_s)
    if rc != 0:
        res.error = f"train exited {rc}: {_tail(out)}"
        return res
    phases = parse_phase_times(out)
    hist = parse_histogram_line(out)
    predict_cmd = [str(s.qgbm_bin), "predict", f"data={data.test}", f"header={header}",
                   "label_column=0", f"input_model={model}", f"output_result={pred}",
                   f"num_threads={s.threads}"]
    rc, wall_pred, rss_pred, out = timed_run(predict_cmd, s.timeout_s)
    if rc != 0:
        res.error = f"predict exited {rc}: {_tail(out)}"
        return res
    res.wall_s = wall_train + wall_pred
    res.predict_s = wall_pred
    res.peak_rss_mib = max(rss_train, rss_pred)
    if "load" in phases:
        res.load_s = phases["load"] + phases.get("binning", 0.0)
    res.train_s = phases.get("training", float("nan"))
    if hist:
        res.hist_row_visits, res.hist_bin_updates = hist["row_visits"], hist["bin_updates"]
        res.hist_s = hist["seconds"]
    try:
        scores = pd.read_csv(pred, header=None, usecols=[0]).to_numpy(np.float64)[:, 0]
        res.auc = auc_from_predictions(scores, data.test_labels)
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        res.error = f"bad prediction file {pred}: {exc}"
    return res


def run_python_lib(data: Prepared, library: str, mode: str, rep: int, s: Settings,
                   work: Path) -> RunResult:
    res = RunResult(data.name, library, mode, rep)
    script = HERE / ("lgb_train.py" if library == "lightgbm" else "xgb_train.py")
    pred = work / "pred.npy"
    cmd = [sys.executable, str(script), "--train", str(data.train), "--test", str(data.test),
           "--header", "1" if data.header else "0", "--iterations", str(s.iterations),
           "--num-leaves", str(s.num_leaves), "--threads", str(s.threads),
           "--learning-rate", str(s.learning_rate), "--max-bin", str(s.max_bin),
           "--min-data-in-leaf", str(s.min_data_in_leaf), "--quantized", "1" if mode == "q" else "0",
           "--valid", "1" if s.valid else "0", "--pred-out", str(pred)]
    rc, wall, rss, out = timed_run(cmd, s.timeout_s)
    if rc != 0:
        res.error = f"{script.name} exited {rc}: {_tail(out)}"
        return res
    lines = [ln for ln in out.splitlines() if ln.startswith("RESULT ")]
    if not lines:
        res.error = f"{script.name} printed no RESULT line: {_tail(out)}"
        return res
    info = json.loads(lines[-1][len("RESULT "):])
    res.wall_s, res.peak_rss_mib = wall, rss
    res.load_s, res.train_s, res.predict_s = info["load_s"], info["train_s"], info["predict_s"]
    res.startup_s = max(0.0, wall - res.load_s - res.train_s - res.predict_s)
    res.auc = auc_from_predictions(np.load(pred), data.test_labels)
    return res


def run_one(data: Prepared, library: str, mode: str, rep: int, s: Settings) -> RunResult:
    with tempfile.TemporaryDirectory(prefix=f"qgbm_{library}_") as tmp:
        if library == "qgbm":
            return run_qgbm(data, mode, rep, s, Path(tmp))
        return run_python_lib(data, library, mode, rep, s, Path(tmp))
