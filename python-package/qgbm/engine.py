"""train() and cv(): the boosting loop in Python, one C call per iteration, with callbacks."""

from __future__ import annotations

import copy
import os
from collections import defaultdict
from typing import Any, Callable, Sequence

import numpy as np

from . import callback as cb
from ._log import log_warning
from ._params import (EARLY_STOPPING_ALIASES, METRIC_ALIASES, NUM_ITERATIONS_ALIASES,
                      OBJECTIVE_ALIASES, SEED_ALIASES, get_alias, pop_alias)
from .booster import Booster
from .dataset import Dataset

__all__ = ["train", "cv", "CVBooster"]


def _prepare_params(params: dict[str, Any] | None, num_boost_round: int
                    ) -> tuple[dict[str, Any], int, Callable | None, int | None]:
    """LightGBM's handling: iteration counts and early stopping given as parameters (any alias)
    override the arguments; a callable objective becomes objective=none plus fobj."""
    params = copy.deepcopy(params) if params else {}
    fobj = None
    objective = get_alias(params, OBJECTIVE_ALIASES)
    if callable(objective):
        fobj = objective
        pop_alias(params, OBJECTIVE_ALIASES)
        params["objective"] = "none"
    n = pop_alias(params, NUM_ITERATIONS_ALIASES)
    if n is not None:
        log_warning(f"Found num_iterations={n} in params. Will use it instead of argument")
        num_boost_round = int(n)
    if not isinstance(num_boost_round, (int, np.integer)) or num_boost_round < 0:
        raise ValueError(f"num_boost_round must be a non-negative integer, got {num_boost_round!r}")
    stopping = pop_alias(params, EARLY_STOPPING_ALIASES)
    # Recorded in the model's parameters as the CLI records them (the core does not loop on
    # them: this loop does).
    params["num_iterations"] = int(num_boost_round)
    if stopping:
        params["early_stopping_round"] = int(stopping)
    return params, int(num_boost_round), fobj, (int(stopping) if stopping else None)


def _load_init_model(init_model: Any) -> Booster | None:
    if init_model is None or isinstance(init_model, Booster):
        return init_model
    if isinstance(init_model, (str, os.PathLike)):
        text = os.fspath(init_model)
        if os.path.isfile(text):
            return Booster(model_file=text)
        if isinstance(init_model, str) and text.lstrip().startswith("{"):
            return Booster(model_str=text)
        raise FileNotFoundError(f"init_model '{text}' is neither a model file nor a model string")
    raise TypeError(f"init_model must be a Booster, a model file or a model string, got "
                    f"{type(init_model).__name__}")


def _sorted_callbacks(callbacks: Sequence[Callable] | None, params: dict[str, Any],
                      stopping: int | None) -> tuple[list[Callable], list[Callable]]:
    callbacks = list(callbacks) if callbacks else []
    if stopping and stopping > 0:
        callbacks.append(cb.early_stopping(stopping, bool(params.get("first_metric_only", False)),
                                           verbose=_verbose(params)))
    before = sorted((c for c in callbacks if getattr(c, "before_iteration", False)),
                    key=lambda c: getattr(c, "order", 0))
    after = sorted((c for c in callbacks if not getattr(c, "before_iteration", False)),
                   key=lambda c: getattr(c, "order", 0))
    return before, after


def _verbose(params: dict[str, Any]) -> bool:
    value = get_alias(params, ("verbosity", "verbose"), 1)
    return int(value) > 0


