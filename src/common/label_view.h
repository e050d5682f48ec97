// LabelView: what objectives fit and metrics score besides the predictions: each row's label, an
// optional weight and, for ranking, the query groups (consecutive rows; sizes sum to the rows).
#pragma once

#include <cstdint>
#include <span>

namespace qgbm {

struct LabelView {
  std::span<const float> labels;
  std::span<const float> weights;        // empty = unweighted
  std::span<const int32_t> group_sizes;  // empty = no query groups
  // Global id of row 0 (data-parallel training: this machine's rows start there), for draws
  // keyed by row so that they do not depend on how rows are split across machines.
  int64_t row_offset = 0;

  int64_t num_rows() const { return static_cast<int64_t>(labels.size()); }
  bool weighted() const { return !weights.empty(); }
};

}  // namespace qgbm
