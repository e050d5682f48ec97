// RowPartitioner: the rows of every leaf, as contiguous ranges of one index array.
//
// Splitting a leaf partitions its range in place, stably (rows keep their ascending order), so
// the result — and every sum taken over a leaf's rows — is the same for any thread count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/large_page_allocator.h"
#include "data/binned_matrix.h"

namespace qgbm {

// How a split sends rows: bins <= threshold left, the missing bin (if any) by default_left.
// A categorical split instead sends the bins of the bitset left_bins left, all others right.
struct SplitRule {
  int column = 0;
  uint32_t threshold_bin = 0;
  uint32_t missing_bin = UINT32_MAX;  // UINT32_MAX: the column has no missing bin
  bool default_left = false;
  std::vector<uint32_t> left_bins;  // categorical: bit b of word b / 32; empty: numeric

  bool categorical() const { return !left_bins.empty(); }
  bool InLeftBins(uint32_t bin) const {
    const size_t word = bin >> 5;
    return word < left_bins.size() && ((left_bins[word] >> (bin & 31u)) & 1u) != 0;
  }
  bool GoesLeft(uint32_t bin) const {
    if (categorical()) return InLeftBins(bin);
    return bin == missing_bin ? default_left : bin <= threshold_bin;
  }
};

class RowPartitioner {
 public:
  RowPartitioner(int max_leaves, int threads)
      : leaf_begin_(static_cast<size_t>(max_leaves), 0),
        leaf_count_(static_cast<size_t>(max_leaves), 0),
        threads_(threads) {}

  // Leaf 0 holds `rows` (every row 0..num_rows-1 when empty), all other leaves nothing.
  void Reset(int64_t num_rows, std::span<const int32_t> rows);

  // Moves the rows of `leaf` that go right to `new_leaf`; returns the number that went left.
  int64_t Split(int leaf, int new_leaf, const BinnedMatrix& matrix, const SplitRule& rule);

  // Undoes a Split: new_leaf's rows follow leaf's rows, so the ranges simply join again.
  void Merge(int leaf, int new_leaf) {
    leaf_count_[static_cast<size_t>(leaf)] += leaf_count_[static_cast<size_t>(new_leaf)];
    leaf_count_[static_cast<size_t>(new_leaf)] = 0;
  }

  std::span<const int32_t> Rows(int leaf) const {
    return {rows_.data() + leaf_begin_[static_cast<size_t>(leaf)],
            static_cast<size_t>(leaf_count_[static_cast<size_t>(leaf)])};
  }
  int64_t Count(int leaf) const { return leaf_count_[static_cast<size_t>(leaf)]; }

  // The leaf of every row 0..num_rows-1 (kNoLeaf for rows outside the partition: bagging).
  // Built once per tree, in one scattered pass, so that renewal and the
  // score update read rows in order: a pass over a deep leaf's scattered rows costs a cache line
  // per row, and every leaf's pass costs the same line again.
  static constexpr int32_t kNoLeaf = -1;
  std::span<const int32_t> LeafOfRows();

 private:
  int64_t num_rows_ = 0;
  bool subset_ = false;  // Reset with a row subset: some rows belong to no leaf
  LargeVector<int32_t> leaf_of_row_;
  std::vector<int32_t> rows_;
  std::vector<int32_t> scratch_right_;
  std::vector<int64_t> leaf_begin_, leaf_count_;
  // Per-block counts and offsets of the split in progress (kept to avoid allocating per split).
  std::vector<int64_t> left_counts_, right_counts_, left_offset_, right_offset_;
  int threads_;
};

}  // namespace qgbm
