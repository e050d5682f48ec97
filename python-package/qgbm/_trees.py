"""Booster.trees_to_dataframe: one row per node of the dumped model, LightGBM's columns."""

from __future__ import annotations

from typing import Any


def trees_to_dataframe(dump: dict[str, Any]) -> Any:
    """Nodes of dump_model()'s trees as a pandas DataFrame (pandas is needed here only)."""
    import pandas as pd
    names = dump.get("feature_names", [])
    rows: list[dict[str, Any]] = []

    def walk(node: dict, tree: int, depth: int, parent: str | None) -> str:
        if "split_index" in node:
            node_id = f"{tree}-S{node['split_index']}"
        else:
            node_id = f"{tree}-L{node.get('leaf_index', 0)}"
        row = {"tree_index": tree, "node_depth": depth, "node_index": node_id,
               "left_child": None, "right_child": None, "parent_index": parent,
               "split_feature": None, "split_gain": None, "threshold": None,
               "decision_type": None, "missing_direction": None, "missing_type": None,
               "value": None, "weight": None, "count": None}
        rows.append(row)
        if "split_index" in node:
            feat = node.get("split_feature")
            row.update(split_feature=names[feat] if isinstance(feat, int) and
                       feat < len(names) else feat, split_gain=node.get("split_gain"),
                       threshold=node.get("threshold"),
                       decision_type=node.get("decision_type"),
                       missing_direction="left" if node.get("default_left") else "right",
                       missing_type=node.get("missing_type"),
                       value=node.get("internal_value"), weight=node.get("internal_weight"),
                       count=node.get("internal_count"))
            row["left_child"] = walk(node["left_child"], tree, depth + 1, node_id)
            row["right_child"] = walk(node["right_child"], tree, depth + 1, node_id)
        else:
            row.update(value=node.get("leaf_value"), weight=node.get("leaf_weight"),
                       count=node.get("leaf_count"))
        return node_id

    for info in dump.get("tree_info", []):
        walk(info["tree_structure"], info["tree_index"], 1, None)
    return pd.DataFrame(rows)
