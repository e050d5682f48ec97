#include "model/model_validate.h"

#include <cmath>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace qgbm {
namespace {

template <class T>
Status CheckSize(const std::vector<T>& v, const char* field, size_t expected, const char* what) {
  if (v.size() == expected) return Status::Ok();
  return Status::DataError(std::string(field) + " has " + std::to_string(v.size()) +
                           " entries, expected " + what + " = " + std::to_string(expected));
}

Status CheckFinite(const std::vector<double>& v, const char* field) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return Status::DataError(std::string(field) + "[" + std::to_string(i) + "] is not finite");
    }
  }
  return Status::Ok();
}

Status CheckSizes(const Tree::Arrays& a) {
  const size_t leaves = a.leaf_value.size();
  const size_t internal = leaves - 1;
  const char* internal_what = "num_leaves - 1";
  QGBM_RETURN_IF_ERROR(CheckSize(a.split_feature, "split_feature", internal, internal_what));
  QGBM_RETURN_IF_ERROR(CheckSize(a.threshold, "threshold", internal, internal_what));
  QGBM_RETURN_IF_ERROR(CheckSize(a.default_left, "default_left", internal, internal_what));
  QGBM_RETURN_IF_ERROR(CheckSize(a.left_child, "left_child", internal, internal_what));
  QGBM_RETURN_IF_ERROR(CheckSize(a.right_child, "right_child", internal, internal_what));
  QGBM_RETURN_IF_ERROR(CheckSize(a.split_gain, "split_gain", internal, internal_what));
  QGBM_RETURN_IF_ERROR(CheckSize(a.internal_value, "internal_value", internal, internal_what));
  QGBM_RETURN_IF_ERROR(CheckSize(a.internal_count, "internal_count", internal, internal_what));
  QGBM_RETURN_IF_ERROR(CheckSize(a.leaf_count, "leaf_count", leaves, "num_leaves"));
  return CheckSize(a.leaf_weight, "leaf_weight", leaves, "num_leaves");
}

Status CheckValues(const Tree::Arrays& a, int num_features) {
  for (size_t n = 0; n < a.split_feature.size(); ++n) {
    if (a.split_feature[n] < 0 || a.split_feature[n] >= num_features) {
      return Status::DataError(
          "split_feature[" + std::to_string(n) + "] = " + std::to_string(a.split_feature[n]) +
          " is outside [0, num_features = " + std::to_string(num_features) + ")");
    }
  }
  QGBM_RETURN_IF_ERROR(CheckFinite(a.threshold, "threshold"));
  QGBM_RETURN_IF_ERROR(CheckFinite(a.split_gain, "split_gain"));
  QGBM_RETURN_IF_ERROR(CheckFinite(a.internal_value, "internal_value"));
  QGBM_RETURN_IF_ERROR(CheckFinite(a.leaf_value, "leaf_value"));
  return CheckFinite(a.leaf_weight, "leaf_weight");
}

Status CheckChildRanges(const Tree::Arrays& a) {
  const auto internal = static_cast<int64_t>(a.left_child.size());
  const auto leaves = static_cast<int64_t>(a.leaf_value.size());
  for (const auto* side : {&a.left_child, &a.right_child}) {
    const char* field = side == &a.left_child ? "left_child" : "right_child";
    for (size_t n = 0; n < side->size(); ++n) {
      const int64_t child = (*side)[n];
      if (child >= internal || child < -leaves) {
        return Status::DataError(std::string(field) + "[" + std::to_string(n) +
                                 "] = " + std::to_string(child) +
                                 " is outside [-num_leaves, num_leaves - 1)");
      }
      if (child == 0) {
        return Status::DataError(std::string(field) + "[" + std::to_string(n) +
                                 "] points at node 0, the root");
      }
    }
  }
  return Status::Ok();
}

// Reports the first entry of `seen` still 0, naming it with `what`.
Status CheckAllSeen(const std::vector<char>& seen, const char* what) {
  for (size_t i = 0; i < seen.size(); ++i) {
    if (seen[i] == 0) {
      return Status::DataError(std::string(what) + std::to_string(i) +
                               " is not reachable from the root");
    }
  }
  return Status::Ok();
}

// Walks from the root so that cycles and shared subtrees show up as a node reached twice, and
// detached nodes as never reached. Child ranges are already checked.
Status CheckReachability(const Tree::Arrays& a) {
  const size_t internal = a.left_child.size();
  if (internal == 0) return Status::Ok();
  std::vector<char> seen_node(internal, 0), seen_leaf(a.leaf_value.size(), 0);
  std::vector<int32_t> stack = {0};
  seen_node[0] = 1;
  while (!stack.empty()) {
    const auto n = static_cast<size_t>(stack.back());
    stack.pop_back();
    for (int32_t child : {a.left_child[n], a.right_child[n]}) {
      const bool is_leaf = child < 0;
      const int32_t index = is_leaf ? ~child : child;
      char& seen = (is_leaf ? seen_leaf : seen_node)[static_cast<size_t>(index)];
      if (seen != 0) {
        return Status::DataError(std::string(is_leaf ? "leaf " : "internal node ") +
                                 std::to_string(index) +
                                 " is a child of more than one node (or of a cycle)");
      }
      seen = 1;
      if (!is_leaf) stack.push_back(child);
    }
  }
  QGBM_RETURN_IF_ERROR(CheckAllSeen(seen_node, "internal node "));
  return CheckAllSeen(seen_leaf, "leaf ");
}

