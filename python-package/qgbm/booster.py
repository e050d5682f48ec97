"""Booster: a model being trained step by step or loaded, and its predictions
(LightGBM's Booster)."""

from __future__ import annotations

import copy
import ctypes
import json
import os
import threading
from typing import Any, Callable

import numpy as np

from . import _convert as cv
from ._lib import (IMPORTANCE_GAIN, IMPORTANCE_SPLIT, LIB, PREDICT_CONTRIB, PREDICT_LEAF_INDEX,
                   PREDICT_NORMAL, PREDICT_RAW_SCORE, QGBMError, array_address, c_str,
                   check_call, read_string_list)
from ._params import NUM_THREADS_ALIASES, OBJECTIVE_ALIASES, get_alias, params_to_text
from ._textfile import read_matrix_file
from .dataset import Dataset

__all__ = ["Booster"]


class _Predictor:
    """Turns prediction inputs into float32 rows for one model (shared by Booster.predict)."""

    @staticmethod
    def rows(booster: "Booster", data: Any, validate_features: bool) -> Any:
        if cv.is_path(data):
            return read_matrix_file(os.fspath(data), booster.num_feature())
        if cv.is_dataframe(data):
            if validate_features:
                expected = booster.feature_name()
                got = [str(c) for c in data.columns]
                if got[:len(expected)] != expected:
                    raise ValueError(f"DataFrame columns {got} do not match the model's "
                                     f"features {expected}")
            table = cv.table_from_dataframe(data, booster._category_names())
            return np.ascontiguousarray(table.dense.array, dtype=np.float32)
        if cv.is_sparse(data):
            return data  # densified in blocks by the caller
        if isinstance(data, Dataset):
            raise TypeError("cannot predict on a Dataset: pass the raw data")
        return cv.float32_rows(data)


