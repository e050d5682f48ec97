"""qgbm: quantized-gradient boosting with LightGBM's Python API.

    import qgbm as lgb     # Dataset, Booster, train, cv, callbacks, estimators, plots
"""

from __future__ import annotations

from ._lib import QGBMError, library_path
from ._log import register_logger
from .booster import Booster
from .dataset import Dataset
from .callback import (EarlyStopException, early_stopping, log_evaluation, progress_bar,
                       record_evaluation, reset_parameter)
from .engine import CVBooster, cv, train

__version__ = "0.1.0"


def _missing(name: str, error: ImportError):
    """A stand-in that raises the import error on use, so that a missing optional dependency
    (scikit-learn, matplotlib) only fails when the feature that needs it is used. A broken
    import inside qgbm itself is re-raised at once instead of being hidden."""
    if (error.name or "").split(".")[0] == "qgbm":
        raise error

    def fail(*_args, **_kwargs):
        raise ImportError(f"qgbm.{name} needs an optional dependency: {error}") from error
    fail.__name__ = name
    return fail


try:
    from .sklearn import QGBMClassifier, QGBMModel, QGBMRanker, QGBMRegressor
except ImportError as _err:  # scikit-learn not installed
    QGBMClassifier = _missing("QGBMClassifier", _err)
    QGBMRegressor = _missing("QGBMRegressor", _err)
    QGBMRanker = _missing("QGBMRanker", _err)
    QGBMModel = _missing("QGBMModel", _err)

try:
    from .plotting import create_tree_digraph, plot_importance, plot_metric, plot_tree
except ImportError as _err:  # matplotlib / graphviz not installed
    plot_importance = _missing("plot_importance", _err)
    plot_metric = _missing("plot_metric", _err)
    plot_tree = _missing("plot_tree", _err)
    create_tree_digraph = _missing("create_tree_digraph", _err)

__all__ = ["QGBMError", "Dataset", "Booster", "CVBooster", "train", "cv", "register_logger",
           "EarlyStopException", "early_stopping", "log_evaluation", "record_evaluation",
           "reset_parameter", "progress_bar", "QGBMClassifier", "QGBMRegressor", "QGBMRanker",
           "QGBMModel", "plot_importance", "plot_metric", "plot_tree", "create_tree_digraph",
           "library_path"]
