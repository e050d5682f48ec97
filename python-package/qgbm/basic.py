"""LightGBM's `basic` module names: Dataset, Booster and the error type, for code that imports
them from there (`from qgbm.basic import Booster`)."""

from ._lib import QGBMError
from .booster import Booster
from .dataset import Dataset

__all__ = ["Dataset", "Booster", "QGBMError"]
