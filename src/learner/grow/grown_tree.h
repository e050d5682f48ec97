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
    int node = 0;
    while (node >= 0) {
      const SplitRule& rule = rules[static_cast<size_t>(node)];
      const bool left = rule.GoesLeft(matrix.Bin(row, rule.column));
      node = left ? tree.left_child()[static_cast<size_t>(node)]
                  : tree.right_child()[static_cast<size_t>(node)];
    }
    return ~node;
  }
};

}  // namespace qgbm