def train(params: dict[str, Any], train_set: Dataset, num_boost_round: int = 100,
          valid_sets: Sequence[Dataset] | None = None, valid_names: Sequence[str] | None = None,
          feval: Callable | Sequence[Callable] | None = None, init_model: Any = None,
          feature_name: Sequence[str] | str = "auto",
          categorical_feature: Sequence[int | str] | str = "auto",
          keep_training_booster: bool = False, callbacks: Sequence[Callable] | None = None
          ) -> Booster:
    """Trains a model, LightGBM's train(): returns the Booster (best_iteration set when early
    stopping ran)."""
    if not isinstance(train_set, Dataset):
        raise TypeError(f"train_set must be a Dataset, got {type(train_set).__name__}")
    params, num_boost_round, fobj, stopping = _prepare_params(params, num_boost_round)
    if feature_name != "auto":
        train_set.feature_name = feature_name
    if categorical_feature != "auto":
        train_set.categorical_feature = categorical_feature
    predictor = _load_init_model(init_model)
    init_iteration = predictor.current_iteration() if predictor is not None else 0
    train_set._update_params(params)._set_predictor(predictor)

    valid_sets = list(valid_sets) if valid_sets is not None else []
    if isinstance(valid_names, str):
        valid_names = [valid_names]
    is_valid_contain_train = False
    train_data_name = "training"
    reduced_valid_sets, name_valid_sets = [], []
    for i, valid in enumerate(valid_sets):
        if not isinstance(valid, Dataset):
            raise TypeError(f"valid_sets[{i}] must be a Dataset, got {type(valid).__name__}")
        given = valid_names is not None and i < len(valid_names)
        if valid is train_set:
            # LightGBM's rule: the training data keeps the name "training" unless named.
            is_valid_contain_train = True
            train_data_name = valid_names[i] if given else "training"
            continue
        name = valid_names[i] if given else f"valid_{i}"
        valid._update_params(params).set_reference(train_set)._set_predictor(predictor)
        reduced_valid_sets.append(valid)
        name_valid_sets.append(name)

    booster = Booster(params=params, train_set=train_set, _init_model=predictor)
    if fobj is not None:
        booster._fobj = fobj
    booster.set_train_data_name(train_data_name)
    for valid, name in zip(reduced_valid_sets, name_valid_sets):
        booster.add_valid(valid, name)

    before, after = _sorted_callbacks(callbacks, params, stopping)
    booster.best_iteration = 0
    evaluation_result_list: list = []
    begin, end = init_iteration, init_iteration + num_boost_round
    for i in range(begin, end):
        for c in before:
            c(cb.CallbackEnv(booster, params, i, begin, end, None))
        finished = booster.update()
        evaluation_result_list = []
        if valid_sets:
            if is_valid_contain_train:
                evaluation_result_list.extend(booster.eval_train(feval))
            evaluation_result_list.extend(booster.eval_valid(feval))
        try:
            for c in after:
                c(cb.CallbackEnv(booster, params, i, begin, end, evaluation_result_list))
        except cb.EarlyStopException as e:
            booster.best_iteration = e.best_iteration + 1
            evaluation_result_list = e.best_score
            break
        if finished:
            log_warning("Stopped training because no tree could be split any more")
            break
    booster.best_score = defaultdict(dict)
    for item in evaluation_result_list:
        booster.best_score[item[0]][item[1]] = item[2]
    booster.best_score = dict(booster.best_score)
    if not keep_training_booster:
        best = booster.best_iteration
        booster.model_from_string(booster.model_to_string())
        booster.free_dataset()
        booster.best_iteration = best
    return booster


class CVBooster:
    """The fold boosters of cv(); method calls are forwarded to every booster."""

    def __init__(self) -> None:
        self.boosters: list[Booster] = []
        self.best_iteration = -1
        self._train_data_name = "train"

    def __getattr__(self, name: str) -> Callable:
        if name.startswith("_"):
            raise AttributeError(name)

        def call_all(*args: Any, **kwargs: Any) -> list:
            return [getattr(b, name)(*args, **kwargs) for b in self.boosters]
        return call_all


