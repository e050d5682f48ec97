"""Loads libqgbm.so through ctypes, declares the C signatures and turns failures into QGBMError.

ctypes.CDLL releases the GIL for the whole duration of every foreign call, so training and
prediction in one thread never block the interpreter in others.
"""

from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path
from typing import Sequence

import numpy as np

__all__ = ["QGBMError", "LIB", "check_call", "c_str", "c_str_array", "read_string_list",
           "library_path", "array_address"]

DTYPE_FLOAT32 = 0
DTYPE_FLOAT64 = 1
DTYPE_INT32 = 2
DTYPE_INT64 = 3

PREDICT_NORMAL = 0
PREDICT_RAW_SCORE = 1
PREDICT_LEAF_INDEX = 2
PREDICT_CONTRIB = 3

IMPORTANCE_SPLIT = 0
IMPORTANCE_GAIN = 1


class QGBMError(Exception):
    """An error reported by the qgbm core; the message is the core's."""


def _candidate_paths() -> list[Path]:
    here = Path(__file__).resolve().parent
    env = os.environ.get("QGBM_LIBRARY")
    if env:
        # An explicit path wins, so a developer can point an installed package at build/.
        return [Path(env)]
    return [here / "lib" / "libqgbm.so",
            # Running from a source checkout without installing (PYTHONPATH=python-package).
            here.parent.parent / "build" / "libqgbm.so"]


def library_path() -> Path:
    """The libqgbm.so this package loads: $QGBM_LIBRARY, else the one installed with it."""
    candidates = _candidate_paths()
    for path in candidates:
        if path.is_file():
            return path
    tried = ", ".join(str(p) for p in candidates)
    raise OSError(f"libqgbm.so not found (tried {tried}); install the package with "
                  "'pip install ./python-package' or set QGBM_LIBRARY to build/libqgbm.so")


_i32, _i64, _int, _size = ctypes.c_int32, ctypes.c_int64, ctypes.c_int, ctypes.c_size_t
_vp, _cp = ctypes.c_void_p, ctypes.c_char_p
_pi32, _pi64, _pint = (ctypes.POINTER(_i32), ctypes.POINTER(_i64), ctypes.POINTER(_int))
_psize, _pvp = ctypes.POINTER(_size), ctypes.POINTER(_vp)
_pcp = ctypes.POINTER(_cp)

# name -> argument types. Pointers to arrays are passed as c_void_p (integer addresses), which
# is the cheapest conversion ctypes offers: prediction latency depends on it.
_SIGNATURES: dict[str, list] = {
    "QGBM_DatasetCreateFromFile": [_cp, _cp, _vp, _pvp],
    "QGBM_DatasetCreateFromMat": [_vp, _int, _i64, _i32, _int, _cp, _vp, _pvp],
    "QGBM_DatasetCreateFromCSR": [_vp, _int, _vp, _vp, _int, _i64, _i64, _i64, _cp, _vp, _pvp],
    "QGBM_DatasetCreateFromCSC": [_vp, _int, _vp, _vp, _int, _i64, _i64, _i64, _cp, _vp, _pvp],
    "QGBM_DatasetGetSubset": [_vp, _vp, _i64, _cp, _pvp],
    "QGBM_DatasetSetField": [_vp, _cp, _vp, _i64, _int],
    "QGBM_DatasetGetField": [_vp, _cp, _pi64, _pvp, _pint],
    "QGBM_DatasetGetNumData": [_vp, _pi64],
    "QGBM_DatasetGetNumFeature": [_vp, _pi32],
    "QGBM_DatasetSetFeatureNames": [_vp, _pcp, _int],
    "QGBM_DatasetGetFeatureNames": [_vp, _int, _pint, _size, _psize, _pcp],
    "QGBM_DatasetSetCategoryNames": [_vp, _int, _pcp, _int],
    "QGBM_DatasetFree": [_vp],
    "QGBM_BoosterCreate": [_vp, _cp, _vp, _pvp],
    "QGBM_BoosterAddValidData": [_vp, _vp, _cp],
    "QGBM_BoosterUpdateOneIter": [_vp, _pint],
    "QGBM_BoosterUpdateOneIterCustom": [_vp, _vp, _vp, _i64, _pint],
    "QGBM_BoosterRollbackOneIter": [_vp],
    "QGBM_BoosterGetCurrentIteration": [_vp, _pint],
    "QGBM_BoosterSetBestIteration": [_vp, _int],
    "QGBM_BoosterGetBestIteration": [_vp, _pint],
    "QGBM_BoosterGetEvalCounts": [_vp, _pint],
    "QGBM_BoosterGetEvalNames": [_vp, _int, _pint, _size, _psize, _pcp],
    "QGBM_BoosterGetEvalHigherBetter": [_vp, _vp],
    "QGBM_BoosterGetEval": [_vp, _int, _pint, _vp],
    "QGBM_BoosterGetNumPredict": [_vp, _int, _pi64],
    "QGBM_BoosterGetPredict": [_vp, _int, _pi64, _vp],
    "QGBM_BoosterSaveModelToString": [_vp, _int, _i64, _pi64, _vp],
    "QGBM_BoosterGetCategoryNames": [_vp, _int, _int, _pint, _size, _psize, _pcp],
    "QGBM_BoosterGetCategoricalFeatures": [_vp, _vp],
    "QGBM_BoosterCreateFromModelfile": [_cp, _pvp],
    "QGBM_BoosterLoadModelFromString": [_cp, _size, _pvp],
    "QGBM_BoosterSaveModel": [_vp, _cp, _int],
    "QGBM_BoosterGetNumFeature": [_vp, _pi32],
    "QGBM_BoosterGetNumTrees": [_vp, _pi32],
    "QGBM_BoosterGetNumOutputs": [_vp, _pi32],
    "QGBM_BoosterCalcNumPredict": [_vp, _i64, _int, _int, _pi64],
    "QGBM_BoosterPredictForMat": [_vp, _vp, _i64, _i32, _int, _int, _int, _vp, _pi64],
    "QGBM_BoosterPredictForRowFastInit": [_vp, _int, _int, _i32, _pvp],
    "QGBM_BoosterPredictForRowFast": [_vp, _vp, _vp, _pi64],
    "QGBM_FastConfigFree": [_vp],
    "QGBM_BoosterFeatureImportance": [_vp, _int, _int, _vp],
    "QGBM_BoosterDumpModel": [_vp, _int, _int, _int, _i64, _pi64, _vp],
    "QGBM_BoosterGetFeatureNames": [_vp, _int, _pint, _size, _psize, _pcp],
    "QGBM_BoosterFree": [_vp],
    "QGBM_RegisterLogCallback": [_vp],
    "QGBM_BoosterResetParameter": [_vp, _cp],
}


