"""Training callbacks with LightGBM's shapes (CallbackEnv, EarlyStopException, `order`,
`before_iteration`), so callbacks written for LightGBM run unchanged."""

from __future__ import annotations

from collections import OrderedDict, namedtuple
from typing import Any, Callable


from ._log import log_info, log_warning

__all__ = ["CallbackEnv", "EarlyStopException", "early_stopping", "log_evaluation",
           "record_evaluation", "reset_parameter", "progress_bar"]


class EarlyStopException(Exception):
    """Raised by a callback to end training; train() keeps best_iteration (0-based here)."""

    def __init__(self, best_iteration: int, best_score: list) -> None:
        super().__init__()
        self.best_iteration = best_iteration
        self.best_score = best_score


# LightGBM's CallbackEnv: what every callback receives after (or before) each iteration.
# evaluation_result_list holds (data name, metric, value, higher is better[, stdv for cv]).
CallbackEnv = namedtuple("CallbackEnv", ["model", "params", "iteration", "begin_iteration",
                                         "end_iteration", "evaluation_result_list"])


def _format_eval(value: tuple, show_stdv: bool = True) -> str:
    if len(value) == 4:
        return f"{value[0]}'s {value[1]}: {value[2]:g}"
    if len(value) == 5:
        if show_stdv:
            return f"{value[0]}'s {value[1]}: {value[2]:g} + {value[4]:g}"
        return f"{value[0]}'s {value[1]}: {value[2]:g}"
    raise ValueError("wrong metric value")


class _LogEvaluation:
    def __init__(self, period: int, show_stdv: bool) -> None:
        self.order, self.before_iteration = 10, False
        self.period, self.show_stdv = period, show_stdv

    def __call__(self, env: CallbackEnv) -> None:
        if self.period > 0 and env.evaluation_result_list and \
                (env.iteration + 1) % self.period == 0:
            text = "\t".join(_format_eval(x, self.show_stdv) for x in env.evaluation_result_list)
            log_info(f"[{env.iteration + 1}]\t{text}")


def log_evaluation(period: int = 1, show_stdv: bool = True) -> Callable:
    """Logs the evaluation results every `period` iterations."""
    return _LogEvaluation(period, show_stdv)


class _RecordEvaluation:
    def __init__(self, eval_result: dict) -> None:
        if not isinstance(eval_result, dict):
            raise TypeError("eval_result must be a dictionary")
        self.order, self.before_iteration = 20, False
        self.eval_result = eval_result

    def _init(self, env: CallbackEnv) -> None:
        self.eval_result.clear()
        for item in env.evaluation_result_list or []:
            data_name, metric = item[0], item[1]
            self.eval_result.setdefault(data_name, OrderedDict())
            if len(item) == 4:
                self.eval_result[data_name].setdefault(metric, [])
            else:
                self.eval_result[data_name].setdefault(f"{metric}-mean", [])
                self.eval_result[data_name].setdefault(f"{metric}-stdv", [])

    def __call__(self, env: CallbackEnv) -> None:
        if env.iteration == env.begin_iteration:
            self._init(env)
        for item in env.evaluation_result_list or []:
            data_name, metric, value = item[0], item[1], item[2]
            if len(item) == 4:
                self.eval_result[data_name][metric].append(value)
            else:
                self.eval_result[data_name][f"{metric}-mean"].append(value)
                self.eval_result[data_name][f"{metric}-stdv"].append(item[4])


def record_evaluation(eval_result: dict) -> Callable:
    """Fills eval_result as {data name: {metric: [value per iteration]}}."""
    return _RecordEvaluation(eval_result)


class _ResetParameter:
    def __init__(self, **kwargs: Any) -> None:
        self.order, self.before_iteration = 10, True
        self.kwargs = kwargs

    def __call__(self, env: CallbackEnv) -> None:
        step = env.iteration - env.begin_iteration
        new_params = {}
        for key, value in self.kwargs.items():
            if isinstance(value, list):
                if len(value) != env.end_iteration - env.begin_iteration:
                    raise ValueError(f"length of list {key!r} has to equal 'num_boost_round'")
                new_value = value[step]
            elif callable(value):
                new_value = value(step)
            else:
                raise ValueError("only a list or a function of the iteration can reset a "
                                 f"parameter, got {type(value).__name__} for {key!r}")
            if new_value != env.params.get(key):
                new_params[key] = new_value
        if new_params:
            env.model.reset_parameter(new_params)
            env.params.update(new_params)


def reset_parameter(**kwargs: Any) -> Callable:
    """Before each iteration, sets parameters from a list (one value per iteration) or a
    function of the iteration (0-based), as LightGBM's. Only learning_rate can change."""
    return _ResetParameter(**kwargs)


