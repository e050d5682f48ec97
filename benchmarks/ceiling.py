"""How close qgbm's histogram construction gets to the machine's physical limit.

ANCHORS.md section 2.6: building a histogram streams bin codes, gradients and row indices from
memory and scatters adds into a cache-resident histogram, so its floor is the larger of
  bytes moved / sustained bandwidth   and   bin updates / sustained update rate.
The machine numbers come from benchmarks/micro/stream_ceiling.cc (run once per run.py
invocation); the work numbers from qgbm's log line
  [qgbm] [Info] histogram: <row visits> row visits, <bin updates> bin updates, <seconds> s
"""

from __future__ import annotations

import math
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# Bytes per row visit besides the bin codes (ANCHORS.md 2.6): the gradient pair and the 4-byte
# row index of a leaf's gathered rows. Quantized: int8 gradient + uint8 hessian packed in 2 bytes;
# full precision: two float32.
GRAD_BYTES = {"q": 2, "fp": 8}
ROW_INDEX_BYTES = 4
STREAM_REPS = 5  # repetitions of each ceiling measurement; the best one is kept


def bin_bytes(max_bin: int) -> float:
    """Bytes per feature code: 0.5 for <= 16 bins (two codes per byte), 1 for <= 256, else 2."""
    return 0.5 if max_bin <= 16 else 1.0 if max_bin <= 256 else 2.0


@dataclass
class MachineCeiling:
    """Measured values keyed by thread count: GB/s (1e9 B/s) and G updates/s (all threads)."""
    copy_gbps: dict[int, float] = field(default_factory=dict)
    triad_gbps: dict[int, float] = field(default_factory=dict)
    hist_gups: dict[int, float] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.triad_gbps and self.hist_gups)

    @staticmethod
    def _at(values: dict[int, float], threads: int) -> float:
        # The measurement at the largest thread count not above `threads`: run.py measures the
        # exact count it trains with, and an under-threaded figure only makes the ceiling lower.
        usable = [t for t in values if t <= threads] or list(values)
        return values[max(usable)] if usable else float("nan")

    def bandwidth_gbps(self, threads: int) -> float:
        return self._at(self.triad_gbps, threads)

    def update_gups(self, threads: int) -> float:
        return self._at(self.hist_gups, threads)

    def summary(self) -> str:
        parts = []
        for name, values, unit in (("copy", self.copy_gbps, "GB/s"),
                                   ("triad", self.triad_gbps, "GB/s"),
                                   ("histogram updates", self.hist_gups, "G/s")):
            if values:
                per = ", ".join(f"{v:.2f} {unit} on {t} thread{'s' if t > 1 else ''}"
                                for t, v in sorted(values.items()))
                parts.append(f"{name} {per}")
        return "; ".join(parts)


_STREAM_LINE = re.compile(r"^\s*(copy_gbps|triad_gbps|hist_gups)\s+(\d+)\s+([0-9.eE+-]+)\s*$")


def parse_stream_output(text: str) -> MachineCeiling:
    """Reads the '<name> <threads> <value>' lines of qgbm_stream_ceiling; ignores the rest."""
    ceiling = MachineCeiling()
    for line in text.splitlines():
        m = _STREAM_LINE.match(line)
        if not m:
            continue
        try:
            value = float(m.group(3))
        except ValueError:
            continue
        if math.isfinite(value) and value > 0:
            getattr(ceiling, m.group(1))[int(m.group(2))] = value
    return ceiling


def measure_machine(binary: Path, threads: int, timeout_s: int = 300
                    ) -> tuple[MachineCeiling | None, str]:
    """Runs the ceiling program for 1 and `threads` threads. Returns (ceiling or None, a note
    saying what happened), so a missing or failing binary never stops a benchmark run."""
    if not binary.is_file():
        return None, (f"{binary} not found; build it with -DQGBM_BUILD_BENCHMARKS=ON "
                      "(target qgbm_stream_ceiling) to get the histogram-ceiling column")
    counts = ",".join(str(t) for t in sorted({1, max(1, threads)}))
    try:
        proc = subprocess.run([str(binary), "--threads", counts, "--reps", str(STREAM_REPS)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout_s)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"{binary} failed: {exc}"
    ceiling = parse_stream_output(proc.stdout)
    if proc.returncode != 0 or ceiling.empty():
        return None, f"{binary} exited {proc.returncode}: {proc.stdout.strip()[-300:]}"
    return ceiling, ceiling.summary()


_HIST_LINE = re.compile(r"\bhistogram\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_HIST_FIELDS = {
    "row_visits": re.compile(r"([0-9]+)\s*row\s*visits", re.IGNORECASE),
    "bin_updates": re.compile(r"([0-9]+)\s*bin\s*updates", re.IGNORECASE),
    # Digits directly followed by a seconds unit; the counters are followed by words, so they
    # never match this.
    "seconds": re.compile(r"([0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\s*(?:s|sec|seconds?)\b",
                          re.IGNORECASE),
}


def parse_histogram_line(text: str) -> dict[str, float]:
    """Work counters from the last 'histogram:' line of a qgbm log: row_visits, bin_updates,
    seconds. Empty when the line is absent (an older CLI) or incomplete."""
    found: dict[str, float] = {}
    for line in text.splitlines():
        m = _HIST_LINE.search(line)
        if not m:
            continue
        fields = {}
        for name, pattern in _HIST_FIELDS.items():
            f = pattern.search(m.group("rest"))
            if f:
                fields[name] = float(f.group(1))
        if len(fields) == 3:
            found = fields
    return found


@dataclass
class Roofline:
    row_visits: float
    bin_updates: float
    features: float         # bin updates per row visit = features used
    bytes_per_visit: float  # F*b + g + i
    bytes: float            # total bytes histogram construction must move
    hist_s: float           # measured histogram seconds
    achieved_gbps: float
    achieved_gups: float
    bandwidth_floor_s: float
    update_floor_s: float
    ceiling_s: float        # max of the two floors
    fraction: float         # ceiling_s / hist_s: 1.0 = at the machine's limit


def roofline(row_visits: float, bin_updates: float, hist_s: float, mode: str, max_bin: int,
             machine: MachineCeiling | None, threads: int) -> Roofline | None:
    """The arithmetic of ANCHORS.md 2.6 for one run; None when a needed number is missing."""
    if not (row_visits > 0 and bin_updates > 0 and hist_s > 0) or mode not in GRAD_BYTES:
        return None
    features = bin_updates / row_visits
    per_visit = features * bin_bytes(max_bin) + GRAD_BYTES[mode] + ROW_INDEX_BYTES
    total = row_visits * per_visit
    bw_floor = upd_floor = float("nan")
    if machine is not None and not machine.empty():
        bw_floor = total / (machine.bandwidth_gbps(threads) * 1e9)
        upd_floor = bin_updates / (machine.update_gups(threads) * 1e9)
    ceiling_s = max(bw_floor, upd_floor) if not math.isnan(bw_floor) else float("nan")
    return Roofline(row_visits=row_visits, bin_updates=bin_updates, features=features,
                    bytes_per_visit=per_visit, bytes=total, hist_s=hist_s,
                    achieved_gbps=total / hist_s / 1e9, achieved_gups=bin_updates / hist_s / 1e9,
                    bandwidth_floor_s=bw_floor, update_floor_s=upd_floor, ceiling_s=ceiling_s,
                    fraction=ceiling_s / hist_s)
