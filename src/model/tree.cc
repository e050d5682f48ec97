#include "model/tree.h"

#include <algorithm>
#include <utility>

namespace qgbm {

int Tree::Split(int leaf, int feature, double threshold, bool default_left, double gain,
                double left_value, double right_value, int64_t left_count, int64_t right_count,
                double left_weight, double right_weight) {
  const int node = num_internal();
  const int new_leaf = num_leaves();
  const int parent = leaf_parent_[leaf];
  if (parent >= 0) {
    if (left_child_[parent] == ~leaf) {
      left_child_[parent] = node;
    } else {
      right_child_[parent] = node;
    }
  }
  split_feature_.push_back(feature);
  is_categorical_.push_back(0);
  threshold_.push_back(threshold);
  default_left_.push_back(default_left ? 1 : 0);
  left_child_.push_back(~leaf);
  right_child_.push_back(~new_leaf);
  split_gain_.push_back(gain);
  internal_value_.push_back(leaf_value_[leaf]);
  internal_count_.push_back(left_count + right_count);

  const int depth = leaf_depth_[leaf] + 1;
  leaf_value_[leaf] = left_value;
  leaf_count_[leaf] = left_count;
  leaf_weight_[leaf] = left_weight;
  leaf_depth_[leaf] = depth;
  leaf_parent_[leaf] = node;
  leaf_value_.push_back(right_value);
  leaf_count_.push_back(right_count);
  leaf_weight_.push_back(right_weight);
  leaf_depth_.push_back(depth);
  leaf_parent_.push_back(node);
  return node;
}

int Tree::SplitCategorical(int leaf, int feature, const std::vector<int32_t>& left_categories,
                           double gain, double left_value, double right_value, int64_t left_count,
                           int64_t right_count, double left_weight, double right_weight) {
  if (cat_boundaries_.empty()) cat_boundaries_.push_back(0);
  const int set = num_category_sets();
  int32_t max_code = 0;
  for (int32_t c : left_categories) max_code = std::max(max_code, c);
  const size_t first = cat_threshold_.size();
  cat_threshold_.resize(first + static_cast<size_t>(max_code / 32) + 1, 0u);
  for (int32_t c : left_categories)
    cat_threshold_[first + static_cast<size_t>(c / 32)] |= 1u << (c % 32);
  cat_boundaries_.push_back(static_cast<int32_t>(cat_threshold_.size()));
  const int node = Split(leaf, feature, static_cast<double>(set), false, gain, left_value,
                         right_value, left_count, right_count, left_weight, right_weight);
  is_categorical_[static_cast<size_t>(node)] = 1;
  return node;
}

Tree Tree::FromArrays(Arrays a) {
  Tree t;
  t.split_feature_ = std::move(a.split_feature);
  t.threshold_ = std::move(a.threshold);
  t.default_left_ = std::move(a.default_left);
  t.left_child_ = std::move(a.left_child);
  t.right_child_ = std::move(a.right_child);
  t.split_gain_ = std::move(a.split_gain);
  t.internal_value_ = std::move(a.internal_value);
  t.internal_count_ = std::move(a.internal_count);
  t.leaf_value_ = std::move(a.leaf_value);
  t.leaf_count_ = std::move(a.leaf_count);
  t.leaf_weight_ = std::move(a.leaf_weight);
  t.is_categorical_ = std::move(a.is_categorical);
  t.is_categorical_.resize(t.split_feature_.size(), 0);
  t.cat_boundaries_ = std::move(a.cat_boundaries);
  t.cat_threshold_ = std::move(a.cat_threshold);
  const size_t leaves = t.leaf_value_.size();
  t.leaf_depth_.assign(leaves, 0);
  t.leaf_parent_.assign(leaves, -1);
  // Depth and parent of each leaf, walking down from the root: a loaded tree need not number
  // children after their parents, so index order cannot be trusted for depths.
  if (t.split_feature_.empty()) return t;
  std::vector<std::pair<int32_t, int32_t>> stack = {{0, 0}};  // (internal node, its depth)
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    const auto n = static_cast<size_t>(node);
    for (int32_t child : {t.left_child_[n], t.right_child_[n]}) {
      if (child >= 0) {
        stack.emplace_back(child, depth + 1);
      } else {
        const int32_t leaf = ~child;
        t.leaf_depth_[static_cast<size_t>(leaf)] = depth + 1;
        t.leaf_parent_[static_cast<size_t>(leaf)] = node;
      }
    }
  }
  return t;
}

Tree::Arrays Tree::ToArrays() const {
  return Arrays{split_feature_, threshold_,      default_left_,   left_child_,   right_child_,
                split_gain_,    internal_value_, internal_count_, leaf_value_,   leaf_count_,
                leaf_weight_,   is_categorical_, cat_boundaries_, cat_threshold_};
}

}  // namespace qgbm
