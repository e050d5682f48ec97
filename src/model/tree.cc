#include "model/tree.h"

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
  const size_t leaves = t.leaf_value_.size();
  t.leaf_depth_.assign(leaves, 0);
  t.leaf_parent_.assign(leaves, -1);
  // Depth and parent of each leaf, walking from the root (children always have larger depth).
  std::vector<int32_t> node_depth(t.split_feature_.size(), 0);
  for (size_t n = 0; n < t.split_feature_.size(); ++n) {
    for (int32_t child : {t.left_child_[n], t.right_child_[n]}) {
      if (child >= 0) {
        node_depth[static_cast<size_t>(child)] = node_depth[n] + 1;
      } else {
        t.leaf_depth_[static_cast<size_t>(~child)] = node_depth[n] + 1;
        t.leaf_parent_[static_cast<size_t>(~child)] = static_cast<int32_t>(n);
      }
    }
  }
  return t;
}

}  // namespace qgbm
