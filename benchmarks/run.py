#!/usr/bin/env python3
"""End-to-end benchmark: qgbm (quantized and fp32) against LightGBM and XGBoost.

Each library trains the same tree shape on the same CSV files, in its own process, and the
harness reports median wall time, the ratio to LightGBM, test AUC and peak RSS.

  python3 benchmarks/run.py                                   # all real datasets, 3 reps
  python3 benchmarks/run.py --datasets flights_3m --reps 3 --update-results
  python3 benchmarks/run.py --datasets synthetic --rows 10000000
  python3 benchmarks/run.py --libs lightgbm,xgboost --datasets higgs_11k
  python3 benchmarks/run.py --smoke                           # CI: tiny, < 1 minute

When build/qgbm_stream_ceiling exists (-DQGBM_BUILD_BENCHMARKS=ON), the machine's bandwidth and
histogram update rate are measured once first, and qgbm's histogram time is reported as a
fraction of that ceiling (ANCHORS.md section 2.6).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ceiling  # noqa: E402
import datasets  # noqa: E402
import plot  # noqa: E402
import report  # noqa: E402
from runners import VARIANTS, Settings, library_available, run_one  # noqa: E402

REPO = HERE.parent
DEFAULT_DATASETS = ["flights_3m", "covertype", "credit_default", "higgs_11k"]
ALL_LIBS = ["qgbm", "lightgbm", "xgboost"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--datasets", default=",".join(DEFAULT_DATASETS),
                   help=f"comma list from: {', '.join(datasets.NAMES)}")
    p.add_argument("--libs", default=",".join(ALL_LIBS), help="comma list from: qgbm,lightgbm,xgboost")
    p.add_argument("--modes", default="q,fp", help="q (quantized gradients), fp (full precision)")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--iterations", type=int, default=100)
    p.add_argument("--num-leaves", type=int, default=255)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rows", type=int, default=None,
                   help=f"synthetic rows, train+test (default {datasets.SYNTHETIC_DEFAULT_ROWS:,})")
    p.add_argument("--no-valid", action="store_true",
                   help="do not evaluate AUC on the test file during training (any library)")
    p.add_argument("--qgbm", type=Path, default=REPO / "build" / "qgbm", help="path to the qgbm CLI")
    p.add_argument("--qgbm-extra", default="", help="extra key=value arguments for 'qgbm train'")
    p.add_argument("--timeout", type=int, default=3600, help="seconds per training process")
    p.add_argument("--stream-bin", type=Path, default=REPO / "build" / "qgbm_stream_ceiling",
                   help="machine-ceiling program (benchmarks/micro/stream_ceiling.cc); "
                        "skipped when missing")
    p.add_argument("--no-ceiling", action="store_true",
                   help="do not measure the machine ceiling (no histogram-ceiling fraction)")
    p.add_argument("--smoke", action="store_true",
                   help="CI check of the harness: higgs_11k, 5 iterations, 1 rep, qgbm + LightGBM")
    p.add_argument("--update-results", action="store_true",
                   help="also rewrite benchmarks/RESULTS.md with this run")
    p.add_argument("--out-dir", type=Path, default=None,
                   help="where <date>.md/.csv go (default benchmarks/results; smoke: the cache dir)")
    args = p.parse_args(argv)
    if args.smoke:
        args.datasets, args.libs, args.iterations, args.reps = "higgs_11k", "qgbm,lightgbm", 5, 1
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    names = [d for d in args.datasets.split(",") if d]
    libs = [lib for lib in args.libs.split(",") if lib]
    modes = [m for m in args.modes.split(",") if m]
    for lib in libs:
        if lib not in ALL_LIBS:
            print(f"error: unknown library '{lib}'", file=sys.stderr)
            return 2
    settings = Settings(iterations=args.iterations, num_leaves=args.num_leaves,
                        threads=args.threads, valid=not args.no_valid,
                        qgbm_bin=args.qgbm.resolve(), qgbm_extra=shlex.split(args.qgbm_extra),
                        timeout_s=args.timeout)

    runnable = []
    for lib in libs:
        reason = library_available(lib, settings)
        if reason is None:
            runnable.append(lib)
        elif lib == "qgbm":
            # The harness exists to measure qgbm: without the CLI there is nothing to check.
            print(f"error: {reason}", file=sys.stderr)
            return 2
        else:
            print(f"[bench] skipping {lib}: {reason}", file=sys.stderr)

    load_at_start = os.getloadavg()[0]
    if load_at_start > 0.25 * (os.cpu_count() or 1):
        # OpenMP threads that lose their core to another job stall at every barrier; on a
        # busy 2-core machine that turns 0.1 s of training into seconds.
        print(f"[bench] warning: load average {load_at_start:.2f} on {os.cpu_count()} cores; "
              "timings will be noisy", file=sys.stderr)

    # Measured before any training and only once: it takes a few seconds and describes the
    # machine, not a run. Without it the report still shows qgbm's achieved GB/s and updates/s.
    machine, machine_note = None, "--no-ceiling"
    if not args.no_ceiling:
        machine, machine_note = ceiling.measure_machine(args.stream_bin.resolve(), args.threads)
        print(f"[bench] machine ceiling: {machine_note}", file=sys.stderr, flush=True)

    variants = [(lib, m) for lib, m in VARIANTS if lib in runnable and m in modes]
    results, shapes = [], {}
    for name in names:
        data = datasets.prepare(name, rows=args.rows)
        shapes[name] = (data.n_train, data.n_features)
        for rep in range(args.reps):
            # Interleave variants within a repetition, so slow drift of the machine (other jobs,
            # thermal state) spreads over all of them rather than biasing one.
            for lib, mode in variants:
                r = run_one(data, lib, mode, rep, settings)
                results.append(r)
                status = f"FAILED: {r.error}" if r.error else (
                    f"wall {r.wall_s:.2f} s, train {r.train_s:.2f} s, AUC {r.auc:.4f}, "
                    f"RSS {r.peak_rss_mib:.0f} MiB")
                print(f"[bench] {name} rep {rep + 1}/{args.reps} {r.label}: {status}",
                      file=sys.stderr, flush=True)

    rows = report.summarise(results, shapes, args.iterations, machine=machine,
                            threads=args.threads, max_bin=settings.max_bin)
    roof_text = report.roofline_section(rows, machine, machine_note, args.threads,
                                        settings.max_bin)
    command = "python3 benchmarks/run.py " + " ".join(shlex.quote(a) for a in argv)
    settings_line = (f"{args.iterations} iterations, {args.num_leaves} leaves, learning rate 0.1, "
                     f"max_bin 255, min_data_in_leaf 20, {args.threads} threads, "
                     f"{'no validation' if args.no_valid else 'AUC on the test file each iteration'}"
                     f", median of {args.reps}. Load average at start: {load_at_start:.2f}.")
    print(report.markdown_table(rows))
    if roof_text:
        print(roof_text)

    out_dir = args.out_dir or (datasets.cache_dir() / "results" if args.smoke else HERE / "results")
    stamp = dt.date.today().isoformat()
    md = report.unique_path(out_dir, stamp, ".md")
    png = md.with_suffix(".png")
    has_plot = plot.write_plot(rows, png, subtitle=f"{args.threads} threads, "
                               f"{args.iterations} iterations, {args.num_leaves} leaves")
    md.write_text(report.document(rows, command, settings_line, roof_text,
                                  png.name if has_plot else None))
    report.write_raw_csv(results, md.with_suffix(".csv"))
    print(f"[bench] wrote {md}, {md.with_suffix('.csv')}" + (f" and {png}" if has_plot else ""),
          file=sys.stderr)
    if args.update_results:
        # RESULTS.md links the chart under results/, where it is kept with the run's .md/.csv.
        link = None
        if has_plot:
            kept = HERE / "results" / png.name
            if kept.resolve() != png.resolve():
                # Never overwrite another run's chart: its report links it by name.
                kept = report.unique_path(kept.parent, png.stem, ".png")
                shutil.copyfile(png, kept)
            link = f"results/{kept.name}"
        (HERE / "RESULTS.md").write_text(report.document(rows, command, settings_line, roof_text,
                                                         link))
        print(f"[bench] updated {HERE / 'RESULTS.md'}", file=sys.stderr)

    failures = [r for r in results if r.error]
    if failures:
        print(f"[bench] {len(failures)} of {len(results)} runs failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
