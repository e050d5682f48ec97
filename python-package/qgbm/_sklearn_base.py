"""QGBMModel, the base of the scikit-learn estimators (qgbm/sklearn.py): LightGBM's constructor
parameters mapped to qgbm's, fit (input validation, eval sets, callbacks), predict and the
fitted attributes.

scikit-learn is optional for the package: without it this module still imports, and the
estimators raise ImportError when constructed.
"""

from __future__ import annotations

import copy
import inspect
import os
from typing import Any, Callable, Dict, List, Optional, Union

import numpy as np

from .callback import record_evaluation
from .dataset import Dataset
from .engine import train

try:
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import _check_sample_weight, check_array, check_X_y, column_or_1d

    _SKLEARN_ERROR = None
except ImportError as err:  # the estimators say what is missing when constructed
    _SKLEARN_ERROR = err

    class BaseEstimator:  # type: ignore[no-redef]
        pass

    class ClassifierMixin:  # type: ignore[no-redef]
        pass

    class RegressorMixin:  # type: ignore[no-redef]
        pass

    class NotFittedError(ValueError, AttributeError):  # type: ignore[no-redef]
        pass


try:
    from pandas import DataFrame as _DataFrame
except ImportError:

    class _DataFrame:  # type: ignore[no-redef]
        pass


__all__ = ["QGBMModel"]

# Constructor argument -> (qgbm parameter, the default that qgbm and LightGBM share). An argument
# left at its default is not passed, so that the same setting given through **kwargs under
# qgbm's own name (min_data_in_leaf=5) takes effect, as it does in LightGBM; setting both to
# different values is an error (here for the qgbm name, in the core for its aliases).
_PARAM_MAP = {
    "boosting_type": ("boosting", "gbdt"),
    "num_leaves": ("num_leaves", 31),
    "max_depth": ("max_depth", -1),
    "learning_rate": ("learning_rate", 0.1),
    "subsample_for_bin": ("bin_construct_sample_cnt", 200000),
    "min_split_gain": ("min_gain_to_split", 0.0),
    "min_child_weight": ("min_sum_hessian_in_leaf", 1e-3),
    "min_child_samples": ("min_data_in_leaf", 20),
    "subsample": ("bagging_fraction", 1.0),
    "subsample_freq": ("bagging_freq", 0),
    "colsample_bytree": ("feature_fraction", 1.0),
    "reg_alpha": ("lambda_l1", 0.0),
    "reg_lambda": ("lambda_l2", 0.0),
}
_OBJECTIVE_ALIASES = ("objective", "objective_type", "app", "application", "loss")
_METRIC_ALIASES = ("metric", "metrics", "metric_types")
_EVAL_AT_ALIASES = ("eval_at", "ndcg_eval_at", "ndcg_at", "map_eval_at", "map_at")
_MULTICLASS_OBJECTIVES = {"multiclass", "softmax", "multiclassova", "multiclass_ova", "ova", "ovr"}


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _n_jobs_to_threads(n_jobs: Optional[int]) -> Optional[int]:
    """joblib's convention (-1 = every core, -2 = all but one); None leaves qgbm's default."""
    if n_jobs is None:
        return None
    if n_jobs < 0:
        return max((os.cpu_count() or 1) + 1 + n_jobs, 1)
    return n_jobs


def _seed_of(random_state) -> Optional[int]:
    if random_state is None:
        return None
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(np.iinfo(np.int32).max))
    return int(random_state)


class _FromLabels:
    """Adapts a scikit-learn style function ``f(y_true, y_pred[, weight[, group]])`` to the
    core's ``f(preds, dataset)``: a custom objective returning ``(grad, hess)`` or an eval metric
    returning ``(name, value, higher_is_better)`` (or a list of them), as LightGBM's estimators
    accept."""

    def __init__(self, func: Callable):
        n_args = len(inspect.signature(func).parameters)
        if n_args not in (2, 3, 4):
            raise TypeError(f"{func!r} must take 2, 3 or 4 arguments (y_true, y_pred, weight, "
                            f"group), not {n_args}")
        self.func = func
        self.n_args = n_args

    def __call__(self, preds, dataset):
        args = [dataset.get_label(), preds, dataset.get_weight(), dataset.get_group()]
        return self.func(*args[:self.n_args])


