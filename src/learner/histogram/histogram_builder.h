// HistogramBuilder: accumulates one leaf's rows into a Histogram.
//
// Rows are split into blocks whose count depends only on the number of rows (never on the
// thread count); each block fills its own partial histogram and the partials are added in block
// order. Integer sums are exact in any order; the fixed blocks make float sums reproducible too.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "data/binned_matrix.h"
#include "learner/histogram/histogram.h"

namespace qgbm {

// Gradients of every row: packed integer words (quantized training) or floats.
struct GradientView {
  const uint16_t* packed = nullptr;
  const float* grad = nullptr;
  const float* hess = nullptr;
  // Gradient levels B of the packed words (0: unknown). With it, 32-bit-field builds first sum
  // runs of rows short enough for 16-bit fields (rows * B < 2^16) in a histogram half the size.
  int quant_bins = 0;
  // The packed words also sit in the matrix rows' gradient slots (BinnedMatrix::
  // WriteGradientSlots by the slots' holder): one-byte row builds read them from there.
  bool packed_in_rows = false;
  // Full precision as 64-bit fixed point (GradientQuantizer::ToFixedPoint; data-parallel
  // training): kPair64 builds read these instead of packed words.
  const int64_t* fixed_grad = nullptr;
  const int64_t* fixed_hess = nullptr;
};

// Row-wise: each row adds to every column's bin (one row's bins share a cache line; threads take
// blocks of rows into partial histograms). Column-wise: each column adds the leaf's rows into its
// own slice (small, cache-resident; threads take columns). kAuto picks per leaf.
enum class HistogramLayout : uint8_t { kAuto, kRowWise, kColumnWise };

class HistogramBuilder {
 public:
  // column_offsets[c] = first global bin of column c; size num_columns + 1.
  HistogramBuilder(const BinnedMatrix& matrix, std::vector<uint32_t> column_offsets, int threads,
                   HistogramLayout layout = HistogramLayout::kAuto);

  // Builds the histogram of `rows` (every row when empty) in `kind` into `out`.
  void Build(std::span<const int32_t> rows, const GradientView& gradients, HistKind kind,
             Histogram* out);

  int total_bins() const { return static_cast<int>(column_offsets_.back()); }
  // Whether row-wise builds use padded histograms (one-byte cells, small enough histograms).
  bool UsesPaddedRows() const { return strided_; }
  // Whether a leaf of `leaf_rows` rows is built column-wise.
  bool UseColumnWise(int64_t leaf_rows) const;

 private:
  // kAuto: column-wise needs this many columns, and a leaf holding at least 1/kDenseLeafFraction
  // of all rows.
  static constexpr int kMinColumnsForColumnWise = 32;
  static constexpr int64_t kDenseLeafFraction = 4;
  // Padded (strided) row-wise histograms when they have at most kMaxPaddedBins bins, and either
  // at most kSmallPaddedBins (32 KiB at 4 bytes per bin) or at most 1.25x the compact count.
  static constexpr int64_t kMaxPaddedBins = 16384;
  static constexpr int64_t kSmallPaddedBins = 8192;

  // Builds with `acc` in the layout this leaf gets: column-wise, padded rows or compact rows.
  template <class Acc>
  void BuildInLayout(std::span<const int32_t> rows, const Acc& acc, int quant_bins, HistKind kind,
                     Histogram* out);
  template <class Acc>
  void BuildColumnWise(std::span<const int32_t> rows, const Acc& acc, HistKind kind,
                       Histogram* out);

  const BinnedMatrix& matrix_;
  std::vector<uint32_t> column_offsets_;
  int threads_;
  HistogramLayout layout_;
  int max_column_bins_ = 0;
  bool strided_ = false;                   // row-wise into padded histograms (one-byte cells)
  std::vector<uint64_t> strided_scratch_;  // strided: one padded histogram per block
  std::vector<Histogram> partials_;        // row-wise: one per block beyond the first
  std::vector<uint64_t> gathered_;         // column-wise: the leaf's gradient values in row order
  std::vector<uint64_t> column_scratch_;   // column-wise: two copies of a slice per thread
};

}  // namespace qgbm
