#!/usr/bin/env python3
"""Prepares benchmark datasets as train/test CSV files (label in column 0, with a header).

Every library then reads the same bytes: LightGBM and the qgbm CLI parse the CSV in C++, and
XGBoost loads it with pandas. Prepared files are cached in $QGBM_BENCH_DIR (default
/tmp/qgbm_bench) and rebuilt only when the preparation recipe or the source file changes.
Sources are read from $QGBM_SHARED_DATA (default <repo>/../shared/data), which is never written.

Usage: python3 benchmarks/datasets.py [names...] [--rows N] [--force]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
# Bump when a recipe changes, so stale caches are rebuilt instead of silently reused.
RECIPE_VERSION = 1
SYNTHETIC_DEFAULT_ROWS = 10_000_000
SYNTHETIC_FEATURES = 28
SYNTHETIC_CHUNK = 250_000  # fixed, so the data does not depend on how it was generated
SYNTHETIC_WRITE_BLOCK = 50_000  # rows formatted at once: bounds the Python objects alive


@dataclass
class Prepared:
    name: str
    train: Path
    test: Path
    header: bool        # whether the files start with a header line
    n_train: int
    n_test: int
    n_features: int
    test_labels: Path   # .npy of the test labels, for computing AUC outside the timed runs


def shared_data_dir() -> Path:
    return Path(os.environ.get("QGBM_SHARED_DATA", REPO.parent / "shared" / "data"))


def cache_dir() -> Path:
    return Path(os.environ.get("QGBM_BENCH_DIR", "/tmp/qgbm_bench"))


def _source(rel: str) -> Path:
    path = shared_data_dir() / rel
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found (set QGBM_SHARED_DATA to the shared/data folder)")
    return path


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    # Columns read as strings are written back verbatim and floats as their shortest exact repr,
    # so no value loses digits on the way from the source file.
    tmp = path.with_suffix(".tmp")
    frame.to_csv(tmp, index=False, chunksize=200_000)
    tmp.replace(path)


def _split_write(frame: pd.DataFrame, label: str, out: Path, n_test: int | None = None,
                 test_fraction: float | None = None, seed: int = 0) -> tuple[int, int]:
    """Puts the label first, splits (tail rows or a seeded shuffle) and writes train/test."""
    frame = frame[[label] + [c for c in frame.columns if c != label]]
    if n_test is not None:
        train, test = frame.iloc[:-n_test], frame.iloc[-n_test:]
    else:
        order = np.random.default_rng(seed).permutation(len(frame))
        cut = int(round(len(frame) * (1.0 - test_fraction)))
        train, test = frame.iloc[order[:cut]], frame.iloc[order[cut:]]
    _write_csv(train, out / "train.csv")
    _write_csv(test, out / "test.csv")
    np.save(out / "test_labels.npy", pd.to_numeric(test[label]).to_numpy(np.float64))
    return len(train), len(test)


def prep_flights(out: Path) -> tuple[int, int]:
    # Parsed as numbers (not strings): 3M rows of Python strings would cost gigabytes, and every
    # float here has at most 6 significant digits, which repr writes back unchanged.
    frame = pd.read_csv(_source("flights_3m/flights_3m.csv.gz"))
    # 'delay' is the regression target that defines the binary label (delay >= 15): keeping it
    # would hand the model the answer.
    frame = frame.drop(columns=["delay"])
    # One sorted airport table for both columns: deterministic, and the same airport gets the
    # same code as origin and as destination. Category identity carries no label information.
    airports = sorted(set(frame["origin"]) | set(frame["destination"]))
    code = {a: i for i, a in enumerate(airports)}
    frame["origin"] = frame["origin"].map(code).astype(np.int32)
    frame["destination"] = frame["destination"].map(code).astype(np.int32)
    # Rows are in date order: the last 500k rows (late June) are a forward-in-time test set.
    return _split_write(frame, "dep_delayed_15min", out, n_test=500_000)


def prep_covertype(out: Path) -> tuple[int, int]:
    frame = pd.read_csv(_source("covertype/covertype_gcp_union.csv.gz"), dtype=str)
    frame["Cover_Type"] = (frame["Cover_Type"].astype(int) == 2).astype(np.int8)
    areas = {a: i for i, a in enumerate(sorted(frame["Wilderness_Area"].unique()))}
    frame["Wilderness_Area"] = frame["Wilderness_Area"].map(areas).astype(np.int32)
    # The source rows are already in a hash order (a deterministic shuffle), so the tail is a
    # fair test set.
    return _split_write(frame, "Cover_Type", out, n_test=80_000)


def prep_credit(out: Path) -> tuple[int, int]:
    frame = pd.read_csv(_source("credit_default/UCI_Credit_Card.csv.gz"), dtype=str)
    return _split_write(frame, "default", out, test_fraction=0.2, seed=0)


def prep_higgs_11k(out: Path) -> tuple[int, int]:
    # The copy shipped in the repo keeps the CI smoke run independent of ../shared.
    local = REPO / "data" / "higgs_11k.csv.gz"
    src = local if local.is_file() else _source("higgs_sas_11k/higgs.csv.gz")
    frame = pd.read_csv(src, dtype=str)
    return _split_write(frame, "label", out, test_fraction=0.2, seed=0)


# Fashion-MNIST classes 0 T-shirt/top, 2 pullover, 4 coat, 6 shirt: garments worn on the upper
# body. The binary benchmarks turn the 10 classes into this binary task (40 %
# positives, and the hard pairs - shirt against T-shirt, pullover against coat - stay on the
# same side, leaving the model plenty of fine texture to learn); the 10-class task is measured by
# benchmarks/breadth/multiclass.py.
FASHION_UPPER_BODY = (0, 2, 4, 6)


def _read_idx(path: Path, magic: int) -> np.ndarray:
    """An IDX file as distributed (gzip): big-endian magic, one uint32 per dimension, uint8."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if int.from_bytes(raw[:4], "big") != magic:
        raise ValueError(f"{path}: magic {int.from_bytes(raw[:4], 'big')}, expected {magic}")
    ndim = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * k:8 + 4 * k], "big") for k in range(ndim)]
    data = np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {data.size} bytes of data for dimensions {dims}")
    return data.reshape(dims[0], -1)


