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
};

class HistogramBuilder {
 public:
  // column_offsets[c] = first global bin of column c; size num_columns + 1.
  HistogramBuilder(const BinnedMatrix& matrix, std::vector<uint32_t> column_offsets, int threads);

  // Builds the histogram of `rows` (every row when empty) in `kind` into `out`.
  void Build(std::span<const int32_t> rows, const GradientView& gradients, HistKind kind,
             Histogram* out);

  int total_bins() const { return static_cast<int>(column_offsets_.back()); }

 private:
  const BinnedMatrix& matrix_;
  std::vector<uint32_t> column_offsets_;
  int threads_;
  std::vector<Histogram> partials_;  // one per block beyond the first
};

}  // namespace qgbm
