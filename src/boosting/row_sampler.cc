#include "boosting/row_sampler.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "common/random.h"
#include "common/random_subset.h"

namespace qgbm {

namespace {

// Rows r of n (ascending) whose draw under (seed, iteration, global id row_offset + r) is below
// fraction_of(r).
template <class FractionOf>
std::vector<int32_t> DrawRows(int64_t n, uint64_t seed, uint64_t iteration, int64_t row_offset,
                              double expected_fraction, FractionOf fraction_of) {
  const uint64_t key = RandomKey(seed, RandomStream::kBagging, iteration);
  std::vector<int32_t> rows;
  rows.reserve(static_cast<size_t>(static_cast<double>(n) * expected_fraction * 1.05) + 16);
  for (int64_t r = 0; r < n; ++r) {
    if (RandomUniform(key, static_cast<uint64_t>(row_offset + r)) < fraction_of(r))
      rows.push_back(static_cast<int32_t>(r));
  }
  return rows;
}

}  // namespace

std::vector<int32_t> BagRows(int64_t num_rows, double fraction, uint64_t seed, uint64_t iteration,
                             int64_t row_offset) {
  return DrawRows(num_rows, seed, iteration, row_offset, fraction,
                  [fraction](int64_t) { return fraction; });
}

std::vector<int32_t> BagRowsByLabel(std::span<const float> labels, double pos_fraction,
                                    double neg_fraction, uint64_t seed, uint64_t iteration,
                                    int64_t row_offset) {
  return DrawRows(static_cast<int64_t>(labels.size()), seed, iteration, row_offset,
                  std::max(pos_fraction, neg_fraction), [&](int64_t r) {
                    return labels[static_cast<size_t>(r)] > 0.0f ? pos_fraction : neg_fraction;
                  });
}

std::vector<uint8_t> SampleColumns(int columns, double fraction, uint64_t seed, uint64_t counter) {
  std::vector<uint8_t> mask(static_cast<size_t>(columns), 1);
  if (fraction >= 1.0 || columns == 0) return mask;
  KeepRandomSubset(columns, {}, fraction, RandomKey(seed, RandomStream::kFeatureSampling, counter),
                   &mask);
  return mask;
}

}  // namespace qgbm