class QGBMModel(BaseEstimator):
    """Gradient-boosted trees with LightGBM's scikit-learn interface (base of the estimators).

    Parameters follow ``lightgbm.LGBMModel``; each is passed to qgbm under its qgbm name
    (``subsample`` -> ``bagging_fraction``, ``colsample_bytree`` -> ``feature_fraction``,
    ``reg_alpha`` -> ``lambda_l1``, ``random_state`` -> ``seed``, ``n_jobs`` -> ``num_threads``
    ...). Any other qgbm parameter goes in ``**kwargs`` (``use_quantized_grad=False``,
    ``num_grad_quant_bins=8``, ``stochastic_rounding``, ``max_bin``, ``early_stopping_round``,
    ``verbosity`` ...); unknown names are an error at ``fit``.
    """

    def __init__(
        self,
        *,
        boosting_type: str = "gbdt",
        num_leaves: int = 31,
        max_depth: int = -1,
        learning_rate: float = 0.1,
        n_estimators: int = 100,
        subsample_for_bin: int = 200000,
        objective: Optional[Union[str, Callable]] = None,
        class_weight: Optional[Union[Dict, str]] = None,
        min_split_gain: float = 0.0,
        min_child_weight: float = 1e-3,
        min_child_samples: int = 20,
        subsample: float = 1.0,
        subsample_freq: int = 0,
        colsample_bytree: float = 1.0,
        reg_alpha: float = 0.0,
        reg_lambda: float = 0.0,
        random_state: Optional[Union[int, np.random.RandomState, np.random.Generator]] = None,
        n_jobs: Optional[int] = None,
        importance_type: str = "split",
        **kwargs: Any,
    ) -> None:
        if _SKLEARN_ERROR is not None:
            raise ImportError(f"{type(self).__name__} needs scikit-learn "
                              f"(pip install scikit-learn): {_SKLEARN_ERROR}")
        # scikit-learn's rule: store the arguments as given, do no work here.
        self.boosting_type = boosting_type
        self.num_leaves = num_leaves
        self.max_depth = max_depth
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample_for_bin = subsample_for_bin
        self.objective = objective
        self.class_weight = class_weight
        self.min_split_gain = min_split_gain
        self.min_child_weight = min_child_weight
        self.min_child_samples = min_child_samples
        self.subsample = subsample
        self.subsample_freq = subsample_freq
        self.colsample_bytree = colsample_bytree
        self.reg_alpha = reg_alpha
        self.reg_lambda = reg_lambda
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.importance_type = importance_type
        # Extra qgbm parameters live as plain attributes too (nothing private is set here, which
        # scikit-learn's check_no_attributes_set_in_init requires); get_params finds them.
        for key, value in kwargs.items():
            setattr(self, key, value)

    # ---- scikit-learn plumbing -------------------------------------------------------------

    def _extra_params(self) -> Dict[str, Any]:
        """The **kwargs parameters: public attributes that are neither constructor arguments nor
        fitted attributes (those end in '_')."""
        known = set(self._get_param_names())
        return {k: v for k, v in vars(self).items()
                if k not in known and not k.startswith("_") and not k.endswith("_")}

    def get_params(self, deep: bool = True) -> Dict[str, Any]:
        params = super().get_params(deep=deep)
        params.update(self._extra_params())
        return params

    def set_params(self, **params: Any) -> "QGBMModel":
        # Any name is accepted here, like LightGBM (the core rejects unknown ones at fit).
        for key, value in params.items():
            setattr(self, key, value)
        return self

    def _more_tags(self) -> Dict[str, Any]:
        return {"allow_nan": True, "X_types": ["2darray", "sparse", "1dlabels"]}

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = True
        return tags

    def __sklearn_is_fitted__(self) -> bool:
        return getattr(self, "booster_", None) is not None

    def _check_fitted(self) -> None:
        if not self.__sklearn_is_fitted__():
            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet; "
                                 "call 'fit' before using it.")

    # ---- parameters --------------------------------------------------------------------------

    def _default_objective(self) -> str:
        return "regression"

    def _core_params(self) -> Dict[str, Any]:
        """The estimator's settings as qgbm parameters (without the iteration count)."""
        params: Dict[str, Any] = {}
        for arg, (name, default) in _PARAM_MAP.items():
            value = getattr(self, arg)
            if value is not None and value != default:
                params[name] = value
        seed = _seed_of(self.random_state)
        if seed is not None:
            params["seed"] = seed
        threads = _n_jobs_to_threads(self.n_jobs)
        if threads is not None:
            params["num_threads"] = threads
        extra = self._extra_params()
        for arg, (name, _) in _PARAM_MAP.items():
            if name in params and name in extra and extra[name] != params[name]:
                raise ValueError(f"{arg}={params[name]!r} and {name}={extra[name]!r} set the same "
                                 f"qgbm parameter {name!r}; give one of them")
        objective = self.objective
        for alias in _OBJECTIVE_ALIASES[1:]:  # an objective given in kwargs wins, as in LightGBM
            if alias in extra:
                objective = extra.pop(alias)
        params.update(extra)
        params["objective"] = objective if objective is not None else self._default_objective()
        return params

    def _metric_param(self, params: Dict[str, Any], builtin_metrics: List[str]) -> None:
        """LightGBM's rule: eval_metric strings come first, then the metric parameter (or the
        objective's own metric)."""
        given = None
        for alias in _METRIC_ALIASES:
            if alias in params:
                given = params.pop(alias)
        if given is None:
            objective = params["objective"]
            if isinstance(objective, str):
                if not builtin_metrics:
                    return  # the core's default: the objective's own metric
                given = objective  # objective names are metric aliases (binary, regression, ...)
            else:  # a custom objective is evaluated with the estimator's usual metric
                given = self._default_objective()
        if isinstance(given, str):
            given = [m.strip() for m in given.split(",") if m.strip()]
        metrics = [m for m in builtin_metrics if m not in _as_list(given)] + _as_list(given)
        params["metric"] = ",".join(metrics) if metrics else "none"

    # ---- input validation --------------------------------------------------------------------

    def _check_X(self, X, *, fit: bool, y=None, y_numeric: bool = False):
        """Validates X (and y at fit). DataFrames are passed on as they are, so that category
        columns reach qgbm.Dataset as categorical features; everything else goes through
        scikit-learn's check_array (numeric, 2-D, NaN allowed, CSR/CSC kept sparse)."""
        min_rows = 2 if fit else 1
        if fit and y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y "
                             "is None")
        if isinstance(X, _DataFrame):
            if X.ndim != 2 or X.shape[1] < 1 or X.shape[0] < min_rows:
                raise ValueError(f"X has shape {X.shape}; at least {min_rows} row(s) and 1 "
                                 "column are required.")
            if y is not None:
                y = column_or_1d(y, warn=True)
                if y_numeric:
                    y = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y")
                if len(y) != X.shape[0]:
                    raise ValueError(f"y has {len(y)} rows but X has {X.shape[0]}.")
            columns = [str(c) for c in X.columns]
        else:
            options = dict(accept_sparse=["csr", "csc"], dtype=[np.float64, np.float32],
                           force_all_finite=False, ensure_min_samples=min_rows, estimator=self)
            if fit:
                X, y = check_X_y(X, y, y_numeric=y_numeric, **options)
            else:
                X = check_array(X, **options)
            columns = None
        if fit:
            self.n_features_in_ = X.shape[1]
            self._fit_columns = columns
        else:
            self._check_predict_columns(X, columns)
        return X, y

    def _check_predict_columns(self, X, columns: Optional[List[str]]) -> None:
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but {type(self).__name__} is "
                             f"expecting {self.n_features_in_} features as input.")
        fitted = getattr(self, "_fit_columns", None)
        if columns is not None and fitted is not None and columns != fitted:
            raise ValueError("The feature names should match those that were passed during fit: "
                             f"fitted on {fitted}, given {columns}.")

    # ---- fit ---------------------------------------------------------------------------------

    def fit(
        self,
        X,
        y,
        sample_weight=None,
        init_score=None,
        group=None,
        eval_set=None,
        eval_names: Optional[List[str]] = None,
        eval_sample_weight=None,
        eval_class_weight=None,
        eval_init_score=None,
        eval_group=None,
        eval_metric=None,
        feature_name="auto",
        categorical_feature="auto",
        callbacks: Optional[List[Callable]] = None,
        init_model=None,
    ) -> "QGBMModel":
        """Trains ``n_estimators`` rounds on X, y (LightGBM's ``LGBMModel.fit`` arguments).

        eval_set is a list of (X, y) pairs evaluated each round (results in ``evals_result_``,
        used by the ``qgbm.early_stopping`` callback); eval_metric is a metric name, a callable
        ``f(y_true, y_pred[, weight[, group]]) -> (name, value, higher_is_better)`` or a list of
        them. init_model (file, Booster or fitted estimator) is continued.
        """
        X_given, y_given = X, y  # eval_set entries that are these objects reuse train_set
        X, y = self._check_X(X, fit=True, y=y, y_numeric=self._y_numeric())
        y = self._encode_target(y)
        params = self._core_params()
        if callable(params["objective"]):
            params["objective"] = _FromLabels(params["objective"])
        self._adjust_params(params)

        metric_list = _as_list(copy.deepcopy(eval_metric))
        feval = [_FromLabels(f) for f in metric_list if callable(f)]
        builtin = self._adjust_metric_names([m for m in metric_list if isinstance(m, str)])
        self._metric_param(params, builtin)

        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64,
                                                 only_non_negative=True)
        sample_weight = self._apply_class_weight(sample_weight, y, self.class_weight)
        # The datasets get the parameters that shape them; a custom objective is train's business.
        data_params = {k: v for k, v in params.items() if not callable(v)}
        train_set = Dataset(X, label=y, weight=sample_weight, group=group, init_score=init_score,
                            feature_name=feature_name, categorical_feature=categorical_feature,
                            params=data_params)

        valid_sets, valid_names = self._valid_sets(
            train_set, X_given, y_given, eval_set, eval_names, eval_sample_weight,
            eval_class_weight, eval_init_score, eval_group, data_params)

        if isinstance(init_model, QGBMModel):
            init_model = init_model.booster_
        evals_result: Dict[str, Dict[str, List[float]]] = {}
        callbacks = list(callbacks or []) + [record_evaluation(evals_result)]
        booster = train(params, train_set, num_boost_round=self.n_estimators,
                        valid_sets=valid_sets, valid_names=valid_names,
                        feval=feval or None, init_model=init_model, callbacks=callbacks)

        self.booster_ = booster
        self.objective_ = self.objective if callable(self.objective) else params["objective"]
        self.evals_result_ = evals_result
        self.best_iteration_ = booster.best_iteration
        self.best_score_ = booster.best_score
        self.fitted_ = True
        return self

    def _valid_sets(self, train_set, X, y, eval_set, eval_names, eval_sample_weight,
                    eval_class_weight, eval_init_score, eval_group, params):
        if eval_set is None:
            return None, None
        if isinstance(eval_set, tuple):
            eval_set = [eval_set]
        sets = []
        for i, pair in enumerate(eval_set):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise TypeError(f"eval_set[{i}] must be an (X, y) pair")
            valid_X, valid_y = pair
            if valid_X is X and valid_y is y:
                sets.append(train_set)  # the training data, evaluated without a second copy
                continue
            valid_y = self._encode_eval_target(valid_y)
            weight = _nth(eval_sample_weight, i, "eval_sample_weight")
            weight = self._apply_class_weight(weight, valid_y,
                                              _nth(eval_class_weight, i, "eval_class_weight"))
            sets.append(Dataset(valid_X, label=valid_y, weight=weight,
                                group=_nth(eval_group, i, "eval_group"),
                                init_score=_nth(eval_init_score, i, "eval_init_score"),
                                reference=train_set, params=params))
        return sets, eval_names

    # Hooks that the subclasses fill in.
    def _y_numeric(self) -> bool:
        return True

    def _encode_target(self, y):
        return y

    def _encode_eval_target(self, y):
        return y

    def _adjust_params(self, params: Dict[str, Any]) -> None:
        pass

    def _adjust_metric_names(self, metrics: List[str]) -> List[str]:
        return metrics

    def _apply_class_weight(self, weight, y, class_weight):
        return weight

    # ---- predict -----------------------------------------------------------------------------

    def predict(self, X, raw_score: bool = False, start_iteration: int = 0,
                num_iteration: Optional[int] = None, pred_leaf: bool = False,
                pred_contrib: bool = False, validate_features: bool = False, **kwargs: Any):
        """Predictions for X (LightGBM's arguments): values, or raw scores, leaf indices or
        SHAP contributions when asked. num_iteration None uses the best iteration when early
        stopping ran, else all."""
        self._check_fitted()
        X, _ = self._check_X(X, fit=False)
        return self.booster_.predict(X, start_iteration=start_iteration,
                                     num_iteration=num_iteration, raw_score=raw_score,
                                     pred_leaf=pred_leaf, pred_contrib=pred_contrib,
                                     validate_features=validate_features, **kwargs)

    # ---- fitted attributes -------------------------------------------------------------------

    @property
    def feature_importances_(self) -> np.ndarray:
        """Importance of each feature, of ``importance_type`` ('split' counts, 'gain' sums)."""
        self._check_fitted()
        return self.booster_.feature_importance(importance_type=self.importance_type)

    @property
    def feature_name_(self) -> List[str]:
        """The model's feature names (Column_0, ... when the data had none)."""
        self._check_fitted()
        return self.booster_.feature_name()

    @property
    def feature_names_in_(self) -> np.ndarray:
        """As LightGBM 4.6: the model's feature names, as a NumPy array of str objects."""
        self._check_fitted()
        return np.array(self.feature_name_, dtype=object)

    @property
    def n_features_(self) -> int:
        self._check_fitted()
        return self.booster_.num_feature()

    @property
    def n_estimators_(self) -> int:
        """Boosting iterations actually run (fewer than n_estimators after early stopping)."""
        self._check_fitted()
        return self.booster_.current_iteration()

    @property
    def n_iter_(self) -> int:
        return self.n_estimators_


def _nth(collection, i: int, name: str):
    """The i-th entry of an eval_* argument (a list, or a dict keyed by position)."""
    if collection is None:
        return None
    if isinstance(collection, dict):
        return collection.get(i)
    if not isinstance(collection, (list, tuple)):
        raise TypeError(f"{name} must be a list or dict, not {type(collection).__name__}")
    if i >= len(collection):
        raise ValueError(f"{name} has {len(collection)} entries but eval_set has more")
    return collection[i]
