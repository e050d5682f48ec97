// Partitioning rows by a categorical split: a row goes left when its bin is in the rule's bitset.
// Kept apart from the numeric kernels (row_partitioner.cc), which stay as they are.
#pragma once

#include <cstdint>
#include <span>

#include "learner/partition/row_partitioner.h"

namespace qgbm {

// Same contract as the numeric SplitBlock: left rows compacted in place at the front of `rows`,
// right rows written to `right`, both in row order; returns the number of left rows.
template <class ColumnView>
int64_t SplitCategoricalBlock(const ColumnView& column, const SplitRule& rule,
                              std::span<int32_t> rows, int32_t* right) {
  constexpr size_t kPrefetchAhead = 32;
  int32_t* left = rows.data();
  int64_t nl = 0, nr = 0;
  const size_t n = rows.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kPrefetchAhead < n) __builtin_prefetch(column.Address(rows[i + kPrefetchAhead]));
    const int32_t r = rows[i];
    const bool go_left = rule.InLeftBins(column[r]);
    left[nl] = r;
    right[nr] = r;
    nl += go_left ? 1 : 0;
    nr += go_left ? 0 : 1;
  }
  return nl;
}

}  // namespace qgbm
