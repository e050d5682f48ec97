// LeafConstraints: the per-leaf state of monotone and interaction constraints while a tree grows.
//
// Monotone (LightGBM's "basic" method): each leaf carries output bounds. A split on a +1 column
// with child outputs (l, r), l <= r, gives the left child max = (l + r) / 2 and the right child
// min = (l + r) / 2 (the reverse for -1); other splits pass the parent's bounds on. Every output
// under a constrained split then stays on its side of the mid-point, whatever later splits do,
// so clamping each final leaf value (also the renewed ones of quantized training) to its bounds
// keeps the prediction monotone.
// Interaction (LightGBM's rule): a leaf may split on the features already used on its branch and
// on every feature of each set that contains all of them; at the root, every feature of any set.
// Features in no set are never used.
#pragma once

#include <cstdint>
#include <vector>

#include "data/dataset.h"
#include "learner/split/split_constraints.h"

namespace qgbm {

// Constraints as the user gave them, indexed by feature (not by used column).
struct TreeConstraintOptions {
  std::vector<int8_t> monotone;  // per feature; empty: none
  double monotone_penalty = 0.0;
  std::vector<std::vector<int>> interaction_sets;  // feature indices; empty: none

  bool any() const { return !monotone.empty() || !interaction_sets.empty(); }
};

class LeafConstraints {
 public:
  LeafConstraints(const TreeConstraintOptions& options, const Dataset& data, int max_leaves);

  bool has_monotone() const { return !direction_.empty(); }
  bool has_interactions() const { return has_interactions_; }

  // Back to a single unbounded root with an empty branch.
  void Reset();
  // The leaf's search constraints in *scratch, or nullptr when there are no monotone constraints
  // (the split finder then runs its plain scan).
  const NodeConstraints* ForLeaf(int leaf, int depth, NodeConstraints* scratch) const;
  // tree_mask (empty = every column) restricted to the columns the leaf's branch may use.
  void MaskForLeaf(int leaf, const std::vector<uint8_t>& tree_mask,
                   std::vector<uint8_t>* out) const;
  // `leaf` was split on `column` into `leaf` (left) and `new_leaf` (right) with these outputs.
  void OnSplit(int leaf, int new_leaf, int column, double left_output, double right_output);
  double Clamp(int leaf, double value) const {
    return has_monotone() ? bounds_[static_cast<size_t>(leaf)].Clamp(value) : value;
  }

 private:
  int num_columns_;
  double penalty_;
  std::vector<int8_t> direction_;  // per used column; empty: no monotone constraint
  bool has_interactions_ = false;
  std::vector<std::vector<int>> sets_;    // used columns of each interaction set, sorted
  std::vector<OutputBounds> bounds_;      // per leaf
  std::vector<std::vector<int>> branch_;  // per leaf: used columns on its branch, sorted
};

}  // namespace qgbm
