// FlatForest: a Model compiled once into the compact layout the predictor walks.
//
// Glossary
//   node       a FlatNode (16 bytes). All trees' nodes sit in one array; each tree's are laid out
//              breadth first from its root, so the top levels every row visits share cache lines
//   node ref   a node's byte offset in that array: a step reads the next node at base + ref with
//              no index arithmetic
//   key rows   the rows as int32 keys, two per feature (row_keys.h), stored lane-interleaved:
//              key column c of lane l sits at c * kLanes + l, so the kLanes rows of a batch walk
//              share one base address (a node's key_offset is c * kLanes * 4 bytes)
//   lanes      the kLanes walks that advance in lockstep (forest_walk.h): rows of one tree in a
//              batch, trees of one row for a single row
//   leaf node  a node whose children are itself: a step from a leaf stays on it, so walks of
//              different depths can advance in lockstep
//   depth      the most steps from a tree's root to one of its leaves (0 for a one-leaf tree)
//
// Decisions are those of Tree::LeafIndex, bit for bit: a threshold t is stored as the key of
// FloatThresholdBelow(t), so "key > threshold" says right exactly when (double)v > t, and NaN
// goes the tree's default direction through the copy of the key row its node reads. Leaf values
// stay doubles. Life cycle: build once per model (the C API booster and the CLI keep one), then
// read it from any number of threads; it never changes.
//
// Categorical nodes (Tree::is_categorical) cannot be one key comparison: a forest that has any
// keeps, per node, the index of its category set (-1 for the others), and is walked by
// WalkLockstepWithCategories (forest_walk.h) instead of WalkLockstep. Their FlatNode reads the
// feature's low key copy (NaN = kNanLowKey), whose float the walk decodes; forests without
// categorical nodes are compiled and walked exactly as before.
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace qgbm {

inline constexpr int kLanes = 8;

using NodeRef = uint32_t;  // byte offset of a node in FlatForest::nodes()

struct FlatNode {
  int32_t threshold;    // a row goes right when its key at key_offset is greater
  uint32_t key_offset;  // (feature, plus num_features when NaN goes right) * kLanes * 4
  NodeRef left;         // the children; a leaf node's are itself
  NodeRef right;
};
static_assert(sizeof(FlatNode) == 16);

class FlatForest {
 public:
  // The model must be valid (loaded, or built by the booster).
  explicit FlatForest(const Model& model);

  int num_features() const { return num_features_; }
  int key_columns() const { return 2 * num_features_; }
  int num_outputs() const { return num_outputs_; }  // num_tree_per_iteration
  int num_iterations() const { return static_cast<int>(roots_.size()) / num_outputs_; }
  int best_iteration() const { return best_iteration_; }
  const std::vector<double>& init_score() const { return init_score_; }
  OutputTransform transform() const { return transform_; }
  double sigmoid() const { return sigmoid_; }

  const FlatNode* nodes() const { return nodes_.data(); }
  NodeRef root(int64_t tree) const { return roots_[static_cast<size_t>(tree)]; }
  int depth(int64_t tree) const { return depths_[static_cast<size_t>(tree)]; }
  // Leaf value and Tree leaf index of a leaf node (0 for internal nodes).
  double leaf_value(NodeRef node) const { return leaf_values_[node / sizeof(FlatNode)]; }
  int32_t leaf_index(NodeRef node) const { return leaf_indices_[node / sizeof(FlatNode)]; }

  bool has_categorical() const { return !category_set_.empty(); }
  // Category set of a node (has_categorical only): -1 for numeric and leaf nodes.
  int32_t category_set(NodeRef node) const { return category_set_[node / sizeof(FlatNode)]; }
  // Whether the value behind a low-copy key is in category set `set` (Tree's rule).
  bool CategoryGoesLeft(int32_t set, int32_t key) const;

 private:
  void AddTree(const Tree& tree);

  int num_features_ = 0;
  int num_outputs_ = 1;
  int best_iteration_ = 0;
  std::vector<double> init_score_;
  OutputTransform transform_ = OutputTransform::kIdentity;
  double sigmoid_ = 1.0;

  std::vector<FlatNode> nodes_;
  std::vector<double> leaf_values_;    // per node
  std::vector<int32_t> leaf_indices_;  // per node
  std::vector<NodeRef> roots_;         // per tree, in model order
  std::vector<int32_t> depths_;        // per tree
  // Categorical forests only: per node, and every tree's category sets one after another.
  std::vector<int32_t> category_set_;
  std::vector<int64_t> cat_boundaries_;
  std::vector<uint32_t> cat_words_;
};

}  // namespace qgbm