class _EarlyStopping:
    def __init__(self, stopping_rounds: int, first_metric_only: bool, verbose: bool,
                 min_delta: float | list) -> None:
        if not isinstance(stopping_rounds, int) or stopping_rounds <= 0:
            raise ValueError(f"stopping_rounds should be an integer greater than 0, got "
                             f"{stopping_rounds!r}")
        self.order, self.before_iteration = 30, False
        self.stopping_rounds = stopping_rounds
        self.first_metric_only = first_metric_only
        self.verbose = verbose
        self.min_delta = min_delta
        self.enabled = True

    def _init(self, env: CallbackEnv) -> None:
        if not env.evaluation_result_list:
            raise ValueError("For early stopping, at least one dataset and eval metric is "
                             "required for evaluation")
        self.enabled = True
        self.best_score: list[float] = []
        self.best_iter: list[int] = []
        self.best_score_list: list[list] = []
        self.cmp_op: list[Callable] = []
        self.first_metric = env.evaluation_result_list[0][1].split(" ")[-1]
        n = len(env.evaluation_result_list)
        deltas = self.min_delta if isinstance(self.min_delta, list) else [self.min_delta] * n
        if len(deltas) < n:
            deltas = (deltas * n)[:n]
        for item, delta in zip(env.evaluation_result_list, deltas):
            self.best_iter.append(0)
            self.best_score_list.append([])
            if item[3]:  # higher is better
                self.best_score.append(float("-inf"))
                self.cmp_op.append(lambda cur, best, d=delta: cur > best + d)
            else:
                self.best_score.append(float("inf"))
                self.cmp_op.append(lambda cur, best, d=delta: cur < best - d)
        self.train_name = getattr(env.model, "_train_data_name", "training")
        results = env.evaluation_result_list
        if all(self._is_train(r) for r in results):
            # LightGBM's rule: with only the training data there is nothing to stop on.
            self.enabled = False
            log_warning("Only training set found, disabling early stopping.")
            return
        if self.verbose:
            log_info(f"Training until validation scores don't improve for "
                     f"{self.stopping_rounds} rounds")

    def _is_train(self, item: tuple) -> bool:
        # train(): the name given to the training data ("training" unless named); cv(): "train"
        # (CVBooster._train_data_name).
        return item[0] == self.train_name

    def _final(self, env: CallbackEnv, i: int) -> None:
        if self.verbose:
            text = "\t".join(_format_eval(x) for x in self.best_score_list[i])
            log_info(f"Early stopping, best iteration is:\n[{self.best_iter[i] + 1}]\t{text}")
            if self.first_metric_only:
                log_info(f"Evaluated only: {self.first_metric}")
        raise EarlyStopException(self.best_iter[i], self.best_score_list[i])

    def __call__(self, env: CallbackEnv) -> None:
        if env.iteration == env.begin_iteration:
            self._init(env)
        if not self.enabled:
            return
        results = env.evaluation_result_list or []
        for i, item in enumerate(results):
            score = item[2]
            if not self.best_score_list[i] or self.cmp_op[i](score, self.best_score[i]):
                self.best_score[i] = score
                self.best_iter[i] = env.iteration
                self.best_score_list[i] = results
            if self.first_metric_only and item[1].split(" ")[-1] != self.first_metric:
                continue
            if self._is_train(item):
                continue  # training-set results never decide (LightGBM's rule)
            if env.iteration - self.best_iter[i] >= self.stopping_rounds:
                self._final(env, i)
            if env.iteration == env.end_iteration - 1:
                if self.verbose:
                    text = "\t".join(_format_eval(x) for x in self.best_score_list[i])
                    log_info("Did not meet early stopping. Best iteration is:\n"
                             f"[{self.best_iter[i] + 1}]\t{text}")
                raise EarlyStopException(self.best_iter[i], self.best_score_list[i])


def early_stopping(stopping_rounds: int, first_metric_only: bool = False, verbose: bool = True,
                   min_delta: float | list = 0.0) -> Callable:
    """Stops when no validation metric improved (by more than min_delta) in stopping_rounds
    iterations; the booster's best_iteration is then the best one."""
    return _EarlyStopping(stopping_rounds, first_metric_only, verbose, min_delta)


class _ProgressBar:
    def __init__(self, desc: str | None, show_metric: bool, tqdm_kwargs: dict) -> None:
        self.order, self.before_iteration = 40, False
        self.desc, self.show_metric, self.tqdm_kwargs = desc, show_metric, tqdm_kwargs
        self.bar = None

    def __call__(self, env: CallbackEnv) -> None:
        if self.bar is None or env.iteration == env.begin_iteration:
            try:
                from tqdm.auto import tqdm
            except ImportError as e:
                raise ImportError("progress_bar() needs tqdm: pip install tqdm") from e
            if self.bar is not None:
                self.bar.close()
            self.bar = tqdm(total=env.end_iteration - env.begin_iteration, desc=self.desc,
                            **self.tqdm_kwargs)
        self.bar.update(1)
        if self.show_metric and env.evaluation_result_list:
            self.bar.set_postfix_str(", ".join(
                f"{x[0]} {x[1]}={x[2]:.5g}" for x in env.evaluation_result_list[:4]),
                refresh=False)
        if env.iteration == env.end_iteration - 1:
            self.bar.close()

    def __del__(self) -> None:
        if self.bar is not None:
            self.bar.close()


def progress_bar(desc: str | None = "qgbm", show_metric: bool = True, **tqdm_kwargs: Any
                 ) -> Callable:
    """A tqdm progress bar over the boosting iterations (tqdm is an optional dependency)."""
    return _ProgressBar(desc, show_metric, tqdm_kwargs)


