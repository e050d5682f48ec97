#include "learner/grow/leaf_constraints.h"

#include <algorithm>

namespace qgbm {

LeafConstraints::LeafConstraints(const TreeConstraintOptions& options, const Dataset& data,
                                 int max_leaves)
    : num_columns_(data.num_used_features()), penalty_(options.monotone_penalty) {
  // Column of each feature (-1: unused, e.g. constant), to move from features to columns.
  std::vector<int> column_of(static_cast<size_t>(data.num_total_features()), -1);
  for (int c = 0; c < num_columns_; ++c) column_of[static_cast<size_t>(data.RealFeature(c))] = c;
  const bool any_monotone = std::any_of(options.monotone.begin(), options.monotone.end(),
                                        [](int8_t d) { return d != 0; });
  if (any_monotone) {
    direction_.assign(static_cast<size_t>(num_columns_), 0);
    for (int c = 0; c < num_columns_; ++c) {
      direction_[static_cast<size_t>(c)] =
          options.monotone[static_cast<size_t>(data.RealFeature(c))];
    }
  }
  has_interactions_ = !options.interaction_sets.empty();
  for (const std::vector<int>& features : options.interaction_sets) {
    std::vector<int> columns;
    for (int f : features) {
      const int c = column_of[static_cast<size_t>(f)];
      if (c >= 0) columns.push_back(c);
    }
    std::sort(columns.begin(), columns.end());
    sets_.push_back(std::move(columns));
  }
  bounds_.resize(static_cast<size_t>(max_leaves));
  branch_.resize(static_cast<size_t>(max_leaves));
}

void LeafConstraints::Reset() {
  bounds_[0] = OutputBounds{};
  branch_[0].clear();
}

const NodeConstraints* LeafConstraints::ForLeaf(int leaf, int depth,
                                                NodeConstraints* scratch) const {
  if (!has_monotone()) return nullptr;
  scratch->direction = direction_.data();
  scratch->bounds = bounds_[static_cast<size_t>(leaf)];
  scratch->monotone_gain_factor = MonotoneGainFactor(depth, penalty_);
  return scratch;
}

void LeafConstraints::MaskForLeaf(int leaf, const std::vector<uint8_t>& tree_mask,
                                  std::vector<uint8_t>* out) const {
  const std::vector<int>& branch = branch_[static_cast<size_t>(leaf)];
  out->assign(static_cast<size_t>(num_columns_), 0);
  for (int c : branch) (*out)[static_cast<size_t>(c)] = 1;
  for (const std::vector<int>& set : sets_) {
    if (!std::includes(set.begin(), set.end(), branch.begin(), branch.end())) continue;
    for (int c : set) (*out)[static_cast<size_t>(c)] = 1;
  }
  if (tree_mask.empty()) return;
  for (size_t c = 0; c < out->size(); ++c) (*out)[c] = (*out)[c] & tree_mask[c];
}

void LeafConstraints::OnSplit(int leaf, int new_leaf, int column, double left_output,
                              double right_output) {
  if (has_interactions_) {
    std::vector<int> branch = branch_[static_cast<size_t>(leaf)];
    const auto at = std::lower_bound(branch.begin(), branch.end(), column);
    if (at == branch.end() || *at != column) branch.insert(at, column);
    branch_[static_cast<size_t>(new_leaf)] = branch;
    branch_[static_cast<size_t>(leaf)] = std::move(branch);
  }
  if (!has_monotone()) return;
  OutputBounds left = bounds_[static_cast<size_t>(leaf)];
  OutputBounds right = left;
  const int8_t direction = direction_[static_cast<size_t>(column)];
  const double mid = (left_output + right_output) / 2.0;
  if (direction > 0) {
    left.max = std::min(left.max, mid);
    right.min = std::max(right.min, mid);
  } else if (direction < 0) {
    left.min = std::max(left.min, mid);
    right.max = std::min(right.max, mid);
  }
  bounds_[static_cast<size_t>(leaf)] = left;
  bounds_[static_cast<size_t>(new_leaf)] = right;
}

}  // namespace qgbm
