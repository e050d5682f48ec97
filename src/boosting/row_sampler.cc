#include "boosting/row_sampler.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "common/random.h"
#include "common/random_subset.h"

namespace qgbm {

std::vector<int32_t> BagRows(int64_t num_rows, double fraction, uint64_t seed, uint64_t iteration,
                             int64_t row_offset) {
  const uint64_t key = RandomKey(seed, RandomStream::kBagging, iteration);
  std::vector<int32_t> rows;
  rows.reserve(static_cast<size_t>(static_cast<double>(num_rows) * fraction * 1.05) + 16);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (RandomUniform(key, static_cast<uint64_t>(row_offset + r)) < fraction)
      rows.push_back(static_cast<int32_t>(r));
  }
  return rows;
}

std::vector<int32_t> BagRowsByLabel(std::span<const float> labels, double pos_fraction,
                                    double neg_fraction, uint64_t seed, uint64_t iteration,
                                    int64_t row_offset) {
  const uint64_t key = RandomKey(seed, RandomStream::kBagging, iteration);
  std::vector<int32_t> rows;
  const auto n = static_cast<int64_t>(labels.size());
  for (int64_t r = 0; r < n; ++r) {
    const double fraction = labels[static_cast<size_t>(r)] > 0.0f ? pos_fraction : neg_fraction;
    if (RandomUniform(key, static_cast<uint64_t>(row_offset + r)) < fraction)
      rows.push_back(static_cast<int32_t>(r));
  }
  return rows;
}

std::vector<uint8_t> SampleColumns(int columns, double fraction, uint64_t seed, uint64_t counter) {
  std::vector<uint8_t> mask(static_cast<size_t>(columns), 1);
  if (fraction >= 1.0 || columns == 0) return mask;
  KeepRandomSubset(columns, {}, fraction, RandomKey(seed, RandomStream::kFeatureSampling, counter),
                   &mask);
  return mask;
}

}  // namespace qgbm
