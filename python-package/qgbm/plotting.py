"""Plots of a trained model, with LightGBM's functions and arguments: plot_importance,
plot_metric (learning curves), create_tree_digraph (a tree as a graphviz.Digraph) and plot_tree
(that digraph drawn into matplotlib axes).

matplotlib and graphviz are optional: they are imported when a function needs them, and a
missing one is reported with what to install. Trees are read from Booster.dump_model(), whose
shape is LightGBM's (tree_info[i].tree_structure, nested left_child / right_child).
"""

from __future__ import annotations

import math
from io import BytesIO
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .booster import Booster

__all__ = ["plot_importance", "plot_metric", "create_tree_digraph", "plot_tree"]

_SHOW_INFO = ("split_gain", "internal_value", "internal_count", "internal_weight", "leaf_count",
              "leaf_weight", "data_percentage")


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ImportError("plotting needs matplotlib: pip install matplotlib") from err
    return plt


def _digraph_class():
    try:
        from graphviz import Digraph
    except ImportError as err:
        raise ImportError("tree graphs need the graphviz Python package (pip install graphviz) "
                          "and, to render them, Graphviz's dot program (apt-get install "
                          "graphviz)") from err
    return Digraph


def _booster_of(model: Any, what: str) -> Booster:
    """A Booster from a Booster or a fitted qgbm scikit-learn estimator."""
    if isinstance(model, Booster):
        return model
    booster = getattr(model, "booster_", None)
    if isinstance(booster, Booster):
        return booster
    raise TypeError(f"{what} must be a qgbm Booster or a fitted qgbm estimator, "
                    f"not {type(model).__name__}")


def _check_pair(value: Any, name: str) -> None:
    if not isinstance(value, tuple) or len(value) != 2:
        raise TypeError(f"{name} must be a tuple of 2 elements, not {value!r}")


def _float2str(value: float, precision: Optional[int]) -> str:
    if precision is None or not isinstance(value, (float, np.floating)):
        return str(value)
    return f"{value:.{precision}f}"


def _new_axes(ax, figsize, dpi):
    if ax is not None:
        return ax
    if figsize is not None:
        _check_pair(figsize, "figsize")
    _, ax = _pyplot().subplots(1, 1, figsize=figsize, dpi=dpi)
    return ax


def plot_importance(
    booster: Any,
    ax: Any = None,
    height: float = 0.2,
    xlim: Optional[Tuple[float, float]] = None,
    ylim: Optional[Tuple[float, float]] = None,
    title: Optional[str] = "Feature importance",
    xlabel: Optional[str] = "Feature importance",
    ylabel: Optional[str] = "Features",
    importance_type: str = "auto",
    max_num_features: Optional[int] = None,
    ignore_zero: bool = True,
    figsize: Optional[Tuple[float, float]] = None,
    dpi: Optional[int] = None,
    grid: bool = True,
    precision: Optional[int] = 3,
    **kwargs: Any,
) -> Any:
    """Horizontal bars of each feature's importance; returns the matplotlib Axes.

    importance_type: 'split' (number of splits on the feature), 'gain' (sum of their gains) or
    'auto' (the estimator's importance_type, 'split' for a Booster). xlabel may contain
    '@importance_type@'. max_num_features keeps the most important ones; ignore_zero leaves out
    unused features. Other keyword arguments go to ``ax.barh``.
    """
    _pyplot()  # fails early and clearly without matplotlib
    if importance_type == "auto":
        importance_type = getattr(booster, "importance_type", "split")
    if importance_type not in ("split", "gain"):
        raise ValueError(f"importance_type must be 'auto', 'split' or 'gain', "
                         f"not {importance_type!r}")
    model = _booster_of(booster, "booster")
    importance = np.asarray(model.feature_importance(importance_type=importance_type))
    if importance.size == 0:
        raise ValueError("the model has no features to plot")
    pairs = sorted(zip(model.feature_name(), importance), key=lambda p: p[1])
    if ignore_zero:
        pairs = [p for p in pairs if p[1] > 0]
    if max_num_features is not None and max_num_features > 0:
        pairs = pairs[-max_num_features:]
    if not pairs:
        raise ValueError("every feature has zero importance (pass ignore_zero=False to plot "
                         "them anyway)")
    labels, values = zip(*pairs)

    ax = _new_axes(ax, figsize, dpi)
    ylocs = np.arange(len(values))
    ax.barh(ylocs, values, align="center", height=height, **kwargs)
    for x, y in zip(values, ylocs):
        text = _float2str(float(x), precision) if importance_type == "gain" else str(int(x))
        ax.text(x + max(values) * 0.01, y, text, va="center")
    ax.set_yticks(ylocs)
    ax.set_yticklabels(labels)
    if xlim is not None:
        _check_pair(xlim, "xlim")
    else:
        xlim = (0, max(values) * 1.1 if max(values) > 0 else 1)
    ax.set_xlim(xlim)
    if ylim is not None:
        _check_pair(ylim, "ylim")
    else:
        ylim = (-1, len(values))
    ax.set_ylim(ylim)
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel.replace("@importance_type@", importance_type))
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    ax.grid(grid)
    return ax


