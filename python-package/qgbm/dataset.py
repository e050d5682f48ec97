"""Dataset: training and validation data, binned lazily by the core (LightGBM's Dataset)."""

from __future__ import annotations

import copy
import ctypes
import os
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from . import _convert as cv
from ._lib import (DTYPE_FLOAT32, DTYPE_FLOAT64, DTYPE_INT32, DTYPE_INT64, LIB, QGBMError,
                   array_address, c_str, c_str_array, check_call, read_string_list)
from ._params import params_to_text

if TYPE_CHECKING:
    from .booster import Booster

__all__ = ["Dataset"]

_NP_DTYPE_CODE = {np.dtype(np.float32): DTYPE_FLOAT32, np.dtype(np.float64): DTYPE_FLOAT64,
                  np.dtype(np.int32): DTYPE_INT32, np.dtype(np.int64): DTYPE_INT64}
_CODE_NP_DTYPE = {v: k for k, v in _NP_DTYPE_CODE.items()}
_FIELD_DTYPES = {"label": np.float32, "weight": np.float32, "init_score": np.float64,
                 "group": np.int32}


def _dtype_code(arr: np.ndarray) -> int:
    return _NP_DTYPE_CODE[arr.dtype]


def _resolve_features(spec: Any, names: Sequence[str] | None, what: str) -> list[int]:
    """Feature indices from a list of indices and/or names."""
    out = []
    for item in spec:
        if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            out.append(int(item))
        elif isinstance(item, str):
            if names is None or item not in names:
                raise ValueError(f"{what}: unknown feature name '{item}'")
            out.append(list(names).index(item))
        else:
            raise TypeError(f"{what} must hold feature indices or names, got {item!r}")
    return sorted(set(out))


