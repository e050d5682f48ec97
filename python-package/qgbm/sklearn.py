"""scikit-learn estimators: QGBMClassifier, QGBMRegressor and QGBMRanker.

They mirror lightgbm.sklearn (same constructor parameters and defaults, same fit/predict
arguments and fitted attributes), so code written for LGBMClassifier runs unchanged with
QGBMClassifier. Training goes through qgbm.train on a qgbm.Dataset; these classes only turn
scikit-learn conventions (label encoding, class weights, query groups) into the core API; the
shared base, QGBMModel, is in _sklearn_base.py.

scikit-learn is optional for the package: without it this module still imports, and the
estimators raise ImportError when constructed.
"""

from __future__ import annotations

import warnings
from typing import Any, Dict, List, Optional

import numpy as np

from ._sklearn_base import (_EVAL_AT_ALIASES, _MULTICLASS_OBJECTIVES, ClassifierMixin,
                            QGBMModel, RegressorMixin, _as_list, _nth)

try:
    from sklearn.preprocessing import LabelEncoder
    from sklearn.utils.class_weight import compute_sample_weight
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import column_or_1d
except ImportError:  # QGBMModel raises ImportError when an estimator is constructed
    pass

__all__ = ["QGBMModel", "QGBMClassifier", "QGBMRegressor", "QGBMRanker"]

class QGBMRegressor(RegressorMixin, QGBMModel):
    """qgbm regressor, a drop-in for ``lightgbm.LGBMRegressor``."""

    def fit(self, X, y, sample_weight=None, init_score=None, eval_set=None, eval_names=None,
            eval_sample_weight=None, eval_init_score=None, eval_metric=None,
            feature_name="auto", categorical_feature="auto", callbacks=None,
            init_model=None) -> "QGBMRegressor":
        """See QGBMModel.fit."""
        return super().fit(X, y, sample_weight=sample_weight, init_score=init_score,
                           eval_set=eval_set, eval_names=eval_names,
                           eval_sample_weight=eval_sample_weight,
                           eval_init_score=eval_init_score, eval_metric=eval_metric,
                           feature_name=feature_name, categorical_feature=categorical_feature,
                           callbacks=callbacks, init_model=init_model)


