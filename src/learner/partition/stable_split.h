// The scalar stable split shared by the numeric and categorical partition kernels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace qgbm {

// Rows of a deep leaf are scattered: the kernels fetch a bin this many rows ahead.
inline constexpr size_t kPartitionPrefetchDistance = 32;

// Stable split of one block of rows by `goes_left(bin)`: rows going left are compacted in place
// at the front of the block (a write never passes the read position), rows going right go to
// `right`, both in row order. Returns how many went left. In place halves the memory traffic of
// writing both sides to scratch.
template <class ColumnView, class GoesLeft>
int64_t StableSplitRows(const ColumnView& column, std::span<int32_t> rows, int32_t* right,
                        GoesLeft goes_left) {
  int32_t* left = rows.data();
  int64_t nl = 0, nr = 0;
  const size_t n = rows.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kPartitionPrefetchDistance < n)
      __builtin_prefetch(column.Address(rows[i + kPartitionPrefetchDistance]));
    const int32_t r = rows[i];
    const bool go_left = goes_left(static_cast<uint32_t>(column[r]));
    // Write both sides unconditionally and advance one: no unpredictable branch.
    left[nl] = r;
    right[nr] = r;
    nl += go_left ? 1 : 0;
    nr += go_left ? 0 : 1;
  }
  return nl;
}

}  // namespace qgbm