class Dataset:
    """Training or validation data, binned lazily (on construct(), i.e. when a Booster first
    uses it) with the training parameters; validation sets reuse their reference's bins."""

    def __init__(self, data: Any, label: Any = None, reference: "Dataset | None" = None,
                 weight: Any = None, group: Any = None, init_score: Any = None,
                 feature_name: Sequence[str] | str = "auto",
                 categorical_feature: Sequence[int | str] | str = "auto",
                 params: dict[str, Any] | None = None, free_raw_data: bool = True) -> None:
        self._handle: int | None = None
        self.data = data
        self.label = label
        self.reference = reference
        self.weight = weight
        self.group = group
        self.init_score = init_score
        self.feature_name = feature_name
        self.categorical_feature = categorical_feature
        self.params = copy.deepcopy(params) if params else {}
        self.free_raw_data = free_raw_data
        self.used_indices: np.ndarray | None = None
        self._parent: Dataset | None = None
        self._predictor: Booster | None = None
        # feature index -> category texts (pandas category columns), for validation sets.
        self._category_names: dict[int, list[str]] = {}
        if data is None and reference is None:
            raise TypeError("Dataset needs data (an array, DataFrame, sparse matrix or path)")

    # ---- construction ---------------------------------------------------------------------
    def construct(self) -> "Dataset":
        """Bins the data (once); later calls return at once."""
        if self._handle is not None:
            return self
        if self.used_indices is not None:
            parent = self._parent.construct()
            out = ctypes.c_void_p()
            check_call(LIB.QGBM_DatasetGetSubset(
                parent._handle, array_address(self.used_indices), len(self.used_indices),
                c_str(params_to_text(self.params)), ctypes.byref(out)))
            self._handle = out.value
            self._category_names = parent._category_names
        else:
            if self.reference is not None:
                self.reference.construct()
            self._check_fields()
            self._create()
        self._set_fields()
        if self.free_raw_data:
            self.data = None
        return self

    def _categorical_spec(self, names: Sequence[str] | None, from_frame: Sequence[int]) -> list[int]:
        user = self.categorical_feature
        if isinstance(user, str):
            if user != "auto":
                raise ValueError("categorical_feature must be 'auto' or a list of features")
            return sorted(set(from_frame))
        return sorted(set(_resolve_features(user, names, "categorical_feature")) |
                      set(from_frame))

    def _params_with(self, categorical: list[int] | None) -> str:
        params = dict(self.params)
        if categorical is not None and (categorical or not isinstance(self.categorical_feature,
                                                                       str)):
            for alias in ("categorical_feature", "cat_feature", "categorical_column",
                          "cat_column", "categorical_features"):
                params.pop(alias, None)
            if categorical:
                params["categorical_feature"] = categorical
        return params_to_text(params)

    def _create(self) -> None:
        """Creates the core dataset from self.data, then names its features and categories."""
        data = self.data
        ref = self.reference._handle if self.reference is not None else None
        names = None if isinstance(self.feature_name, str) else [str(n)
                                                                 for n in self.feature_name]
        category_names: dict[int, list[str]] = {}
        if cv.is_path(data):
            self._handle = self._create_from_file(os.fspath(data), ref)
        elif cv.is_dataframe(data):
            known = self.reference._category_names if self.reference is not None else None
            table = cv.table_from_dataframe(data, known)
            names = names if names is not None else table.feature_names
            category_names = table.category_names
            self._handle = self._create_from_dense(
                table.dense, self._categorical_spec(names, table.categorical), ref)
        elif cv.is_sparse(data):
            self._handle = self._create_from_sparse(cv.compressed_from_sparse(data),
                                                    self._categorical_spec(names, []), ref)
        else:
            self._handle = self._create_from_dense(cv.dense_from_array(data),
                                                   self._categorical_spec(names, []), ref)
        try:
            if names is not None:
                self._set_feature_names(names)
            if self.reference is None:
                for feature, cats in category_names.items():
                    arr, _keep = c_str_array(cats)
                    check_call(LIB.QGBM_DatasetSetCategoryNames(self._handle, feature, arr,
                                                                len(cats)))
                self._category_names = category_names
            else:
                self._category_names = self.reference._category_names
        except Exception:
            self._free()
            raise

    def _create_from_file(self, path: str, ref: int | None) -> int:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"data file '{path}' not found")
        params = dict(self.params)
        spec = self.categorical_feature
        if not isinstance(spec, str):
            # The file reader takes indices, or names after a "name:" prefix.
            if spec and all(isinstance(c, str) for c in spec):
                params["categorical_feature"] = "name:" + ",".join(spec)
            elif any(isinstance(c, str) for c in spec):
                raise ValueError("categorical_feature for a file: all names or all indices")
            else:
                params["categorical_feature"] = [int(c) for c in spec]
        out = ctypes.c_void_p()
        check_call(LIB.QGBM_DatasetCreateFromFile(c_str(path), c_str(params_to_text(params)),
                                                  ref, ctypes.byref(out)))
        return out.value

    def _create_from_dense(self, dense: cv.Dense, categorical: list[int], ref: int | None
                           ) -> int:
        out = ctypes.c_void_p()
        arr = dense.array
        check_call(LIB.QGBM_DatasetCreateFromMat(
            array_address(arr), _dtype_code(arr), arr.shape[0], arr.shape[1],
            int(dense.row_major), c_str(self._params_with(categorical)), ref,
            ctypes.byref(out)))
        return out.value

    def _create_from_sparse(self, m: cv.Compressed, categorical: list[int], ref: int | None
                            ) -> int:
        out = ctypes.c_void_p()
        fn = LIB.QGBM_DatasetCreateFromCSR if m.by_row else LIB.QGBM_DatasetCreateFromCSC
        other_dim = m.shape[1] if m.by_row else m.shape[0]  # columns of CSR, rows of CSC
        check_call(fn(array_address(m.indptr), _dtype_code(m.indptr), array_address(m.indices),
                      array_address(m.values), _dtype_code(m.values), len(m.indptr),
                      len(m.values), other_dim, c_str(self._params_with(categorical)), ref,
                      ctypes.byref(out)))
        return out.value

    def _check_fields(self) -> None:
        """Checks the fields against the data before the core sees either, so that bad input
        is a ValueError/TypeError naming the field."""
        nrow = cv.num_rows(self.data)
        if self.label is not None:
            cv.column_vector(self.label, "label", nrow)
        if self.weight is not None:
            cv.column_vector(self.weight, "weight", nrow)
        if self.group is not None:
            cv.group_vector(self.group, nrow)
        if self.init_score is not None:
            cv.init_score_vector(self.init_score, nrow)

    def _set_feature_names(self, names: Sequence[str]) -> None:
        arr, keep = c_str_array(list(names))
        check_call(LIB.QGBM_DatasetSetFeatureNames(self._handle, arr, len(names)))

    def _set_fields(self) -> None:
        if self.label is not None:
            self.set_label(self.label)
        if self.weight is not None:
            self.set_weight(self.weight)
        if self.group is not None:
            self.set_group(self.group)
        init_score = self.init_score
        if self._predictor is not None:
            raw = self._predictor_raw_scores()
            init_score = raw if init_score is None else raw + cv.init_score_vector(
                init_score, self.num_data())
        if init_score is not None:
            self.set_init_score(init_score)

    def _predictor_raw_scores(self) -> np.ndarray:
        if self.data is None:
            raise QGBMError("init_model needs the raw data: create the Dataset with "
                            "free_raw_data=False or before training started")
        raw = self._predictor.predict(self.data, raw_score=True, num_iteration=-1)
        return cv.init_score_vector(raw, self.num_data())

    def _set_predictor(self, predictor: "Booster | None") -> "Dataset":
        if predictor is self._predictor:
            return self
        if self._handle is not None:
            raise QGBMError("init_model must be given before the Dataset is constructed")
        self._predictor = predictor
        return self

    def _update_params(self, params: dict[str, Any] | None) -> "Dataset":
        if params and self._handle is None:
            merged = dict(self.params)
            merged.update(params)  # the training parameters win, as in LightGBM
            self.params = merged
        return self

    def _free(self) -> None:
        if self._handle is not None:
            LIB.QGBM_DatasetFree(self._handle)
            self._handle = None

    def __del__(self) -> None:
        try:
            self._free()
        except Exception:  # interpreter shutdown: the library may already be gone
            pass

    # ---- derived datasets -----------------------------------------------------------------
    def create_valid(self, data: Any, label: Any = None, weight: Any = None, group: Any = None,
                     init_score: Any = None, params: dict[str, Any] | None = None) -> "Dataset":
        return Dataset(data, label=label, reference=self, weight=weight, group=group,
                       init_score=init_score, params=params, free_raw_data=self.free_raw_data)

    def subset(self, used_indices: Sequence[int], params: dict[str, Any] | None = None
               ) -> "Dataset":
        """The rows used_indices with this dataset's bins and fields (for cross-validation)."""
        idx = np.unique(np.asarray(used_indices, dtype=np.int64)).astype(np.int32)
        ret = Dataset(None, reference=self, params=params if params is not None else self.params,
                      feature_name=self.feature_name,
                      categorical_feature=self.categorical_feature)
        ret.used_indices = idx
        ret._parent = self
        return ret

    def set_reference(self, reference: "Dataset") -> "Dataset":
        if reference is self.reference:
            return self
        if self._handle is not None:
            raise QGBMError("cannot set the reference of a constructed Dataset")
        self.reference = reference
        return self

    def set_feature_name(self, feature_name: Sequence[str] | str) -> "Dataset":
        self.feature_name = feature_name
        if self._handle is not None and not isinstance(feature_name, str):
            self._set_feature_names([str(n) for n in feature_name])
        return self

    def set_categorical_feature(self, categorical_feature: Sequence[int | str] | str
                                ) -> "Dataset":
        if categorical_feature == self.categorical_feature:
            return self
        if self._handle is not None:
            raise QGBMError("cannot change categorical features after construct(): create the "
                            "Dataset again")
        self.categorical_feature = categorical_feature
        return self

    def get_params(self) -> dict[str, Any]:
        return dict(self.params)

    # ---- fields ---------------------------------------------------------------------------
    def _rows(self) -> int | None:
        return self.num_data() if self._handle is not None else None

    def set_field(self, field_name: str, data: Any) -> "Dataset":
        if self._handle is None:
            raise QGBMError(f"cannot set field '{field_name}' before construct()")
        if data is None:
            check_call(LIB.QGBM_DatasetSetField(self._handle, c_str(field_name), None, 0,
                                                DTYPE_FLOAT32 if field_name != "group"
                                                else DTYPE_INT32))
            return self
        arr = np.ascontiguousarray(data)
        if arr.dtype not in _NP_DTYPE_CODE:
            arr = arr.astype(_FIELD_DTYPES.get(field_name, np.float64))
        check_call(LIB.QGBM_DatasetSetField(self._handle, c_str(field_name), array_address(arr),
                                            arr.size, _dtype_code(arr)))
        return self

    def get_field(self, field_name: str) -> np.ndarray | None:
        if self._handle is None:
            raise QGBMError(f"cannot get field '{field_name}' before construct()")
        length, ptr, dtype = ctypes.c_int64(), ctypes.c_void_p(), ctypes.c_int()
        check_call(LIB.QGBM_DatasetGetField(self._handle, c_str(field_name),
                                            ctypes.byref(length), ctypes.byref(ptr),
                                            ctypes.byref(dtype)))
        if length.value == 0 or not ptr.value:
            return None
        np_dtype = _CODE_NP_DTYPE[dtype.value]
        buf = (ctypes.c_char * (length.value * np_dtype.itemsize)).from_address(ptr.value)
        return np.frombuffer(buf, dtype=np_dtype).copy()

    def set_label(self, label: Any) -> "Dataset":
        self.label = label
        if self._handle is not None and label is not None:
            self.set_field("label", cv.column_vector(label, "label", self._rows()))
        return self

    def set_weight(self, weight: Any) -> "Dataset":
        self.weight = weight
        if self._handle is not None:
            self.set_field("weight", None if weight is None else
                           cv.column_vector(weight, "weight", self._rows()))
        return self

    def set_group(self, group: Any) -> "Dataset":
        self.group = group
        if self._handle is not None:
            self.set_field("group", None if group is None else
                           cv.group_vector(group, self._rows()))
        return self

    def set_init_score(self, init_score: Any) -> "Dataset":
        self.init_score = init_score
        if self._handle is not None:
            self.set_field("init_score", None if init_score is None else
                           cv.init_score_vector(init_score, self._rows()))
        return self

    def get_label(self) -> np.ndarray | None:
        return self.get_field("label") if self._handle is not None else self.label

    def get_weight(self) -> np.ndarray | None:
        return self.get_field("weight") if self._handle is not None else self.weight

    def get_group(self) -> np.ndarray | None:
        return self.get_field("group") if self._handle is not None else self.group

    def get_init_score(self) -> np.ndarray | None:
        return self.get_field("init_score") if self._handle is not None else self.init_score

    def get_data(self) -> Any:
        return self.data

    # ---- shape ----------------------------------------------------------------------------
    def num_data(self) -> int:
        if self._handle is None:
            raise QGBMError("cannot get num_data before construct()")
        out = ctypes.c_int64()
        check_call(LIB.QGBM_DatasetGetNumData(self._handle, ctypes.byref(out)))
        return out.value

    def num_feature(self) -> int:
        if self._handle is None:
            raise QGBMError("cannot get num_feature before construct()")
        out = ctypes.c_int32()
        check_call(LIB.QGBM_DatasetGetNumFeature(self._handle, ctypes.byref(out)))
        return out.value

    def get_feature_name(self) -> list[str]:
        if self._handle is None:
            raise QGBMError("cannot get feature names before construct()")
        return read_string_list(LIB.QGBM_DatasetGetFeatureNames, self._handle)
