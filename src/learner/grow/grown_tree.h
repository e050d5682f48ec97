// GrownTree: a freshly grown tree plus the bin-level rule of each internal node, so the booster
// can route binned rows (out-of-bag rows, validation sets) without going back to float values.
// Routing by bins gives the same leaf as routing raw values by the float thresholds, because a
// value goes left exactly when its bin is <= the threshold bin.
#pragma once

#include <vector>

#include "data/binned_matrix.h"
#include "learner/partition/row_partitioner.h"
#include "model/tree.h"

namespace qgbm {

struct GrownTree {
  Tree tree;
  std::vector<SplitRule> rules;  // per internal node

  int LeafOfBinnedRow(const BinnedMatrix& matrix, int64_t row) const {
    if (rules.empty()) return 0;
    return matrix.VisitRows([&](const auto& view) { return LeafOf(view, view.Row(row)); });
  }

  // Leaf of one row given its bins (a row of a BinnedMatrix row view).
  template <class RowView, class Cells>
  int LeafOf(const RowView& /*view*/, const Cells* row_bins) const {
    const int32_t* left = tree.left_child().data();
    const int32_t* right = tree.right_child().data();
    int node = rules.empty() ? -1 : 0;
    while (node >= 0) {
      const SplitRule& rule = rules[static_cast<size_t>(node)];
      node = rule.GoesLeft(RowView::At(row_bins, rule.column)) ? left[node] : right[node];
    }
    return ~node;
  }

  // scores[r] += the leaf value of row r, for every row of `matrix` (or the rows with
  // skip[r] == 0 when skip is given).
  void AddToScores(const BinnedMatrix& matrix, const uint8_t* skip, int threads,
                   double* scores) const;

 private:
  void AddToScoresByRules(const BinnedMatrix& matrix, const uint8_t* skip, int threads,
                          double* scores) const;
};

}  // namespace qgbm
