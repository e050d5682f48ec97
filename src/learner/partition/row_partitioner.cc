#include "learner/partition/row_partitioner.h"

#include <algorithm>
#include <cstring>

#include "common/parallel_for.h"

namespace qgbm {
namespace {

constexpr size_t kPrefetchDistance = 32;
// Below this many rows per block a split is not worth waking another thread for.
constexpr int64_t kMinRowsPerBlock = 4096;

// Stable split of one block of rows: rows going left are compacted in place at the front of
// the block (a write never passes the read position), rows going right go to `right`. Returns
// how many went left. In place halves the memory traffic of writing both sides to scratch.
template <class BinT>
int64_t SplitBlock(const BinT* column, const SplitRule& rule, std::span<int32_t> rows,
                   int32_t* right) {
  int32_t* left = rows.data();
  const uint32_t threshold = rule.threshold_bin, missing = rule.missing_bin;
  const bool default_left = rule.default_left;
  int64_t nl = 0, nr = 0;
  const size_t n = rows.size();
  for (size_t i = 0; i < n; ++i) {
    // Rows of a deep leaf are scattered: fetch the bin a few rows ahead.
    if (i + kPrefetchDistance < n) __builtin_prefetch(column + rows[i + kPrefetchDistance]);
    const int32_t r = rows[i];
    const uint32_t bin = column[r];
    const bool go_left = bin == missing ? default_left : bin <= threshold;
    // Write both sides unconditionally and advance one: no unpredictable branch.
    left[nl] = r;
    right[nr] = r;
    nl += go_left ? 1 : 0;
    nr += go_left ? 0 : 1;
  }
  return nl;
}

}  // namespace

void RowPartitioner::Reset(int64_t num_rows, std::span<const int32_t> rows) {
  if (rows.empty()) {
    rows_.resize(static_cast<size_t>(num_rows));
    for (int64_t i = 0; i < num_rows; ++i) rows_[static_cast<size_t>(i)] = static_cast<int32_t>(i);
  } else {
    rows_.assign(rows.begin(), rows.end());
  }
  scratch_right_.resize(rows_.size());
  std::fill(leaf_begin_.begin(), leaf_begin_.end(), 0);
  std::fill(leaf_count_.begin(), leaf_count_.end(), 0);
  leaf_count_[0] = static_cast<int64_t>(rows_.size());
}

int64_t RowPartitioner::Split(int leaf, int new_leaf, const BinnedMatrix& matrix,
                              const SplitRule& rule) {
  const int64_t begin = leaf_begin_[static_cast<size_t>(leaf)];
  const int64_t n = leaf_count_[static_cast<size_t>(leaf)];
  const int64_t blocks = NumBlocks(n, kMinRowsPerBlock, 64);
  std::vector<int64_t> left_counts(static_cast<size_t>(blocks)),
      right_counts(static_cast<size_t>(blocks));
  int32_t* rows = rows_.data() + begin;
  // Pass 1: each block compacts its left rows in place and writes its right rows to scratch.
  ParallelFor(blocks, threads_, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    int32_t* right = scratch_right_.data() + begin + range.begin;
    const std::span<int32_t> block_rows(rows + range.begin,
                                        static_cast<size_t>(range.end - range.begin));
    const int64_t nl = matrix.wide()
                           ? SplitBlock(matrix.column16(rule.column), rule, block_rows, right)
                           : SplitBlock(matrix.column8(rule.column), rule, block_rows, right);
    left_counts[static_cast<size_t>(b)] = nl;
    right_counts[static_cast<size_t>(b)] = range.end - range.begin - nl;
  });
  std::vector<int64_t> left_offset(static_cast<size_t>(blocks)),
      right_offset(static_cast<size_t>(blocks));
  int64_t total_left = 0, total_right = 0;
  for (int64_t b = 0; b < blocks; ++b) {
    left_offset[static_cast<size_t>(b)] = total_left;
    right_offset[static_cast<size_t>(b)] = total_right;
    total_left += left_counts[static_cast<size_t>(b)];
    total_right += right_counts[static_cast<size_t>(b)];
  }
  // Pass 2: close the gaps between the blocks' left parts, in block order (each destination
  // ends before the next block's rows start, so nothing unread is overwritten).
  for (int64_t b = 1; b < blocks; ++b) {
    const size_t bi = static_cast<size_t>(b);
    std::memmove(rows + left_offset[bi], rows + BlockOf(n, blocks, b).begin,
                 static_cast<size_t>(left_counts[bi]) * sizeof(int32_t));
  }
  // Pass 3: the right parts follow all left rows, in block order.
  ParallelFor(blocks, threads_, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    const size_t bi = static_cast<size_t>(b);
    std::memcpy(rows + total_left + right_offset[bi], scratch_right_.data() + begin + range.begin,
                static_cast<size_t>(right_counts[bi]) * sizeof(int32_t));
  });
  leaf_count_[static_cast<size_t>(leaf)] = total_left;
  leaf_begin_[static_cast<size_t>(new_leaf)] = begin + total_left;
  leaf_count_[static_cast<size_t>(new_leaf)] = total_right;
  return total_left;
}

}  // namespace qgbm