def prep_fashion_mnist(out: Path) -> tuple[int, int]:
    parts = []
    for split in ("train", "t10k"):  # the canonical 60k / 10k split; test rows go last
        images = _read_idx(_source(f"fashion_mnist/{split}-images-idx3-ubyte.gz"), 2051)
        labels = _read_idx(_source(f"fashion_mnist/{split}-labels-idx1-ubyte.gz"), 2049)[:, 0]
        if len(images) != len(labels):
            raise ValueError(f"fashion_mnist {split}: {len(images)} images, {len(labels)} labels")
        # Column names as in the widely used CSV copies of the set (label, pixel1..pixel784).
        frame = pd.DataFrame(images, columns=[f"pixel{j + 1}" for j in range(images.shape[1])])
        frame.insert(0, "label", np.isin(labels, FASHION_UPPER_BODY).astype(np.int8))
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    return _split_write(frame, "label", out, n_test=len(parts[1]))


def synthetic_chunk(index: int, rows: int, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """One chunk of HIGGS-like data: 21 'low-level' kinematic-like features, 7 'high-level'
    nonlinear combinations of them, and a label from a fixed nonlinear function plus noise."""
    fixed = np.random.default_rng(seed)  # the same function for every chunk
    w_lin = fixed.normal(size=21)
    pairs = fixed.integers(0, 21, size=(12, 2))
    w_pair = fixed.normal(size=12)
    w_high = fixed.normal(size=7)

    rng = np.random.default_rng([seed, index])
    x = np.empty((rows, SYNTHETIC_FEATURES), dtype=np.float32)
    for j in range(21):
        kind = j % 4
        if kind == 0:    # transverse-momentum-like: positive, heavy right tail
            x[:, j] = rng.lognormal(0.0, 0.5, rows)
        elif kind == 1:  # pseudorapidity-like
            x[:, j] = rng.normal(0.0, 1.0, rows)
        elif kind == 2:  # angle-like
            x[:, j] = rng.uniform(-np.pi / 2, np.pi / 2, rows)
        else:            # b-tag-like: three discrete levels, as in HIGGS
            x[:, j] = rng.choice(np.array([0.0, 1.087, 2.173], np.float32), rows, p=[0.5, 0.2, 0.3])
    low = x[:, :21].astype(np.float64)
    for k in range(7):  # invariant-mass-like features
        a, b, c = (3 * k) % 21, (3 * k + 4) % 21, (3 * k + 8) % 21
        x[:, 21 + k] = np.sqrt(np.abs(low[:, a] * low[:, b] + 0.5 * low[:, c] ** 2)) + 0.1 * k
    high = x[:, 21:].astype(np.float64)
    logit = 0.35 * np.tanh(low) @ w_lin
    logit += 0.5 * (np.sin(low[:, pairs[:, 0]]) * np.cos(low[:, pairs[:, 1]])) @ w_pair
    # Fixed centres (not the chunk mean), so the label function is the same in every chunk.
    logit += 0.8 * np.tanh(high - (1.0 + 0.1 * np.arange(7))) @ w_high
    logit += rng.logistic(0.0, 1.0, rows)  # label noise: keeps AUC away from 1
    y = (logit > 0.0).astype(np.int8)
    return x, y


def _synthetic_lines(x: np.ndarray, y: np.ndarray) -> str:
    """CSV text of a block: the label as an integer, features as %.6g (the same bytes pandas'
    to_csv(float_format="%.6g") writes, about 4x faster: one C-level % per row instead of a
    Python call per value)."""
    fmt = "%d" + ",%.6g" * x.shape[1] + "\n"
    rows = np.column_stack([y.astype(np.float64), x.astype(np.float64)]).tolist()
    return "".join([fmt % tuple(r) for r in rows])


def prep_synthetic(out: Path, rows: int) -> tuple[int, int]:
    """Generated and written one chunk at a time: memory stays at a few chunks whatever the row
    count (10M rows: about 2.2 GB of CSV, a few hundred MB of memory at most)."""
    n_test = min(500_000, rows // 5)
    n_train = rows - n_test
    cols = ["label"] + [f"f{j}" for j in range(SYNTHETIC_FEATURES)]
    labels = []
    written = 0
    with open(out / "train.csv.tmp", "w") as ftr, open(out / "test.csv.tmp", "w") as fte:
        ftr.write(",".join(cols) + "\n")
        fte.write(",".join(cols) + "\n")
        for index in range((rows + SYNTHETIC_CHUNK - 1) // SYNTHETIC_CHUNK):
            n = min(SYNTHETIC_CHUNK, rows - written)
            x, y = synthetic_chunk(index, SYNTHETIC_CHUNK)
            n_tr = max(0, min(n, n_train - written))
            for lo in range(0, n, SYNTHETIC_WRITE_BLOCK):
                hi = min(n, lo + SYNTHETIC_WRITE_BLOCK)
                if lo < n_tr:
                    ftr.write(_synthetic_lines(x[lo:min(hi, n_tr)], y[lo:min(hi, n_tr)]))
                if hi > n_tr:
                    fte.write(_synthetic_lines(x[max(lo, n_tr):hi], y[max(lo, n_tr):hi]))
            if n_tr < n:
                labels.append(y[n_tr:n])
            written += n
    (out / "train.csv.tmp").replace(out / "train.csv")
    (out / "test.csv.tmp").replace(out / "test.csv")
    np.save(out / "test_labels.npy", np.concatenate(labels).astype(np.float64))
    return n_train, n_test


def prep_lightgbm_binary() -> Prepared:
    """LightGBM's own example files, used as they are (TSV, no header, label in column 0)."""
    src = shared_data_dir() / "lightgbm_examples"
    train, test = src / "binary.train", src / "binary.test"
    out = cache_dir() / "lightgbm_binary"
    out.mkdir(parents=True, exist_ok=True)
    labels = out / "test_labels.npy"
    frame = pd.read_csv(test, sep="\t", header=None)
    np.save(labels, frame[0].to_numpy(np.float64))
    n_train = sum(1 for _ in open(train))
    return Prepared("lightgbm_binary", train, test, False, n_train, len(frame),
                    frame.shape[1] - 1, labels)


RECIPES = {
    "flights_3m": (prep_flights, "flights_3m/flights_3m.csv.gz"),
    "covertype": (prep_covertype, "covertype/covertype_gcp_union.csv.gz"),
    "credit_default": (prep_credit, "credit_default/UCI_Credit_Card.csv.gz"),
    "higgs_11k": (prep_higgs_11k, None),
    "fashion_mnist": (prep_fashion_mnist, "fashion_mnist/train-images-idx3-ubyte.gz"),
    "synthetic": (None, None),
    "lightgbm_binary": (None, "lightgbm_examples/binary.train"),
}
NAMES = list(RECIPES)


def _source_stamp(rel: str | None) -> str:
    if rel is None:
        return "repo-or-generated"
    st = _source(rel).stat()
    return f"{rel}:{st.st_size}"


def prepare(name: str, rows: int | None = None, force: bool = False, quiet: bool = False) -> Prepared:
    if name not in RECIPES:
        raise ValueError(f"unknown dataset '{name}'; known: {', '.join(NAMES)}")
    if name == "lightgbm_binary":
        return prep_lightgbm_binary()
    func, rel = RECIPES[name]
    rows = rows or SYNTHETIC_DEFAULT_ROWS
    dir_name = f"synthetic_{rows}" if name == "synthetic" else name
    out = cache_dir() / dir_name
    meta_path = out / "meta.json"
    stamp = {"recipe": RECIPE_VERSION, "source": _source_stamp(rel), "rows": rows}
    if not force and meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        if meta.get("stamp") == stamp and (out / "train.csv").is_file():
            return _prepared_from_meta(name, out, meta)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    if not quiet:
        print(f"[datasets] preparing {dir_name} in {out} ...", file=sys.stderr, flush=True)
    n_train, n_test = prep_synthetic(out, rows) if name == "synthetic" else func(out)
    with open(out / "train.csv") as f:
        n_features = f.readline().count(",")
    meta = {"stamp": stamp, "n_train": n_train, "n_test": n_test, "n_features": n_features,
            "prepare_s": round(time.perf_counter() - t0, 2)}
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    if not quiet:
        print(f"[datasets] {dir_name}: {n_train} train / {n_test} test rows, {n_features} "
              f"features ({meta['prepare_s']} s)", file=sys.stderr, flush=True)
    return _prepared_from_meta(name, out, meta)


def _prepared_from_meta(name: str, out: Path, meta: dict) -> Prepared:
    return Prepared(name, out / "train.csv", out / "test.csv", True, meta["n_train"],
                    meta["n_test"], meta["n_features"], out / "test_labels.npy")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("names", nargs="*", default=NAMES, help=f"any of {', '.join(NAMES)}")
    parser.add_argument("--rows", type=int, default=None, help="synthetic: total rows (train+test)")
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    args = parser.parse_args()
    for name in args.names:
        p = prepare(name, rows=args.rows, force=args.force)
        print(f"{p.name}: train={p.train} ({p.n_train} rows) test={p.test} ({p.n_test} rows) "
              f"features={p.n_features}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