def plot_metric(
    booster: Any,
    metric: Optional[str] = None,
    dataset_names: Optional[Sequence[str]] = None,
    ax: Any = None,
    xlim: Optional[Tuple[float, float]] = None,
    ylim: Optional[Tuple[float, float]] = None,
    title: Optional[str] = "Metric during training",
    xlabel: Optional[str] = "Iterations",
    ylabel: Optional[str] = "@metric@",
    figsize: Optional[Tuple[float, float]] = None,
    dpi: Optional[int] = None,
    grid: bool = True,
) -> Any:
    """Learning curves of one metric: one line per data set, per iteration.

    booster is the dict that the record_evaluation callback fills
    ({data set: {metric: [values]}}) or a fitted estimator (its evals_result_). metric None
    picks the first one recorded; dataset_names None plots every data set. ylabel may contain
    '@metric@'. Returns the matplotlib Axes.
    """
    _pyplot()
    if isinstance(booster, dict):
        eval_results = booster
    elif isinstance(booster, Booster):
        raise TypeError("plot_metric needs recorded results: pass the dict filled by "
                        "qgbm.record_evaluation(...) during training, or a fitted estimator")
    elif isinstance(getattr(booster, "evals_result_", None), dict):
        eval_results = booster.evals_result_
    else:
        raise TypeError("booster must be a dict from record_evaluation or a fitted qgbm "
                        f"estimator, not {type(booster).__name__}")
    if not eval_results:
        raise ValueError("no evaluation results: train with valid_sets (or fit with eval_set)")

    if dataset_names is None:
        names = list(eval_results)
    elif isinstance(dataset_names, (list, tuple, set)) and dataset_names:
        names = list(dataset_names)
        missing = [n for n in names if n not in eval_results]
        if missing:
            raise KeyError(f"dataset_names {missing} are not in the results "
                           f"(recorded: {list(eval_results)})")
    else:
        raise ValueError("dataset_names must be a non-empty list, tuple or set, or None")

    recorded = eval_results[names[0]]
    if metric is None:
        if not recorded:
            raise ValueError(f"no metric was recorded for {names[0]!r}")
        metric = next(iter(recorded))
    for name in names:
        if metric not in eval_results[name]:
            raise KeyError(f"metric {metric!r} was not recorded for {name!r} "
                           f"(recorded: {list(eval_results[name])})")

    ax = _new_axes(ax, figsize, dpi)
    lows, highs, longest = [], [], 0
    for name in names:
        values = list(eval_results[name][metric])
        ax.plot(range(len(values)), values, label=name)
        if values:
            lows.append(min(values))
            highs.append(max(values))
        longest = max(longest, len(values))
    ax.legend(loc="best")
    if xlim is not None:
        _check_pair(xlim, "xlim")
    else:
        xlim = (0, max(longest - 1, 1))
    ax.set_xlim(xlim)
    if ylim is not None:
        _check_pair(ylim, "ylim")
    elif lows:
        low, high = min(lows), max(highs)
        pad = (high - low) * 0.2 or abs(high) * 0.1 or 0.1
        ylim = (low - pad, high + pad)
    if ylim is not None:
        ax.set_ylim(ylim)
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel.replace("@metric@", metric))
    ax.grid(grid)
    return ax


def _goes_left(node: Dict[str, Any], value: float) -> bool:
    """Which way one row's value goes at a split node of the dump."""
    if node.get("decision_type") == "==":
        if math.isnan(value) or value < 0:
            return False
        return int(value) in {int(t) for t in str(node["threshold"]).split("||")}
    if math.isnan(value):
        return bool(node.get("default_left", True))
    return value <= float(node["threshold"])


