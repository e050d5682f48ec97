// Tree: one regression tree as flat node arrays (structure of arrays).
//
// Glossary
//   internal node  indices 0 .. num_leaves-2; node 0 is the root (when num_leaves > 1)
//   leaf           indices 0 .. num_leaves-1 in separate arrays
//   child          >= 0 is an internal node, < 0 is leaf ~child (so leaf 0 is -1)
//   threshold      float value; a row goes left when value <= threshold, and NaN goes the
//                  default direction (default_left)
//   categorical    a node with is_categorical set: its threshold is the index of a category set
//   node           (cat_threshold words cat_boundaries[i] .. cat_boundaries[i+1], bit c of word
//                  c / 32 set when category code c goes left); NaN, negative values and codes
//                  not in the set go right (LightGBM's rule); a fractional value is truncated
// A tree with one leaf has no internal nodes and predicts leaf_value[0]. Thresholds are plain
// floats: the model knows nothing about bins, so prediction needs no bin mapper.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace qgbm {

// Whether category value v is in the set of `num_words` bitset words (categorical nodes).
inline bool CategoryInSet(const uint32_t* words, int64_t num_words, float v) {
  if (!(v >= 0.0f) || v >= 2147483648.0f) return false;  // NaN, negative, beyond int32
  const auto code = static_cast<uint32_t>(static_cast<int32_t>(v));
  const int64_t word = code >> 5;
  return word < num_words && ((words[word] >> (code & 31u)) & 1u) != 0;
}

class Tree {
 public:
  Tree() {
    leaf_value_.push_back(0.0);
    leaf_count_.push_back(0);
    leaf_weight_.push_back(0.0);
    leaf_depth_.push_back(0);
    leaf_parent_.push_back(-1);
  }

  int num_leaves() const { return static_cast<int>(leaf_value_.size()); }
  int num_internal() const { return static_cast<int>(split_feature_.size()); }

  // Splits `leaf` on `feature` at `threshold`. The left child keeps index `leaf`, the right child
  // becomes leaf num_leaves(). Returns the new internal node's index.
  int Split(int leaf, int feature, double threshold, bool default_left, double gain,
            double left_value, double right_value, int64_t left_count, int64_t right_count,
            double left_weight, double right_weight);
  // The same for a categorical split: `left_categories` (codes >= 0) go left, all else right.
  int SplitCategorical(int leaf, int feature, const std::vector<int32_t>& left_categories,
                       double gain, double left_value, double right_value, int64_t left_count,
                       int64_t right_count, double left_weight, double right_weight);

  // Leaf a row of raw float features ends in.
  int LeafIndex(const float* row) const {
    if (split_feature_.empty()) return 0;
    int node = 0;
    while (node >= 0) {
      const float v = row[split_feature_[node]];
      const bool left = is_categorical_[node] != 0 ? CategoryGoesLeft(node, v)
                        : std::isnan(v)            ? default_left_[node] != 0
                                                   : static_cast<double>(v) <= threshold_[node];
      node = left ? left_child_[node] : right_child_[node];
    }
    return ~node;
  }
  double Predict(const float* row) const { return leaf_value_[LeafIndex(row)]; }

  void ScaleLeaves(double factor) {
    for (double& v : leaf_value_) v *= factor;
  }

  // Node arrays, public read access for serialisation and prediction.
  const std::vector<int32_t>& split_feature() const { return split_feature_; }
  const std::vector<double>& threshold() const { return threshold_; }
  const std::vector<uint8_t>& default_left() const { return default_left_; }
  const std::vector<int32_t>& left_child() const { return left_child_; }
  const std::vector<int32_t>& right_child() const { return right_child_; }
  const std::vector<double>& split_gain() const { return split_gain_; }
  const std::vector<double>& internal_value() const { return internal_value_; }
  const std::vector<int64_t>& internal_count() const { return internal_count_; }
  const std::vector<double>& leaf_value() const { return leaf_value_; }
  const std::vector<int64_t>& leaf_count() const { return leaf_count_; }
  const std::vector<double>& leaf_weight() const { return leaf_weight_; }
  const std::vector<int32_t>& leaf_depth() const { return leaf_depth_; }
  const std::vector<int32_t>& leaf_parent() const { return leaf_parent_; }
  const std::vector<uint8_t>& is_categorical() const { return is_categorical_; }
  const std::vector<int32_t>& cat_boundaries() const { return cat_boundaries_; }
  const std::vector<uint32_t>& cat_threshold() const { return cat_threshold_; }
  int num_category_sets() const {
    return cat_boundaries_.empty() ? 0 : static_cast<int>(cat_boundaries_.size()) - 1;
  }
  bool CategoryGoesLeft(int node, float v) const {
    const auto set = static_cast<size_t>(threshold_[static_cast<size_t>(node)]);
    return CategoryInSet(cat_threshold_.data() + cat_boundaries_[set],
                         cat_boundaries_[set + 1] - cat_boundaries_[set], v);
  }

  void set_leaf_value(int leaf, double v) { leaf_value_[leaf] = v; }
  void set_leaf_count(int leaf, int64_t c) { leaf_count_[leaf] = c; }
  void set_leaf_weight(int leaf, double w) { leaf_weight_[leaf] = w; }

  // Rebuilds a tree from arrays (the model readers); validation is the reader's job.
  struct Arrays {
    std::vector<int32_t> split_feature;
    std::vector<double> threshold;
    std::vector<uint8_t> default_left;
    std::vector<int32_t> left_child, right_child;
    std::vector<double> split_gain, internal_value;
    std::vector<int64_t> internal_count;
    std::vector<double> leaf_value;
    std::vector<int64_t> leaf_count;
    std::vector<double> leaf_weight;
    // Categorical splits; all three empty in a tree without any (is_categorical may also be
    // all zeros with empty sets).
    std::vector<uint8_t> is_categorical;
    std::vector<int32_t> cat_boundaries;
    std::vector<uint32_t> cat_threshold;
  };
  static Tree FromArrays(Arrays a);
  // The serialised arrays (copies); the writers validate and encode these.
  Arrays ToArrays() const;

 private:
  std::vector<int32_t> split_feature_;
  std::vector<double> threshold_;
  std::vector<uint8_t> default_left_;
  std::vector<int32_t> left_child_, right_child_;
  std::vector<double> split_gain_, internal_value_;
  std::vector<int64_t> internal_count_;
  std::vector<double> leaf_value_;
  std::vector<int64_t> leaf_count_;
  std::vector<double> leaf_weight_;
  std::vector<uint8_t> is_categorical_;  // per internal node
  std::vector<int32_t> cat_boundaries_;  // empty, or 0 then the end of each category set
  std::vector<uint32_t> cat_threshold_;
  std::vector<int32_t> leaf_depth_;   // derived; not serialised
  std::vector<int32_t> leaf_parent_;  // internal node above each leaf; derived
};

}  // namespace qgbm