class _Lib:
    """The loaded library. Loaded on first use, so `import qgbm` never fails for want of it."""

    def __init__(self) -> None:
        self._dll: ctypes.CDLL | None = None
        self._lock = threading.Lock()

    def _load(self) -> ctypes.CDLL:
        with self._lock:
            if self._dll is None:
                dll = ctypes.CDLL(str(library_path()))
                dll.QGBM_GetLastError.restype = ctypes.c_char_p
                dll.QGBM_GetLastError.argtypes = []
                for name, argtypes in _SIGNATURES.items():
                    fn = getattr(dll, name, None)
                    if fn is None:
                        continue  # an older library: calling it reports the missing symbol
                    fn.argtypes = argtypes
                    fn.restype = ctypes.c_int
                self._dll = dll
        return self._dll

    def __getattr__(self, name: str):
        dll = self._dll if self._dll is not None else self._load()
        try:
            fn = getattr(dll, name)
        except AttributeError:
            raise QGBMError(f"{name} is missing from {library_path()} (library older than the "
                            "Python package? rebuild it)") from None
        # Cache on the instance so later lookups skip __getattr__.
        object.__setattr__(self, name, fn)
        return fn


LIB = _Lib()


def check_call(rc: int) -> None:
    """Raises QGBMError with the core's message when a C call failed."""
    if rc != 0:
        raise QGBMError(LIB.QGBM_GetLastError().decode("utf-8", "replace"))


def c_str(text: str) -> bytes:
    return text.encode("utf-8")


def c_str_array(items: Sequence[str]):
    """A char*[] of the items (the bytes objects must outlive the call: keep the tuple)."""
    encoded = [c_str(s) for s in items]
    arr = (ctypes.c_char_p * len(encoded))(*encoded)
    return arr, encoded


def read_string_list(fn, *leading) -> list[str]:
    """Calls a (…, len, out_len, buffer_len, out_buffer_len, out_strs) function twice: once for
    the sizes, once with buffers that hold everything."""
    count = ctypes.c_int(0)
    longest = ctypes.c_size_t(0)
    check_call(fn(*leading, 0, ctypes.byref(count), 0, ctypes.byref(longest), None))
    n, size = count.value, max(longest.value, 1)
    if n == 0:
        return []
    buffers = [ctypes.create_string_buffer(size) for _ in range(n)]
    ptrs = (ctypes.c_char_p * n)(*[ctypes.addressof(b) for b in buffers])
    check_call(fn(*leading, n, ctypes.byref(count), size, ctypes.byref(longest), ptrs))
    return [b.value.decode("utf-8") for b in buffers]


def array_address(arr: np.ndarray) -> int:
    return arr.__array_interface__["data"][0]