def _make_folds(full: Dataset, folds: Any, nfold: int, params: dict[str, Any], seed: int,
                stratified: bool, shuffle: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    n = full.num_data()
    if folds is not None:
        if hasattr(folds, "split"):
            group = full.get_group()
            group_ids = None if group is None else np.repeat(np.arange(len(group)), group)
            return list(folds.split(X=np.empty(n), y=full.get_label(), groups=group_ids))
        return [(np.asarray(a), np.asarray(b)) for a, b in folds]
    if nfold < 2:
        raise ValueError(f"nfold must be at least 2, got {nfold}")
    rng = np.random.default_rng(seed)
    group = full.get_group()
    if group is not None:
        # Whole queries go to one fold.
        starts = np.concatenate([[0], np.cumsum(group)])
        order = rng.permutation(len(group)) if shuffle else np.arange(len(group))
        parts = np.array_split(order, nfold)
        out = []
        for k in range(nfold):
            test_q = np.sort(parts[k])
            test = np.concatenate([np.arange(starts[q], starts[q + 1]) for q in test_q])
            out.append((np.setdiff1d(np.arange(n), test), test))
        return out
    objective = str(get_alias(params, OBJECTIVE_ALIASES, ""))
    label = full.get_label()
    fold_of = np.empty(n, dtype=np.int64)
    if stratified and objective.startswith(("binary", "multiclass", "softmax", "multiclassova")):
        for value in np.unique(label):
            rows = np.flatnonzero(label == value)
            if shuffle:
                rows = rng.permutation(rows)
            fold_of[rows] = np.arange(len(rows)) % nfold
    else:
        order = rng.permutation(n) if shuffle else np.arange(n)
        fold_of[order] = np.arange(n) % nfold
    return [(np.flatnonzero(fold_of != k), np.flatnonzero(fold_of == k)) for k in range(nfold)]


def _agg(results: list[list[tuple]]) -> list[tuple]:
    """Per metric across folds: (data name, metric, mean, higher is better, stdv)."""
    grouped: dict[tuple, list[float]] = {}
    higher: dict[tuple, bool] = {}
    for fold in results:
        for data_name, metric, value, hb in fold:
            key = (data_name, metric)
            grouped.setdefault(key, []).append(value)
            higher[key] = hb
    return [(k[0], k[1], float(np.mean(v)), higher[k], float(np.std(v)))
            for k, v in grouped.items()]


def cv(params: dict[str, Any], train_set: Dataset, num_boost_round: int = 100,
       folds: Any = None, nfold: int = 5, stratified: bool = True, shuffle: bool = True,
       metrics: str | Sequence[str] | None = None, feval: Any = None, init_model: Any = None,
       seed: int = 0, callbacks: Sequence[Callable] | None = None,
       eval_train_metric: bool = False, return_cvbooster: bool = False) -> dict[str, Any]:
    """Cross-validation, LightGBM's cv(): {"valid <metric>-mean": [...], "valid <metric>-stdv":
    [...]} per iteration (and "train ..." with eval_train_metric)."""
    if not isinstance(train_set, Dataset):
        raise TypeError(f"train_set must be a Dataset, got {type(train_set).__name__}")
    params, num_boost_round, fobj, stopping = _prepare_params(params, num_boost_round)
    if metrics is not None:
        pop_alias(params, METRIC_ALIASES)
        params["metric"] = metrics
    seed_param = get_alias(params, SEED_ALIASES)
    if seed_param is not None:
        seed = int(seed_param)
    predictor = _load_init_model(init_model)
    train_set._update_params(params)._set_predictor(predictor)
    train_set.free_raw_data = False if predictor is not None else train_set.free_raw_data
    full = train_set.construct()
    splits = _make_folds(full, folds, nfold, params, seed, stratified, shuffle)

    cvbooster = CVBooster()
    for train_idx, test_idx in splits:
        fold_train = full.subset(np.sort(train_idx), params)
        fold_valid = full.subset(np.sort(test_idx), params)
        booster = Booster(params=params, train_set=fold_train, _init_model=predictor)
        if fobj is not None:
            booster._fobj = fobj
        booster.set_train_data_name("train")
        booster.add_valid(fold_valid, "valid")
        cvbooster.boosters.append(booster)

    before, after = _sorted_callbacks(callbacks, params, stopping)
    results: dict[str, list[float]] = defaultdict(list)
    init_iteration = predictor.current_iteration() if predictor is not None else 0
    begin, end = init_iteration, init_iteration + num_boost_round
    for i in range(begin, end):
        for c in before:
            c(cb.CallbackEnv(cvbooster, params, i, begin, end, None))
        per_fold = []
        for booster in cvbooster.boosters:
            booster.update()
            out = booster.eval_train(feval) if eval_train_metric else []
            per_fold.append(out + booster.eval_valid(feval))
        agg = _agg(per_fold)
        for data_name, metric, mean, _, stdv in agg:
            results[f"{data_name} {metric}-mean"].append(mean)
            results[f"{data_name} {metric}-stdv"].append(stdv)
        try:
            for c in after:
                c(cb.CallbackEnv(cvbooster, params, i, begin, end, agg))
        except cb.EarlyStopException as e:
            cvbooster.best_iteration = e.best_iteration + 1
            for booster in cvbooster.boosters:
                booster.best_iteration = cvbooster.best_iteration
            for key in results:
                results[key] = results[key][:cvbooster.best_iteration - begin]
            break
    out: dict[str, Any] = dict(results)
    if return_cvbooster:
        out["cvbooster"] = cvbooster
    return out