class Booster:
    """A model: trained step by step (train()), or loaded from a file or string."""

    def __init__(self, params: dict[str, Any] | None = None, train_set: Dataset | None = None,
                 model_file: str | os.PathLike | None = None, model_str: str | None = None,
                 *, _init_model: "Booster | None" = None) -> None:
        self._handle: int | None = None
        self._fast: dict[tuple, int] = {}
        self._fast_lock = threading.Lock()
        self._categories: dict[int, list[str]] | None = None
        self._best_iteration = 0
        self.best_score: dict[str, dict[str, float]] = {}
        # None: a loaded model's parameters, read from the model on first access.
        self._params: dict[str, Any] | None = copy.deepcopy(params) if params else None
        self._fobj: Callable | None = None
        self._train_set: Dataset | None = None
        self._train_data_name = "training"
        self._valid_sets: list[Dataset] = []
        self.name_valid_sets: list[str] = []
        self._eval_names: list[str] | None = None
        self._higher_better: list[bool] | None = None
        if train_set is not None:
            self._params = self._params or {}
            if not isinstance(train_set, Dataset):
                raise TypeError(f"train_set must be a Dataset, got {type(train_set).__name__}")
            objective = get_alias(self._params, OBJECTIVE_ALIASES)
            if callable(objective):
                self._fobj = objective
                for alias in OBJECTIVE_ALIASES:
                    self._params.pop(alias, None)
                self._params["objective"] = "none"
            train_set._update_params(self._params).construct()
            out = ctypes.c_void_p()
            init = _init_model._handle if _init_model is not None else None
            check_call(LIB.QGBM_BoosterCreate(train_set._handle,
                                              c_str(params_to_text(self._params)), init,
                                              ctypes.byref(out)))
            self._handle = out.value
            self._train_set = train_set
        elif model_file is not None:
            out = ctypes.c_void_p()
            check_call(LIB.QGBM_BoosterCreateFromModelfile(c_str(os.fspath(model_file)),
                                                           ctypes.byref(out)))
            self._handle = out.value
            self._best_iteration = self._c_best_iteration()
        elif model_str is not None:
            self.model_from_string(model_str)
        else:
            raise TypeError("Booster needs train_set, model_file or model_str")

    # ---- life cycle -----------------------------------------------------------------------
    def _free_fast(self) -> None:
        with self._fast_lock:
            fast, self._fast = self._fast, {}
        for handle in fast.values():
            LIB.QGBM_FastConfigFree(handle)

    def _model_changed(self) -> None:
        self._free_fast()

    def _free(self) -> None:
        self._free_fast()
        if self._handle is not None:
            LIB.QGBM_BoosterFree(self._handle)
            self._handle = None

    def __del__(self) -> None:
        try:
            self._free()
        except Exception:  # interpreter shutdown
            pass

    def free_dataset(self) -> "Booster":
        """Drops this object's references to its datasets (the core keeps what it needs)."""
        self._train_set = None
        self._valid_sets = []
        return self

    def __getstate__(self) -> dict[str, Any]:
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("_handle", "_fast", "_fast_lock", "_train_set", "_valid_sets",
                              "_fobj", "_categories")}
        state["_model_str"] = self.model_to_string(num_iteration=-1) if self._handle else None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        model = state.pop("_model_str")
        self.__dict__.update(state)
        self._handle = None
        self._fast, self._fast_lock, self._categories = {}, threading.Lock(), None
        self._train_set, self._valid_sets, self._fobj = None, [], None
        if model is not None:
            best = self._best_iteration
            self.model_from_string(model)
            self._best_iteration = best

    def __copy__(self) -> "Booster":
        return self.__deepcopy__(None)

    def __deepcopy__(self, memo: Any) -> "Booster":
        clone = Booster.__new__(Booster)
        clone.__setstate__(copy.deepcopy(self.__getstate__(), memo))
        return clone

    # ---- model text -----------------------------------------------------------------------
    def model_from_string(self, model_str: str) -> "Booster":
        """Replaces this booster's model with the one in model_str (the JSON model format)."""
        data = model_str.encode("utf-8")
        out = ctypes.c_void_p()
        check_call(LIB.QGBM_BoosterLoadModelFromString(data, len(data), ctypes.byref(out)))
        self._free()
        self._handle = out.value
        self._categories = None
        self._eval_names = self._higher_better = None
        self._best_iteration = self._c_best_iteration()
        return self

    def _iterations_arg(self, num_iteration: int | None) -> int:
        """LightGBM's num_iteration: None -> the best iteration (if any) else all; <= 0 -> all."""
        if num_iteration is None:
            return self._best_iteration if self._best_iteration > 0 else 0
        if num_iteration <= 0:
            return max(self.current_iteration(), 0)  # every iteration, ignoring best_iteration
        return int(num_iteration)

    def model_to_string(self, num_iteration: int | None = None, start_iteration: int = 0,
                        importance_type: str = "split") -> str:
        if start_iteration != 0:
            raise NotImplementedError("model_to_string: start_iteration must be 0")
        n = self._iterations_arg(num_iteration)
        length = ctypes.c_int64()
        check_call(LIB.QGBM_BoosterSaveModelToString(self._handle, n, 0, ctypes.byref(length),
                                                     None))
        buf = ctypes.create_string_buffer(length.value)
        check_call(LIB.QGBM_BoosterSaveModelToString(self._handle, n, length.value,
                                                     ctypes.byref(length), buf))
        return buf.value.decode("utf-8")

    def save_model(self, filename: str | os.PathLike, num_iteration: int | None = None,
                   start_iteration: int = 0, importance_type: str = "split") -> "Booster":
        """Writes the JSON model. num_iteration None keeps the best iteration's trees when early
        stopping ran (as LightGBM), <= 0 keeps all. The file is replaced atomically."""
        path = os.fspath(filename)
        if start_iteration == 0 and (num_iteration is not None and num_iteration <= 0 or
                                     num_iteration is None and self._best_iteration <= 0):
            check_call(LIB.QGBM_BoosterSaveModel(self._handle, c_str(path), 0))
            return self
        text = self.model_to_string(num_iteration, start_iteration, importance_type)
        tmp = f"{path}.tmp.{os.getpid()}.{threading.get_ident()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
        return self

    def dump_model(self, num_iteration: int | None = None, start_iteration: int = 0,
                   importance_type: str = "split") -> dict[str, Any]:
        """The model as a dict in the shape of LightGBM's dump_model."""
        itype = _importance_code(importance_type)
        n = self._iterations_arg(num_iteration)
        length = ctypes.c_int64()
        check_call(LIB.QGBM_BoosterDumpModel(self._handle, start_iteration, n, itype, 0,
                                             ctypes.byref(length), None))
        buf = ctypes.create_string_buffer(length.value)
        check_call(LIB.QGBM_BoosterDumpModel(self._handle, start_iteration, n, itype,
                                             length.value, ctypes.byref(length), buf))
        return json.loads(buf.value.decode("utf-8"))

    # ---- shape of the model ---------------------------------------------------------------
    def _int_query(self, fn, ctype=ctypes.c_int32) -> int:
        out = ctype()
        check_call(fn(self._handle, ctypes.byref(out)))
        return out.value

    def num_feature(self) -> int:
        return self._int_query(LIB.QGBM_BoosterGetNumFeature)

    def num_trees(self) -> int:
        return self._int_query(LIB.QGBM_BoosterGetNumTrees)

    def num_model_per_iteration(self) -> int:
        return self._int_query(LIB.QGBM_BoosterGetNumOutputs)

    def current_iteration(self) -> int:
        return self._int_query(LIB.QGBM_BoosterGetCurrentIteration, ctypes.c_int)

    def feature_name(self) -> list[str]:
        return read_string_list(LIB.QGBM_BoosterGetFeatureNames, self._handle)

    def _c_best_iteration(self) -> int:
        try:
            return self._int_query(LIB.QGBM_BoosterGetBestIteration, ctypes.c_int)
        except QGBMError:
            return 0

    @property
    def best_iteration(self) -> int:
        """1-based best iteration found by early stopping (0: none); predict and save_model use
        it when num_iteration is None."""
        return self._best_iteration

    @best_iteration.setter
    def best_iteration(self, value: int) -> None:
        value = int(value) if value else 0
        if self._handle is not None:
            check_call(LIB.QGBM_BoosterSetBestIteration(self._handle, max(value, 0)))
            self._model_changed()
        self._best_iteration = value

    def _category_names(self) -> dict[int, list[str]]:
        """feature -> category texts, for the model's categorical features that have them."""
        if self._categories is None:
            nfeat = self.num_feature()
            flags = np.zeros(nfeat, dtype=np.intc)
            check_call(LIB.QGBM_BoosterGetCategoricalFeatures(self._handle,
                                                              array_address(flags)))
            names = {}
            for f in np.flatnonzero(flags):
                cats = read_string_list(LIB.QGBM_BoosterGetCategoryNames, self._handle, int(f))
                if cats:
                    names[int(f)] = cats
            self._categories = names
        return self._categories

    def feature_importance(self, importance_type: str = "split",
                           iteration: int | None = None) -> np.ndarray:
        itype = _importance_code(importance_type)
        out = np.zeros(self.num_feature(), dtype=np.float64)
        check_call(LIB.QGBM_BoosterFeatureImportance(self._handle, self._iterations_arg(iteration),
                                                     itype, array_address(out)))
        return out.astype(np.int32) if itype == IMPORTANCE_SPLIT else out

    # ---- training -------------------------------------------------------------------------
    def add_valid(self, data: Dataset, name: str) -> "Booster":
        if not isinstance(data, Dataset):
            raise TypeError(f"validation data must be a Dataset, got {type(data).__name__}")
        if data.reference is None and data is not self._train_set and data._handle is None:
            data.set_reference(self._train_set)
        data._update_params(self.params).construct()
        check_call(LIB.QGBM_BoosterAddValidData(self._handle, data._handle, c_str(name)))
        self._valid_sets.append(data)
        self.name_valid_sets.append(name)
        return self

    def set_train_data_name(self, name: str) -> "Booster":
        self._train_data_name = name
        return self

    def reset_parameter(self, params: dict[str, Any]) -> "Booster":
        """Changes parameters between iterations (LightGBM's reset_parameter). Only
        learning_rate can change during training; another parameter given with a new value
        raises QGBMError naming it."""
        if self._handle is None:
            raise QGBMError("the booster holds no model")
        check_call(LIB.QGBM_BoosterResetParameter(self._handle, c_str(params_to_text(params))))
        self._params = dict(self._params or {}, **params)
        return self

    def update(self, train_set: Dataset | None = None, fobj: Callable | None = None) -> bool:
        """One boosting iteration; returns True when no tree could be grown any more."""
        if train_set is not None and train_set is not self._train_set:
            raise QGBMError("update(train_set=...): changing the training data of a booster is "
                            "not supported; create a new Booster")
        if self._train_set is None and not self._fobj and fobj is None and self._handle:
            pass  # the core reports a booster that was not created for training
        fobj = fobj or self._fobj
        finished = ctypes.c_int(0)
        if fobj is None:
            check_call(LIB.QGBM_BoosterUpdateOneIter(self._handle, ctypes.byref(finished)))
        else:
            preds = self._inner_predict(0)
            grad, hess = fobj(preds, self._train_set)
            return self.__boost(grad, hess)
        self._model_changed()
        return bool(finished.value)

    def __boost(self, grad: Any, hess: Any) -> bool:
        g = np.asarray(grad)
        h = np.asarray(hess)
        if g.shape != h.shape:
            raise ValueError(f"custom objective: grad shape {g.shape} != hess shape {h.shape}")
        g = np.ascontiguousarray(g.reshape(-1, order="F"), dtype=np.float32)
        h = np.ascontiguousarray(h.reshape(-1, order="F"), dtype=np.float32)
        expected = self._train_set.num_data() * self.num_model_per_iteration()
        if g.size != expected:
            raise ValueError(f"custom objective: grad has {g.size} values, expected {expected} "
                             "(rows x outputs)")
        finished = ctypes.c_int(0)
        check_call(LIB.QGBM_BoosterUpdateOneIterCustom(self._handle, array_address(g),
                                                       array_address(h), g.size,
                                                       ctypes.byref(finished)))
        self._model_changed()
        return bool(finished.value)

    def rollback_one_iter(self) -> "Booster":
        check_call(LIB.QGBM_BoosterRollbackOneIter(self._handle))
        self._model_changed()
        return self

    # ---- evaluation -----------------------------------------------------------------------
    def _eval_info(self) -> tuple[list[str], list[bool]]:
        if self._eval_names is None:
            names = read_string_list(LIB.QGBM_BoosterGetEvalNames, self._handle)
            flags = np.zeros(max(len(names), 1), dtype=np.intc)
            if names:
                check_call(LIB.QGBM_BoosterGetEvalHigherBetter(self._handle,
                                                               array_address(flags)))
            self._eval_names = names
            self._higher_better = [bool(f) for f in flags[:len(names)]]
        return self._eval_names, self._higher_better

    def _inner_predict(self, data_idx: int) -> np.ndarray:
        """Current predictions on data set data_idx (0 = training): (n,) or (n, outputs)."""
        n = ctypes.c_int64()
        check_call(LIB.QGBM_BoosterGetNumPredict(self._handle, data_idx, ctypes.byref(n)))
        out = np.empty(n.value, dtype=np.float64)
        check_call(LIB.QGBM_BoosterGetPredict(self._handle, data_idx, ctypes.byref(n),
                                              array_address(out)))
        k = self.num_model_per_iteration()
        return out if k == 1 else out.reshape(-1, k, order="F")

    def __eval(self, data_idx: int, data_name: str, feval: Any) -> list[tuple]:
        names, higher = self._eval_info()
        results: list[tuple] = []
        if names:
            out = np.zeros(len(names), dtype=np.float64)
            n = ctypes.c_int()
            check_call(LIB.QGBM_BoosterGetEval(self._handle, data_idx, ctypes.byref(n),
                                               array_address(out)))
            results = [(data_name, names[i], float(out[i]), higher[i]) for i in range(n.value)]
        if feval is not None:
            dataset = self._train_set if data_idx == 0 else self._valid_sets[data_idx - 1]
            preds = self._inner_predict(data_idx)
            for fn in (feval if isinstance(feval, (list, tuple)) else [feval]):
                res = fn(preds, dataset)
                for name, value, is_higher in (res if isinstance(res, list) else [res]):
                    results.append((data_name, name, float(value), bool(is_higher)))
        return results

    def eval(self, data: Dataset, name: str, feval: Any = None) -> list[tuple]:
        """[(data name, metric name, value, higher is better)] on `data`, added as a
        validation set first if it is neither the training data nor one already added."""
        if data is self._train_set:
            return self.__eval(0, name, feval)
        for i, valid in enumerate(self._valid_sets):
            if data is valid:
                return self.__eval(i + 1, name, feval)
        self.add_valid(data, name)
        return self.__eval(len(self._valid_sets), name, feval)

    def eval_train(self, feval: Any = None) -> list[tuple]:
        return self.__eval(0, self._train_data_name, feval)

    def eval_valid(self, feval: Any = None) -> list[tuple]:
        out = []
        for i, name in enumerate(self.name_valid_sets):
            out.extend(self.__eval(i + 1, name, feval))
        return out

    # ---- prediction -----------------------------------------------------------------------
    @property
    def params(self) -> dict[str, Any]:
        """The parameters given, or for a loaded model those saved in it (as LightGBM)."""
        if self._params is None:
            self._params = self._loaded_params() if self._handle is not None else {}
        return self._params

    @params.setter
    def params(self, value: dict[str, Any]) -> None:
        self._params = dict(value) if value else {}

    def _loaded_params(self) -> dict[str, Any]:
        saved = json.loads(self.model_to_string(num_iteration=-1)).get("parameters", {})
        return {key: _typed(value) for key, value in saved.items() if value != ""}

    def _num_threads(self) -> int:
        # Given parameters only: reading a loaded model's would parse the whole model.
        value = get_alias(self._params or {}, NUM_THREADS_ALIASES, 0)
        return int(value) if value is not None else 0

    def _fast_config(self, ptype: int, n_iter: int, ncol: int) -> int:
        key = (ptype, n_iter, ncol)
        handle = self._fast.get(key)
        if handle is None:
            with self._fast_lock:
                handle = self._fast.get(key)
                if handle is None:
                    out = ctypes.c_void_p()
                    check_call(LIB.QGBM_BoosterPredictForRowFastInit(self._handle, ptype, n_iter,
                                                                     ncol, ctypes.byref(out)))
                    handle = self._fast[key] = out.value
        return handle

    def _predict_rows(self, rows: np.ndarray, ptype: int, n_iter: int, threads: int
                      ) -> np.ndarray:
        nrow, ncol = rows.shape
        nfeat = self.num_feature()
        if ncol < nfeat:
            raise ValueError(f"data has {ncol} features but the model expects {nfeat}")
        size = ctypes.c_int64()
        check_call(LIB.QGBM_BoosterCalcNumPredict(self._handle, nrow, ptype, n_iter,
                                                  ctypes.byref(size)))
        out = np.empty(size.value, dtype=np.float64)
        written = ctypes.c_int64()
        if nrow == 1 and ptype != PREDICT_CONTRIB:
            fast = self._fast_config(ptype, n_iter, ncol)
            check_call(LIB.QGBM_BoosterPredictForRowFast(fast, array_address(rows),
                                                         array_address(out),
                                                         ctypes.byref(written)))
        else:
            check_call(LIB.QGBM_BoosterPredictForMat(self._handle, array_address(rows), nrow,
                                                     ncol, ptype, n_iter, threads,
                                                     array_address(out), ctypes.byref(written)))
        return out[:written.value].reshape(nrow, -1)

    def _predict_any(self, data: Any, ptype: int, n_iter: int, threads: int) -> np.ndarray:
        if cv.is_sparse(data):
            csr = data.tocsr()
            nrow = csr.shape[0]
            # Densify a block of rows at a time so memory stays bounded by the block.
            block = max(1, (1 << 22) // max(csr.shape[1], 1))
            parts = [self._predict_rows(np.ascontiguousarray(csr[i:i + block].toarray(),
                                                             dtype=np.float32), ptype, n_iter,
                                       threads)
                     for i in range(0, nrow, block)]
            return np.vstack(parts)
        return self._predict_rows(data, ptype, n_iter, threads)

    def predict(self, data: Any, start_iteration: int = 0, num_iteration: int | None = None,
                raw_score: bool = False, pred_leaf: bool = False, pred_contrib: bool = False,
                validate_features: bool = False, **kwargs: Any) -> np.ndarray:
        """Predictions for numpy arrays, pandas DataFrames, scipy sparse matrices, lists or a
        text file path. Shapes as LightGBM: (n,) for one output, (n, k) for k outputs,
        (n, trees) leaf indices, (n, k * (features + 1)) contributions."""
        threads = None
        for alias in NUM_THREADS_ALIASES:  # LightGBM passes prediction parameters as kwargs
            if alias in kwargs:
                threads = int(kwargs.pop(alias))
        if kwargs:
            raise TypeError(f"predict() got unexpected arguments {sorted(kwargs)}")
        if self._handle is None:
            raise QGBMError("the booster holds no model")
        ptype = (PREDICT_LEAF_INDEX if pred_leaf else PREDICT_CONTRIB if pred_contrib
                 else PREDICT_RAW_SCORE if raw_score else PREDICT_NORMAL)
        rows = _Predictor.rows(self, data, validate_features)
        if threads is None:
            threads = self._num_threads()
        if start_iteration and start_iteration > 0:
            out = self._predict_from(rows, ptype, start_iteration, num_iteration, threads)
        else:
            out = self._predict_any(rows, ptype, self._iterations_arg(num_iteration), threads)
        if ptype == PREDICT_LEAF_INDEX:
            return out.astype(np.int32)
        if ptype in (PREDICT_NORMAL, PREDICT_RAW_SCORE) and out.shape[1] == 1:
            return out[:, 0]
        if ptype == PREDICT_CONTRIB and cv.is_sparse(data):
            return _sparse_contrib(out, self.num_model_per_iteration(), data.format)
        return out

    def _predict_from(self, rows: Any, ptype: int, start: int, num_iteration: int | None,
                      threads: int) -> np.ndarray:
        """Iterations [start, start + num_iteration): raw scores and contributions are sums over
        trees, so they are differences of two prefixes; leaf indices are a column slice."""
        total = self.current_iteration()
        end = total if num_iteration is None or num_iteration <= 0 else min(
            total, start + num_iteration)
        if ptype == PREDICT_LEAF_INDEX:
            k = self.num_model_per_iteration()
            return self._predict_any(rows, ptype, end, threads)[:, start * k:end * k]
        if ptype == PREDICT_NORMAL:
            # The model's output transform applied to the window's raw scores, as the core
            # applies it to the whole model's.
            raw = self._predict_from(rows, PREDICT_RAW_SCORE, start, num_iteration, threads)
            return self._transform(raw)
        return (self._predict_any(rows, ptype, end, threads) -
                self._predict_any(rows, ptype, start, threads))

    def _transform(self, raw: np.ndarray) -> np.ndarray:
        """Raw scores (n, k) to what predict returns: the model's output_transform."""
        header = self.dump_model(num_iteration=0)
        kind = header.get("output_transform", "identity")
        if kind == "sigmoid":
            return 1.0 / (1.0 + np.exp(-float(header.get("sigmoid", 1.0)) * raw))
        if kind == "exponential":
            return np.exp(raw)
        if kind == "softmax":
            shifted = np.exp(raw - raw.max(axis=1, keepdims=True))
            return shifted / shifted.sum(axis=1, keepdims=True)
        return raw

    def trees_to_dataframe(self) -> Any:
        """One row per node (LightGBM's columns that the dump provides); needs pandas."""
        from ._trees import trees_to_dataframe
        return trees_to_dataframe(self.dump_model(num_iteration=-1))

def _sparse_contrib(out: np.ndarray, outputs: int, fmt: str) -> Any:
    """LightGBM's shape for contributions of sparse input: a sparse matrix (n, features + 1)
    in the input's format, or a list of them, one per class."""
    import scipy.sparse as sp
    to_sparse = sp.csc_matrix if fmt == "csc" else sp.csr_matrix
    if outputs == 1:
        return to_sparse(out)
    width = out.shape[1] // outputs
    return [to_sparse(out[:, k * width:(k + 1) * width]) for k in range(outputs)]


def _typed(text: Any) -> Any:
    """A saved parameter's text as bool, int or float where it is one."""
    if not isinstance(text, str):
        return text
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _importance_code(importance_type: str) -> int:
    if importance_type == "split":
        return IMPORTANCE_SPLIT
    if importance_type == "gain":
        return IMPORTANCE_GAIN
    raise ValueError(f"importance_type must be 'split' or 'gain', got {importance_type!r}")