def _tree_to_digraph(tree: Dict[str, Any], show_info: Sequence[str], feature_names,
                     precision: Optional[int], orientation: str, path: Optional[np.ndarray],
                     max_category_values: int, **kwargs: Any):
    Digraph = _digraph_class()
    graph = Digraph(**kwargs)
    graph.attr("graph", nodesep="0.05", ranksep="0.3",
               rankdir="LR" if orientation == "horizontal" else "TB")
    root = tree["tree_structure"]
    total = root.get("internal_count", root.get("leaf_count", 0)) or 0

    def share(count: int) -> str:
        return f"<br/>{_float2str(100.0 * count / total, 2)}% of data" if total else ""

    # Iterative walk (deep lossguide trees would exceed Python's recursion limit).
    todo: List[Tuple[Dict[str, Any], Optional[str], Optional[str], bool]] = [
        (root, None, None, path is not None)]
    while todo:
        node, parent, decision, on_path = todo.pop()
        color, penwidth = ("blue", "3") if on_path else ("black", "1")
        tooltip = None
        if "split_index" in node:
            name = f"split{node['split_index']}"
            feature = node["split_feature"]
            label = (f"<B>{feature_names[feature]}</B>" if feature_names
                     else f"feature <B>{feature}</B>")
            threshold = node["threshold"]
            if node.get("decision_type") == "==":
                categories = str(threshold).split("||")
                if len(categories) > max_category_values:
                    tooltip = str(threshold)
                    threshold = "||".join(categories[:2]) + "||...||" + categories[-1]
                label += f" = <B>{threshold}</B>"
            else:
                label += f" &#8804; <B>{_float2str(float(threshold), precision)}</B>"
            for info in ("split_gain", "internal_value", "internal_weight"):
                if info in show_info and info in node:
                    label += f"<br/>{_float2str(float(node[info]), precision)} " \
                             f"{info.split('_')[-1]}"
            if "internal_count" in show_info and "internal_count" in node:
                label += f"<br/>count: {node['internal_count']}"
            if "data_percentage" in show_info:
                label += share(node.get("internal_count", 0))
            left = on_path and _goes_left(node, float(path[feature]))
            todo.append((node["right_child"], name, "no", on_path and not left))
            todo.append((node["left_child"], name, "yes", left))
            shape = "rectangle"
        else:
            name = f"leaf{node.get('leaf_index', 0)}"
            label = (f"leaf {node.get('leaf_index', 0)}: "
                     f"<B>{_float2str(float(node['leaf_value']), precision)}</B>")
            if "leaf_weight" in show_info and "leaf_weight" in node:
                label += f"<br/>{_float2str(float(node['leaf_weight']), precision)} weight"
            if "leaf_count" in show_info and "leaf_count" in node:
                label += f"<br/>count: {node['leaf_count']}"
            if "data_percentage" in show_info:
                label += share(node.get("leaf_count", 0))
            shape = "ellipse"
        graph.node(name, label=f"<{label}>", shape=shape, color=color, penwidth=penwidth,
                   tooltip=tooltip)
        if parent is not None:
            graph.edge(parent, name, decision, color=color, penwidth=penwidth)
    return graph


def create_tree_digraph(
    booster: Any,
    tree_index: int = 0,
    show_info: Optional[List[str]] = None,
    precision: Optional[int] = 3,
    orientation: str = "horizontal",
    example_case: Any = None,
    max_category_values: int = 10,
    **kwargs: Any,
) -> Any:
    """One tree of the model as a ``graphviz.Digraph`` (render it with ``.render()`` or
    ``.pipe()``, which need Graphviz's ``dot`` program; building the graph does not).

    Split nodes read ``feature <= threshold`` (left = yes); leaves show their value. show_info
    adds any of 'split_gain', 'internal_value', 'internal_count', 'internal_weight',
    'leaf_count', 'leaf_weight', 'data_percentage'. example_case (one row, numpy or DataFrame
    of numbers) highlights that row's path. Other keyword arguments go to ``graphviz.Digraph``.
    """
    model = _booster_of(booster, "booster")
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(f"orientation must be 'horizontal' or 'vertical', not {orientation!r}")
    show_info = list(show_info or [])
    unknown = [s for s in show_info if s not in _SHOW_INFO]
    if unknown:
        raise ValueError(f"show_info entries {unknown} are not among {list(_SHOW_INFO)}")
    dump = model.dump_model()
    trees = dump["tree_info"]
    if not 0 <= tree_index < len(trees):
        raise IndexError(f"tree_index {tree_index} is out of range: the model has "
                         f"{len(trees)} trees")
    path = None
    if example_case is not None:
        path = np.asarray(example_case, dtype=np.float64)
        if path.ndim != 2 or path.shape[0] != 1:
            raise ValueError(f"example_case must be one row (shape (1, n_features)), "
                             f"not shape {path.shape}")
        path = path[0]
    return _tree_to_digraph(trees[tree_index], show_info, dump.get("feature_names"), precision,
                            orientation, path, max_category_values, **kwargs)


def plot_tree(
    booster: Any,
    ax: Any = None,
    tree_index: int = 0,
    figsize: Optional[Tuple[float, float]] = None,
    dpi: Optional[int] = None,
    show_info: Optional[List[str]] = None,
    precision: Optional[int] = 3,
    orientation: str = "horizontal",
    example_case: Any = None,
    **kwargs: Any,
) -> Any:
    """Draws one tree into matplotlib axes (the create_tree_digraph graph rendered by
    Graphviz's ``dot`` to PNG); returns the Axes."""
    _pyplot()
    import matplotlib.image
    from graphviz import ExecutableNotFound

    graph = create_tree_digraph(booster, tree_index=tree_index, show_info=show_info,
                                precision=precision, orientation=orientation,
                                example_case=example_case, **kwargs)
    ax = _new_axes(ax, figsize, dpi)
    try:
        png = graph.pipe(format="png")
    except ExecutableNotFound as err:
        raise RuntimeError(f"rendering the tree needs Graphviz's dot program on PATH "
                           f"(apt-get install graphviz): {err}") from err
    ax.imshow(matplotlib.image.imread(BytesIO(png)))
    ax.axis("off")
    return ax
