"""Turns user inputs (numpy, pandas, scipy.sparse, lists, file paths) into the arrays the C API
reads, and rejects bad input with ValueError/TypeError before it reaches the core."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

try:  # optional: pandas inputs are recognised only when pandas is installed
    import pandas as pd
except ImportError:  # pragma: no cover - pandas is an optional dependency
    pd = None

try:
    import scipy.sparse as sp
except ImportError:  # pragma: no cover
    sp = None


def is_path(data: Any) -> bool:
    return isinstance(data, (str, os.PathLike))


def is_dataframe(data: Any) -> bool:
    return pd is not None and isinstance(data, pd.DataFrame)


def is_sparse(data: Any) -> bool:
    return sp is not None and sp.issparse(data)


@dataclass
class Dense:
    """A 2-D float32/float64 array, row-major (C order) or column-major (Fortran order)."""
    array: np.ndarray
    row_major: bool


@dataclass
class Compressed:
    """CSR (by_row) or CSC arrays, in the dtypes the C API takes."""
    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray
    shape: tuple[int, int]
    by_row: bool


@dataclass
class Table:
    """A DataFrame as a dense matrix plus what its columns say about the features."""
    dense: Dense
    feature_names: list[str]
    categorical: list[int]                    # column indices of category-dtype columns
    category_names: dict[int, list[str]] = field(default_factory=dict)


def _check_shape(nrow: int, ncol: int, what: str = "data") -> None:
    if nrow == 0 or ncol == 0:
        raise ValueError(f"{what} is empty ({nrow} rows x {ncol} columns)")


def dense_from_array(data: Any, what: str = "data") -> Dense:
    """numpy float32/float64 arrays pass through without a copy in either memory order; other
    dtypes (and lists) are converted to float64."""
    arr = data if isinstance(data, np.ndarray) else np.asarray(data)
    if arr.dtype == object or arr.dtype.kind in "USV":
        raise TypeError(f"{what} must be numeric, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"{what} must be 2-D (rows x features), got {arr.ndim}-D with shape "
                         f"{arr.shape}; use reshape(-1, 1) for one feature or reshape(1, -1) "
                         "for one row")
    _check_shape(arr.shape[0], arr.shape[1], what)
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if arr.flags.c_contiguous:
        return Dense(arr, True)
    if arr.flags.f_contiguous:
        return Dense(arr, False)
    return Dense(np.ascontiguousarray(arr), True)


def compressed_from_sparse(data: Any) -> Compressed:
    fmt = data.format
    if fmt not in ("csr", "csc"):
        data = data.tocsr()
        fmt = "csr"
    nrow, ncol = data.shape
    _check_shape(nrow, ncol)
    indptr = data.indptr
    if indptr.dtype not in (np.int32, np.int64):
        indptr = indptr.astype(np.int64)
    indices = data.indices.astype(np.int32, copy=False)
    values = data.data
    if values.dtype not in (np.float32, np.float64):
        values = values.astype(np.float64)
    return Compressed(np.ascontiguousarray(indptr), np.ascontiguousarray(indices),
                      np.ascontiguousarray(values), (nrow, ncol), fmt == "csr")


def _column_values(col: "pd.Series", name: str) -> np.ndarray:
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        raise AssertionError("categorical columns are converted by the caller")
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        return col.to_numpy(dtype=np.float64, na_value=np.nan)
    raise TypeError(f"DataFrame column '{name}' has dtype {dtype}: only numeric, bool and "
                    "category columns are accepted (convert text columns with "
                    "astype('category'))")


def _codes_through(col: "pd.Series", names: Sequence[str]) -> np.ndarray:
    """Values of a column as codes of `names` (the categories a model or reference dataset knows);
    values not among them, and missing values, become NaN."""
    index = {n: i for i, n in enumerate(names)}
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = [str(c) for c in col.cat.categories]
        lookup = np.array([index.get(c, np.nan) for c in cats] + [np.nan], dtype=np.float64)
        codes = col.cat.codes.to_numpy()
        return lookup[np.where(codes < 0, len(cats), codes)]
    values = col.to_numpy(dtype=object)
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        if v is not None and not (isinstance(v, float) and np.isnan(v)):
            out[i] = index.get(str(v), np.nan)
    return out


def table_from_dataframe(frame: "pd.DataFrame",
                         known_categories: dict[int, list[str]] | None = None) -> Table:
    """Columns become features in order. Category columns become categorical features, coded by
    their own categories, or by `known_categories` (feature -> names, from a reference dataset or
    a model) when given for that column. Missing values and unknown categories become NaN."""
    nrow, ncol = frame.shape
    _check_shape(nrow, ncol)
    names = [str(c) for c in frame.columns]
    if len(set(names)) != len(names):
        raise ValueError("DataFrame column names must be unique")
    all_float32 = all(frame.dtypes == np.float32)
    out = np.empty((nrow, ncol), dtype=np.float32 if all_float32 else np.float64, order="F")
    categorical: list[int] = []
    category_names: dict[int, list[str]] = {}
    known = known_categories or {}
    for j, (name, col) in enumerate(zip(names, (frame.iloc[:, j] for j in range(ncol)))):
        if j in known and known[j] and (isinstance(col.dtype, pd.CategoricalDtype) or
                                        not pd.api.types.is_numeric_dtype(col.dtype)):
            out[:, j] = _codes_through(col, known[j])
            categorical.append(j)
            category_names[j] = list(known[j])
        elif isinstance(col.dtype, pd.CategoricalDtype):
            codes = col.cat.codes.to_numpy().astype(np.float64)
            codes[codes < 0] = np.nan
            out[:, j] = codes
            categorical.append(j)
            category_names[j] = [str(c) for c in col.cat.categories]
        else:
            out[:, j] = _column_values(col, name)
    return Table(Dense(out, False), names, categorical, category_names)


def num_rows(data: Any) -> int | None:
    """Rows of an in-memory input (None for a file, read by the core)."""
    if data is None or is_path(data):
        return None
    if is_dataframe(data) or is_sparse(data) or isinstance(data, np.ndarray):
        return int(data.shape[0]) if len(data.shape) == 2 else None
    try:
        return len(data)
    except TypeError:
        return None


def float32_rows(data: Any, what: str = "data") -> np.ndarray:
    """A C-ordered float32 matrix for prediction (the C API predicts from float32 rows)."""
    arr = data if isinstance(data, np.ndarray) else np.asarray(data)
    if arr.dtype == object or arr.dtype.kind in "USV":
        raise TypeError(f"{what} must be numeric, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"{what} must be 2-D (rows x features), got shape {arr.shape}; use "
                         "reshape(1, -1) for a single row")
    return np.ascontiguousarray(arr, dtype=np.float32)


def column_vector(values: Any, name: str, nrow: int | None, dtype=None,
                  finite: bool = True) -> np.ndarray:
    """A 1-D numeric field (label, weight) of nrow values, checked for NaN/inf."""
    if pd is not None and isinstance(values, pd.DataFrame):
        if values.shape[1] != 1:
            raise ValueError(f"{name} must be one column, got a DataFrame of {values.shape[1]}")
        values = values.iloc[:, 0]
    if pd is not None and isinstance(values, pd.Series):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.dtype == object or arr.dtype.kind in "USV":
        raise TypeError(f"{name} must be numeric, got dtype {arr.dtype}")
    if dtype is not None:
        arr = np.ascontiguousarray(arr, dtype=dtype)
    elif arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    else:
        arr = np.ascontiguousarray(arr)
    if nrow is not None and len(arr) != nrow:
        raise ValueError(f"{name} has {len(arr)} values but the data has {nrow} rows")
    if finite and arr.dtype.kind == "f" and not np.isfinite(arr).all():
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise ValueError(f"{name} contains NaN or infinity (first at row {bad})")
    return arr


def init_score_vector(values: Any, nrow: int | None) -> np.ndarray:
    """init_score as the C API wants it: float64, output-major (all rows of output 0 first).
    A 2-D (rows, outputs) array is flattened column by column, as LightGBM does."""
    if pd is not None and isinstance(values, (pd.DataFrame, pd.Series)):
        values = values.to_numpy()
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 2:
        if nrow is not None and arr.shape[0] != nrow:
            raise ValueError(f"init_score has {arr.shape[0]} rows but the data has {nrow}")
        arr = arr.reshape(-1, order="F")
    elif arr.ndim != 1:
        raise ValueError(f"init_score must be 1-D or 2-D, got shape {arr.shape}")
    elif nrow is not None and len(arr) % nrow != 0:
        raise ValueError(f"init_score has {len(arr)} values, not a multiple of the {nrow} rows")
    if not np.isfinite(arr).all():
        raise ValueError("init_score contains NaN or infinity")
    return np.ascontiguousarray(arr)


def group_vector(values: Any, nrow: int | None) -> np.ndarray:
    arr = np.asarray(values.to_numpy() if hasattr(values, "to_numpy") else values)
    if arr.ndim != 1:
        raise ValueError(f"group must be 1-D (query sizes), got shape {arr.shape}")
    if arr.dtype.kind not in "iu" and not (arr.dtype.kind == "f" and
                                           np.all(np.mod(arr, 1) == 0)):
        raise TypeError(f"group must hold integer query sizes, got dtype {arr.dtype}")
    arr = np.ascontiguousarray(arr, dtype=np.int32)
    if (arr < 0).any():
        raise ValueError("group sizes must not be negative")
    if nrow is not None and int(arr.sum()) != nrow:
        raise ValueError(f"group sizes sum to {int(arr.sum())} but the data has {nrow} rows")
    return arr
