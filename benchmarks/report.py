"""Summarises benchmark runs: medians over repetitions, ratios to LightGBM, Markdown and CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import math
import os
import platform
import statistics
from pathlib import Path

from ceiling import (GRAD_BYTES, ROW_INDEX_BYTES, STREAM_REPS, MachineCeiling, Roofline,
                     bin_bytes, roofline)
from runners import VARIANTS, RunResult


@dataclasses.dataclass
class Row:
    dataset: str
    library: str
    mode: str
    label: str
    wall_s: float
    startup_s: float
    vs_lgb_q: float
    vs_lgb_fp: float
    load_s: float
    train_s: float
    ns_per_cell: float   # training ns per (row x feature x tree): a machine-normalised cost
    auc: float
    peak_rss_mib: float
    reps: int
    error: str = ""
    hist_s: float = float("nan")           # qgbm: seconds building histograms (its log line)
    hist_fraction: float = float("nan")    # ceiling time / hist_s (ANCHORS.md 2.6)
    roofline: Roofline | None = None       # the arithmetic behind hist_fraction


def _median(values: list[float]) -> float:
    good = [v for v in values if not math.isnan(v)]
    return statistics.median(good) if good else float("nan")


def summarise(results: list[RunResult], shapes: dict[str, tuple[int, int]], iterations: int,
              machine: MachineCeiling | None = None, threads: int = 2,
              max_bin: int = 255) -> list[Row]:
    """shapes: dataset -> (train rows, features). Rows come out in dataset, then VARIANTS order.
    machine: the measured ceiling (None: the fraction column stays empty)."""
    groups: dict[tuple[str, str, str], list[RunResult]] = {}
    for r in results:
        groups.setdefault((r.dataset, r.library, r.mode), []).append(r)

    rows: list[Row] = []
    for dataset in dict.fromkeys(r.dataset for r in results):
        walls, jobs = {}, {}
        for (ds, lib, mode), runs in groups.items():
            if ds == dataset:
                walls[(lib, mode)] = _median([r.wall_s for r in runs if not r.error])
                jobs[(lib, mode)] = _median([r.wall_s - r.startup_s for r in runs if not r.error])
        for lib, mode in VARIANTS:
            runs = groups.get((dataset, lib, mode))
            if not runs:
                continue
            ok = [r for r in runs if not r.error]
            wall, job = walls[(lib, mode)], jobs[(lib, mode)]
            train = _median([r.train_s for r in ok])
            n_rows, n_feat = shapes.get(dataset, (0, 0))
            cells = n_rows * n_feat * iterations
            hist_s = _median([r.hist_s for r in ok])
            # The counters are the same in every repetition (same data, seed and parameters);
            # the median also covers a CLI whose counts vary.
            roof = roofline(_median([r.hist_row_visits for r in ok]),
                            _median([r.hist_bin_updates for r in ok]), hist_s, mode, max_bin,
                            machine, threads)
            rows.append(Row(
                dataset=dataset, library=lib, mode=mode, label=runs[0].label, wall_s=wall,
                startup_s=_median([r.startup_s for r in ok]),
                vs_lgb_q=job / jobs.get(("lightgbm", "q"), float("nan")),
                vs_lgb_fp=job / jobs.get(("lightgbm", "fp"), float("nan")),
                load_s=_median([r.load_s for r in ok]), train_s=train,
                ns_per_cell=train * 1e9 / cells if cells else float("nan"),
                auc=_median([r.auc for r in ok]),
                peak_rss_mib=max((r.peak_rss_mib for r in ok if not math.isnan(r.peak_rss_mib)),
                                 default=float("nan")),
                reps=len(ok), error="; ".join(sorted({r.error.splitlines()[0] for r in runs
                                                      if r.error})),
                hist_s=hist_s, hist_fraction=roof.fraction if roof else float("nan"),
                roofline=roof))
    return rows


def _fmt(value: float, digits: int) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _sig(value: float, digits: int = 3) -> str:
    """Significant digits: the ceiling arithmetic spans milliseconds to minutes."""
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}g}"


def markdown_table(rows: list[Row]) -> str:
    head = ("| dataset | library / mode | wall s (median) | startup s | × LGB-q | × LGB-fp32 | "
            "load s | train s | ns / (row·feature·tree) | hist s | hist ceiling % | test AUC | "
            "peak RSS MiB | reps |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        wall = _fmt(r.wall_s, 2) if not r.error or r.reps else f"failed: {r.error[:60]}"
        lines.append(
            f"| {r.dataset} | {r.label} | {wall} | {_fmt(r.startup_s, 2)} "
            f"| {_fmt(r.vs_lgb_q, 2)} | {_fmt(r.vs_lgb_fp, 2)} "
            f"| {_fmt(r.load_s, 2)} | {_fmt(r.train_s, 2)} | {_fmt(r.ns_per_cell, 3)} "
            f"| {_fmt(r.hist_s, 2)} | {_fmt(100.0 * r.hist_fraction, 0)} "
            f"| {_fmt(r.auc, 4)} | {_fmt(r.peak_rss_mib, 0)} | {r.reps} |")
    return "\n".join(lines) + "\n"


NOTES = """\
Columns: *wall* is the whole job in fresh processes, end to end (start-up, parsing, binning,
training with AUC on the test file each iteration unless `--no-valid`, prediction of the test
file); for qgbm it is `qgbm train` + `qgbm predict`, for LightGBM and XGBoost one Python process
(import included). *startup* is the Python interpreter start and imports of the LightGBM and
XGBoost jobs (wall minus their load, train and predict phases; 0 for the qgbm CLI). *× LGB-q* /
*× LGB-fp32* are ratios of wall minus startup (below 1 = faster than LightGBM), so that the
comparison is the one a LightGBM CLI user would see. *load* and *train* are the phases each tool reports (LightGBM: Dataset construction
and `lgb.train`; XGBoost: pandas read + QuantileDMatrix, and `xgb.train`; qgbm: its `time:`
line, load + binning). *ns / (row·feature·tree)* = train s / (train rows × features ×
iterations). *hist s* (qgbm only) is the time qgbm reports for building histograms; *hist
ceiling %* is the machine's floor for that same work divided by *hist s* (100 % = at the
physical limit; the arithmetic is in the section below the table). AUC is computed by
scikit-learn from each tool's saved test predictions.
"""


def roofline_section(rows: list[Row], machine: MachineCeiling | None, machine_note: str,
                     threads: int, max_bin: int) -> str:
    """The histogram-ceiling arithmetic of ANCHORS.md 2.6 for every qgbm row that has it."""
    measured = [r for r in rows if r.roofline is not None]
    if not measured and machine is None:
        return ""
    lines = ["## Histogram construction against the machine ceiling (ANCHORS.md §2.6)", ""]
    if machine is not None:
        lines.append(f"Machine ceiling, measured by `qgbm_stream_ceiling` at the start of this run "
                     f"(best of {STREAM_REPS}, STREAM byte counting): {machine.summary()}.")
    else:
        lines.append(f"No machine ceiling: {machine_note}.")
    lines += ["",
              f"Bytes per row visit = F × b + g + i: F features used (bin updates / row visits), "
              f"b = {bin_bytes(max_bin):g} B per bin code (max_bin {max_bin}), g = "
              f"{GRAD_BYTES['q']} B quantized (int8 gradient + uint8 hessian) or "
              f"{GRAD_BYTES['fp']} B fp32 gradient pair, i = {ROW_INDEX_BYTES} B row index. "
              f"Ceiling time = max(bytes / triad bandwidth, bin updates / update rate) at "
              f"{threads} thread{'s' if threads > 1 else ''}; fraction = ceiling time / hist s.",
              ""]
    if not measured:
        lines.append("No qgbm run printed a `histogram:` line, so there is nothing to compare.")
        return "\n".join(lines) + "\n"
    head = ("| dataset | library / mode | row visits | bin updates | F | B / visit | GB moved | "
            "hist s | GB/s achieved | G updates/s achieved | bandwidth floor s | "
            "update floor s | fraction |")
    lines += [head, "|" + "---|" * (head.count("|") - 1)]
    for r in measured:
        f = r.roofline
        lines.append(
            f"| {r.dataset} | {r.label} | {f.row_visits:,.0f} | {f.bin_updates:,.0f} "
            f"| {_fmt(f.features, 1)} | {_fmt(f.bytes_per_visit, 1)} | {_sig(f.bytes / 1e9)} "
            f"| {_sig(f.hist_s)} | {_sig(f.achieved_gbps)} | {_sig(f.achieved_gups)} "
            f"| {_sig(f.bandwidth_floor_s)} | {_sig(f.update_floor_s)} | {_fmt(f.fraction, 2)} |")
    return "\n".join(lines) + "\n"


def machine_info() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "nproc": str(os.cpu_count()), "memory": mem,
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


def library_versions() -> str:
    out = []
    for name in ("lightgbm", "xgboost", "sklearn"):
        try:
            module = __import__(name)
            out.append(f"{name} {module.__version__}")
        except ImportError:
            pass
    return ", ".join(out)


def write_raw_csv(results: list[RunResult], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        fields = [fld.name for fld in dataclasses.fields(RunResult)]
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        for r in results:
            writer.writerow({k: getattr(r, k) for k in fields})


def document(rows: list[Row], command: str, settings_line: str, roofline_text: str = "",
             plot_link: str | None = None) -> str:
    """The whole Markdown report. plot_link: path of the PNG relative to the .md file."""
    info = machine_info()
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    plot = f"![training time by library and dataset]({plot_link})\n\n" if plot_link else ""
    roof = f"\n{roofline_text}" if roofline_text else ""
    return (f"# qgbm benchmark results\n\n"
            f"Date: {now}. Machine: {info['cpu']}, {info['nproc']} cores, {info['memory']}, "
            f"{info['os']}, Python {info['python']} ({library_versions()}).\n\n"
            f"Command:\n\n```\n{command}\n```\n\n"
            f"Settings: {settings_line}\n\n"
            f"{markdown_table(rows)}\n{plot}{NOTES}{roof}")


def unique_path(directory: Path, stem: str, suffix: str) -> Path:
    """results/<date>.md, or <date>-2.md ... when that day already has a file."""
    directory.mkdir(parents=True, exist_ok=True)
    path, n = directory / f"{stem}{suffix}", 2
    while path.exists():
        path, n = directory / f"{stem}-{n}{suffix}", n + 1
    return path