// Categorical nodes: their threshold names a category set, and the sets tile cat_threshold.
Status CheckCategorical(const Tree::Arrays& a) {
  const size_t internal = a.split_feature.size();
  if (!a.is_categorical.empty() && a.is_categorical.size() != internal) {
    return CheckSize(a.is_categorical, "is_categorical", internal, "num_leaves - 1");
  }
  const auto& b = a.cat_boundaries;
  if (!b.empty()) {
    if (b.front() != 0 || static_cast<size_t>(b.back()) != a.cat_threshold.size()) {
      return Status::DataError(
          "cat_boundaries must start at 0 and end at the size of "
          "cat_threshold (" +
          std::to_string(a.cat_threshold.size()) + ")");
    }
    for (size_t i = 1; i < b.size(); ++i) {
      if (b[i] <= b[i - 1]) {
        return Status::DataError("cat_boundaries[" + std::to_string(i) +
                                 "] is not above the entry before it");
      }
    }
  } else if (!a.cat_threshold.empty()) {
    return Status::DataError("cat_threshold without cat_boundaries");
  }
  const double sets = b.empty() ? 0.0 : static_cast<double>(b.size() - 1);
  for (size_t n = 0; n < a.is_categorical.size(); ++n) {
    if (a.is_categorical[n] == 0) continue;
    const double t = a.threshold[n];
    if (!(t >= 0.0 && t < sets && t == std::floor(t))) {
      return Status::DataError(
          "threshold[" + std::to_string(n) + "] of a categorical node must be " +
          "the index of a category set in [0, " + std::to_string(static_cast<int64_t>(sets)) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateTreeArrays(const Tree::Arrays& arrays, int num_features) {
  if (arrays.leaf_value.empty()) return Status::DataError("a tree needs at least one leaf");
  QGBM_RETURN_IF_ERROR(CheckSizes(arrays));
  QGBM_RETURN_IF_ERROR(CheckValues(arrays, num_features));
  QGBM_RETURN_IF_ERROR(CheckChildRanges(arrays));
  QGBM_RETURN_IF_ERROR(CheckCategorical(arrays));
  return CheckReachability(arrays);
}

Status ValidateModelHeader(const Model& model) {
  const int k = model.num_tree_per_iteration;
  if (k < 1)
    return Status::DataError("num_tree_per_iteration must be at least 1, got " + std::to_string(k));
  if (model.num_features < 0) return Status::DataError("num_features must not be negative");
  if (model.feature_names.size() != static_cast<size_t>(model.num_features)) {
    return Status::DataError(
        "feature_names has " + std::to_string(model.feature_names.size()) +
        " entries, expected num_features = " + std::to_string(model.num_features));
  }
  if (model.init_score.size() != static_cast<size_t>(k)) {
    return Status::DataError("init_score has " + std::to_string(model.init_score.size()) +
                             " entries, expected num_tree_per_iteration = " + std::to_string(k));
  }
  QGBM_RETURN_IF_ERROR(CheckFinite(model.init_score, "init_score"));
  if (!model.category_names.empty() &&
      model.category_names.size() != static_cast<size_t>(model.num_features)) {
    return Status::DataError(
        "category_names has " + std::to_string(model.category_names.size()) +
        " entries, expected num_features = " + std::to_string(model.num_features));
  }
  if (!std::isfinite(model.sigmoid)) return Status::DataError("sigmoid is not finite");
  if (model.trees.size() % static_cast<size_t>(k) != 0) {
    return Status::DataError(
        "the model has " + std::to_string(model.trees.size()) +
        " trees, not a multiple of num_tree_per_iteration = " + std::to_string(k));
  }
  if (model.best_iteration < 0 || model.best_iteration > model.num_iterations()) {
    return Status::DataError("best_iteration = " + std::to_string(model.best_iteration) +
                             " is outside [0, " + std::to_string(model.num_iterations()) + "]");
  }
  std::set<std::string> keys;
  for (const auto& [key, value] : model.parameters) {
    if (!keys.insert(key).second) return Status::DataError("parameter '" + key + "' appears twice");
  }
  return Status::Ok();
}

Status ValidateModel(const Model& model) {
  QGBM_RETURN_IF_ERROR(ValidateModelHeader(model));
  for (size_t t = 0; t < model.trees.size(); ++t) {
    const Status s = ValidateTreeArrays(model.trees[t].ToArrays(), model.num_features);
    if (!s.ok()) return {s.code(), "trees[" + std::to_string(t) + "]: " + s.message()};
  }
  return Status::Ok();
}

}  // namespace qgbm
