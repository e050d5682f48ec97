"""Parameter dictionaries: LightGBM-style aliases handled on the Python side, and the
"key=value ..." text the C API reads."""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

# Parameters that the Python layer acts on itself (the C API ignores them when training step by
# step), with the aliases the core accepts for them.
NUM_ITERATIONS_ALIASES = ("num_iterations", "num_iteration", "n_iter", "num_tree", "num_trees",
                          "num_round", "num_rounds", "nrounds", "num_boost_round",
                          "n_estimators", "max_iter")
EARLY_STOPPING_ALIASES = ("early_stopping_round", "early_stopping_rounds", "early_stopping",
                          "n_iter_no_change")
METRIC_ALIASES = ("metric", "metrics", "metric_types")
OBJECTIVE_ALIASES = ("objective", "objective_type", "app", "application", "loss")
NUM_THREADS_ALIASES = ("num_threads", "num_thread", "nthread", "nthreads", "n_jobs")
VERBOSITY_ALIASES = ("verbosity", "verbose")
SEED_ALIASES = ("seed", "random_seed", "random_state")
NUM_CLASS_ALIASES = ("num_class", "num_classes")


def pop_alias(params: dict[str, Any], aliases: tuple[str, ...], default: Any = None) -> Any:
    """Removes every alias of one parameter from params and returns the value given; the main
    name wins when several are present (as in LightGBM)."""
    found = [(name, params.pop(name)) for name in aliases if name in params]
    if not found:
        return default
    return found[0][1]


def get_alias(params: Mapping[str, Any], aliases: tuple[str, ...], default: Any = None) -> Any:
    for name in aliases:
        if name in params:
            return params[name]
    return default


def _value_text(key: str, value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, np.ndarray)):
        return ",".join(_value_text(key, v) for v in value)
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    text = str(value)
    if any(c.isspace() for c in text) or "=" in text:
        raise ValueError(f"parameter '{key}': value {text!r} must not contain spaces or '='")
    return text


def params_to_text(params: Mapping[str, Any] | None) -> str:
    """{'num_leaves': 31, 'metric': ['auc', 'l2']} -> "num_leaves=31 metric=auc,l2".
    None values are left out, so callers can unset a parameter."""
    if not params:
        return ""
    parts = []
    for key, value in params.items():
        if value is None:
            continue
        if not isinstance(key, str) or not key or any(c.isspace() for c in key) or "=" in key:
            raise ValueError(f"parameter name {key!r} is not a plain name")
        parts.append(f"{key}={_value_text(key, value)}")
    return " ".join(parts)
