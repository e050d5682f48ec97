#!/usr/bin/env python3
"""Data-parallel training over MPI: bytes sent per iteration (packed integer histograms against
float64 pairs), wall time for 1, 2 and 4 processes on this machine, and whether every process
count wrote the one-process model byte for byte.

Usage:
  python3 benchmarks/distributed/messages.py --qgbm build-mpi/qgbm [--rows 1000000]
      [--machines 1,2,4] [--iterations 100] [--full-precision]

--full-precision trains with use_quantized_grad=false: histograms of 64-bit fixed-point
gradients cross machines as 16 bytes per bin, the size of a float64 pair, so the two runs give
the measured ratio of quantized to full-precision traffic.

One process trains with num_threads=<cores>; N processes get num_threads=1 each and run
oversubscribed when N exceeds the cores (reported as such: they share the same cores, so the
wall times show overhead, not speed-up). The data are the first --rows rows of flights_3m as
benchmarks/datasets.py prepares it."""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import datasets  # noqa: E402

ENV = {**os.environ, "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
       "OMP_NUM_THREADS": "1"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--qgbm", default="build-mpi/qgbm")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--machines", default="1,2,4")
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--full-precision", action="store_true",
                    help="use_quantized_grad=false: fixed-point histograms (16 bytes per bin); "
                         "the one-process reference then also runs with tree_learner=data")
    args = ap.parse_args()
    qgbm = str(Path(args.qgbm).resolve())
    prepared = datasets.prepare("flights_3m")
    work = datasets.cache_dir() / "distributed"
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"flights_{args.rows}.csv"
    if not data.exists():
        with open(prepared.train) as src, open(data, "w") as dst:
            for i, line in enumerate(src):
                if i > args.rows:
                    break
                dst.write(line)
    common = [f"data={data}", "header=true", "label_column=0", "objective=binary",
              f"num_iterations={args.iterations}", "num_leaves=255", "learning_rate=0.1",
              "max_bin=255", "verbosity=1"]
    if args.full_precision:
        common.append("use_quantized_grad=false")
    mode = "fp" if args.full_precision else "q"
    cores = os.cpu_count() or 1
    reference = work / f"model_{mode}_1.json"
    rows = []
    for n in [int(x) for x in args.machines.split(",")]:
        model = work / f"model_{mode}_{n}.json"
        if n == 1:
            # Full precision with tree_learner=data sums fixed-point histograms: the reference
            # must too (on one process, no mpirun).
            alone = ["tree_learner=data", "num_machines=1"] if args.full_precision else []
            cmd = [qgbm, "train", *common, *alone, f"num_threads={cores}",
                   f"output_model={model}"]
        else:
            cmd = ["timeout", "-k", "5", "1800", "mpirun", "-np", str(n), "--oversubscribe",
                   "--bind-to", "none", qgbm, "train", *common, "tree_learner=data",
                   f"num_machines={n}", "num_threads=1", f"output_model={model}"]
        start = time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
        wall = time.time() - start
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        log = proc.stdout + proc.stderr
        traffic = re.search(r"(\d+) bins, (\d+) bytes sent \((\d+) per iteration; as float64 "
                            r"pairs (\d+), ([\d.]+)x more\)", log)
        total = re.search(r"machine 0 sent (\d+) bytes in collectives \((\d+) per iteration\)", log)
        same = model.read_bytes() == reference.read_bytes()
        rows.append((n, wall, traffic, total, same))
    print(f"| processes | wall s | model = 1 process | histogram bytes / iteration | "
          f"as float64 pairs | ratio | all collectives, bytes / iteration (rank 0) |")
    print("|---|---|---|---|---|---|---|")
    for n, wall, traffic, total, same in rows:
        if traffic is None:
            print(f"| {n} | {wall:.2f} | (reference) | — | — | — | — |")
            continue
        per_iter = int(traffic.group(3))
        fp = int(traffic.group(4)) // args.iterations
        print(f"| {n} | {wall:.2f} | {'yes' if same else 'NO'} | {per_iter:,} | {fp:,} | "
              f"{traffic.group(5)}x | {int(total.group(2)):,} |")
    print(f"\n{'full precision (fixed point)' if args.full_precision else 'quantized'}: "
          f"{args.rows:,} rows of flights_3m, {args.iterations} iterations, 255 leaves, "
          f"{cores} cores; N > 1 processes use num_threads=1 each (oversubscribed above "
          f"{cores}).")
    return 0 if all(r[4] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