class QGBMClassifier(ClassifierMixin, QGBMModel):
    """qgbm classifier, a drop-in for ``lightgbm.LGBMClassifier``.

    Labels of any type are encoded to 0..n_classes-1 (``classes_`` keeps them); two classes
    train the binary objective, more train multiclass. ``class_weight`` ('balanced' or a dict
    keyed by label) multiplies the sample weights.
    """

    def _y_numeric(self) -> bool:
        return False

    def _encode_target(self, y):
        check_classification_targets(y)
        self._le = LabelEncoder().fit(y)
        self.classes_ = self._le.classes_
        self.n_classes_ = len(self.classes_)
        if self.n_classes_ < 2:
            raise ValueError(f"y holds only one class ({self.classes_[0]!r}); a classifier "
                             "needs at least two classes.")
        return self._le.transform(y)

    def _encode_eval_target(self, y):
        y = column_or_1d(y, warn=True)
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if unknown.size:
            raise ValueError(f"eval_set labels {unknown.tolist()} are not among the training "
                             f"classes {self.classes_.tolist()}")
        return self._le.transform(y)

    def _is_multiclass(self, objective=None) -> bool:
        objective = objective if objective is not None else getattr(self, "objective_", None)
        return self.n_classes_ > 2 or (isinstance(objective, str)
                                       and objective.lower() in _MULTICLASS_OBJECTIVES)

    def _default_objective(self) -> str:
        return "multiclass" if self.n_classes_ > 2 else "binary"

    def _adjust_params(self, params: Dict[str, Any]) -> None:
        if self._is_multiclass(params["objective"]):
            params.pop("num_classes", None)
            params["num_class"] = self.n_classes_

    def _adjust_metric_names(self, metrics: List[str]) -> List[str]:
        # "logloss" and "error" name the binary or the multiclass metric, as in LightGBM.
        multi = self.n_classes_ > 2
        renames = {"logloss": "multi_logloss" if multi else "binary_logloss",
                   "error": "multi_error" if multi else "binary_error"}
        if multi:
            renames.update(binary_logloss="multi_logloss", binary_error="multi_error")
        else:
            renames.update(multi_logloss="binary_logloss", multi_error="binary_error")
        return [renames.get(m, m) for m in metrics]

    def _apply_class_weight(self, weight, y, class_weight):
        if class_weight is None:
            return weight
        if isinstance(class_weight, dict):
            unknown = set(class_weight) - set(self.classes_.tolist())
            if unknown:
                raise ValueError(f"class_weight names labels {sorted(map(str, unknown))} that "
                                 f"are not classes of y {self.classes_.tolist()}")
            class_weight = {int(self._le.transform([k])[0]): v for k, v in class_weight.items()}
        per_row = compute_sample_weight(class_weight, y)
        return per_row if weight is None else np.multiply(weight, per_row)

    def fit(self, X, y, sample_weight=None, init_score=None, eval_set=None, eval_names=None,
            eval_sample_weight=None, eval_class_weight=None, eval_init_score=None,
            eval_metric=None, feature_name="auto", categorical_feature="auto", callbacks=None,
            init_model=None) -> "QGBMClassifier":
        """See QGBMModel.fit; eval_class_weight gives each eval set its class weights."""
        return super().fit(X, y, sample_weight=sample_weight, init_score=init_score,
                           eval_set=eval_set, eval_names=eval_names,
                           eval_sample_weight=eval_sample_weight,
                           eval_class_weight=eval_class_weight, eval_init_score=eval_init_score,
                           eval_metric=eval_metric, feature_name=feature_name,
                           categorical_feature=categorical_feature, callbacks=callbacks,
                           init_model=init_model)

    def predict(self, X, raw_score: bool = False, start_iteration: int = 0,
                num_iteration: Optional[int] = None, pred_leaf: bool = False,
                pred_contrib: bool = False, validate_features: bool = False, **kwargs: Any):
        """Class labels (or what raw_score / pred_leaf / pred_contrib ask for)."""
        result = self.predict_proba(X, raw_score, start_iteration, num_iteration, pred_leaf,
                                    pred_contrib, validate_features, **kwargs)
        if callable(self.objective) or raw_score or pred_leaf or pred_contrib:
            return result
        return self._le.inverse_transform(np.argmax(result, axis=1))

    def predict_proba(self, X, raw_score: bool = False, start_iteration: int = 0,
                      num_iteration: Optional[int] = None, pred_leaf: bool = False,
                      pred_contrib: bool = False, validate_features: bool = False,
                      **kwargs: Any):
        """Probability of each class, shape (n_samples, n_classes)."""
        result = super().predict(X, raw_score, start_iteration, num_iteration, pred_leaf,
                                 pred_contrib, validate_features, **kwargs)
        if raw_score or pred_leaf or pred_contrib:
            return result
        if callable(self.objective):
            warnings.warn("a custom objective's scores are not probabilities: predict_proba and "
                          "predict return raw scores", UserWarning, stacklevel=2)
            return result
        result = np.asarray(result)
        if self._is_multiclass():
            return result
        return np.column_stack((1.0 - result, result))


class QGBMRanker(QGBMModel):
    """qgbm learning-to-rank estimator, a drop-in for ``lightgbm.LGBMRanker`` (lambdarank by
    default). ``group`` gives the query sizes in row order; eval sets need ``eval_group``."""

    def _default_objective(self) -> str:
        return "lambdarank"

    def fit(self, X, y, sample_weight=None, init_score=None, group=None, eval_set=None,
            eval_names=None, eval_sample_weight=None, eval_init_score=None, eval_group=None,
            eval_metric=None, eval_at=(1, 2, 3, 4, 5), feature_name="auto",
            categorical_feature="auto", callbacks=None, init_model=None) -> "QGBMRanker":
        """See QGBMModel.fit; group (query sizes) is required, eval_at sets the ndcg/map
        cut-offs."""
        if group is None:
            raise ValueError("group is required for ranking: the size of each query, in row "
                             "order")
        if eval_set is not None:
            n_sets = 1 if isinstance(eval_set, tuple) else len(eval_set)
            if eval_group is None or len(eval_group) != n_sets or any(
                    _nth(eval_group, i, "eval_group") is None for i in range(n_sets)):
                raise ValueError("eval_group must give the query sizes of every eval_set entry")
        self._eval_at = eval_at
        return super().fit(X, y, sample_weight=sample_weight, init_score=init_score,
                           group=group, eval_set=eval_set, eval_names=eval_names,
                           eval_sample_weight=eval_sample_weight,
                           eval_init_score=eval_init_score, eval_group=eval_group,
                           eval_metric=eval_metric, feature_name=feature_name,
                           categorical_feature=categorical_feature, callbacks=callbacks,
                           init_model=init_model)

    def _adjust_params(self, params: Dict[str, Any]) -> None:
        if not any(alias in params for alias in _EVAL_AT_ALIASES):
            params["eval_at"] = ",".join(str(int(k)) for k in _as_list(self._eval_at))
