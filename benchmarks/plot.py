"""Bar chart of a benchmark run: time per library/mode, grouped by dataset, one PNG.

run.py calls write_plot for every run; to redraw the chart of an earlier run from its raw CSV:
  python3 benchmarks/plot.py benchmarks/results/<date>.csv     # writes <date>.png beside it

Two panels: the training phase each tool reports (boosting only), and the whole job minus the
Python start-up (what the × columns of the report compare). Each bar is labelled with its ratio to
LightGBM quantized on the same dataset (LightGBM fp32 when quantized was not run).
"""

from __future__ import annotations

import csv
import dataclasses
import math
import sys
from pathlib import Path

from report import Row, summarise
from runners import VARIANTS, RunResult

# One colour per library, darker for quantized gradients: the pairs read as pairs.
COLOURS = {
    ("qgbm", "q"): "#1f4e9c", ("qgbm", "fp"): "#7da7e0",
    ("lightgbm", "q"): "#2e7d32", ("lightgbm", "fp"): "#94c796",
    ("xgboost", "fp"): "#e08a2c",
}
# Past this spread a linear axis flattens the small datasets to nothing.
LOG_SCALE_SPREAD = 20.0


def _job_s(r: Row) -> float:
    return r.wall_s - r.startup_s


def _reference(rows: list[Row], dataset: str, value) -> float:
    for mode in ("q", "fp"):
        for r in rows:
            if r.dataset == dataset and r.library == "lightgbm" and r.mode == mode:
                v = value(r)
                if not math.isnan(v) and v > 0:
                    return v
    return float("nan")


def _panel(ax, rows: list[Row], datasets: list[str], variants: list[tuple[str, str]], value,
           title: str) -> list[float]:
    """Draws one panel's bars; returns their heights."""
    width = 0.8 / max(1, len(variants))
    heights = []
    for k, (lib, mode) in enumerate(variants):
        xs, ys, labels = [], [], []
        for i, dataset in enumerate(datasets):
            row = next((r for r in rows if (r.dataset, r.library, r.mode) == (dataset, lib, mode)),
                       None)
            v = value(row) if row is not None else float("nan")
            if math.isnan(v) or v <= 0:
                continue
            ref = _reference(rows, dataset, value)
            xs.append(i - 0.4 + width * (k + 0.5))
            ys.append(v)
            labels.append("" if math.isnan(ref) else f"{v / ref:.2f}×")
        if not xs:
            continue
        label = next(r.label for r in rows if (r.library, r.mode) == (lib, mode))
        bars = ax.bar(xs, ys, width, label=label, color=COLOURS.get((lib, mode), "grey"))
        ax.bar_label(bars, labels=labels, fontsize=7, rotation=90, padding=2)
        heights += ys
    ax.set_xticks(range(len(datasets)), datasets, rotation=20)
    ax.set_ylabel("seconds (median)")
    ax.set_title(title, fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    return heights


def _scale(axes, heights: list[float]) -> None:
    # One scale for both panels, so they read alike.
    if not heights:
        return
    log = max(heights) / min(heights) > LOG_SCALE_SPREAD
    for ax in axes:
        if log:
            ax.set_yscale("log")
            ax.set_ylim(min(heights) / 2, max(heights) * 4)  # room for the rotated labels
        else:
            ax.set_ylim(0, max(heights) * 1.25)


def write_plot(rows: list[Row], path: Path, subtitle: str = "") -> bool:
    """Writes the PNG; returns False (after saying why) when it cannot, so a run never fails on
    its chart."""
    try:
        import matplotlib
        matplotlib.use("Agg")  # files only: no display on CI or a remote machine
        import matplotlib.pyplot as plt
    except ImportError as exc:
        print(f"[bench] no plot: {exc} (pip install -r tools/requirements-dev.txt)",
              file=sys.stderr)
        return False
    datasets = list(dict.fromkeys(r.dataset for r in rows))
    present = {(r.library, r.mode) for r in rows}
    variants = [v for v in VARIANTS if v in present]
    if not datasets or not variants:
        return False
    fig, axes = plt.subplots(1, 2, figsize=(max(8.0, 2.2 * len(datasets) + 4.0), 4.8))
    heights = _panel(axes[0], rows, datasets, variants, lambda r: r.train_s,
                     "training (each tool's own timer)")
    heights += _panel(axes[1], rows, datasets, variants, _job_s,
                      "whole job minus Python start-up")
    _scale(axes, heights)
    handles, labels = axes[1].get_legend_handles_labels()
    if not handles:
        handles, labels = axes[0].get_legend_handles_labels()
    # Below the panels, where it cannot hide a bar.
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8, frameon=False)
    fig.suptitle("Time by library and dataset; labels: ratio to LightGBM quantized"
                 + (f"\n{subtitle}" if subtitle else ""), fontsize=10)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def results_from_csv(path: Path) -> list[RunResult]:
    """The per-repetition results of a run's raw CSV (columns added later keep their default)."""
    types = {f.name: f.type for f in dataclasses.fields(RunResult)}
    results = []
    with open(path, newline="") as f:
        for record in csv.DictReader(f):
            kwargs = {}
            for key, text in record.items():
                if key not in types:
                    continue
                kind = types[key] if isinstance(types[key], str) else types[key].__name__
                kwargs[key] = int(text) if kind == "int" else float(text) if kind == "float" \
                    else text
            results.append(RunResult(**kwargs))
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].endswith(".csv"):
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[0])
    # Shapes and iteration count only feed ns/(row·feature·tree), which the chart does not show.
    rows = summarise(results_from_csv(source), {}, iterations=1)
    png = source.with_suffix(".png")
    if not write_plot(rows, png):
        return 1
    print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
