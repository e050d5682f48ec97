// SplitCandidate: the best split found for a leaf, with everything its children need.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "gradient/packed.h"

namespace qgbm {

// Sums describing a leaf. `ints` is exact (quantized training: the sum of the leaf's packed
// rows); g/h are floats (dequantized ints, or float sums in full precision).
struct LeafSums {
  IntSum ints;
  double g = 0.0;
  double h = 0.0;
  int64_t count = 0;
};

struct SplitCandidate {
  int column = -1;             // used column index; -1 = no valid split
  uint32_t threshold_bin = 0;  // numeric bins <= threshold_bin go left
  bool default_left = false;   // where the missing bin goes
  double gain = -std::numeric_limits<double>::infinity();
  LeafSums left, right;  // counts are estimates until the partition confirms them
  double left_output = 0.0;
  double right_output = 0.0;
  std::vector<uint32_t> cat_bins;  // categorical split: the bins that go left, ascending

  bool valid() const { return column >= 0; }
  // Deterministic order: higher gain, then lower column, then lower bin.
  bool BetterThan(const SplitCandidate& o) const {
    if (gain != o.gain) return gain > o.gain;
    if (column != o.column) return o.column < 0 || (column >= 0 && column < o.column);
    return threshold_bin < o.threshold_bin;
  }
};

}  // namespace qgbm
