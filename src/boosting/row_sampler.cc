#include "boosting/row_sampler.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "common/random.h"

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

std::vector<uint8_t> SampleColumns(int columns, double fraction, uint64_t seed, uint64_t counter) {
  std::vector<uint8_t> mask(static_cast<size_t>(columns), 1);
  if (fraction >= 1.0 || columns == 0) return mask;
  const int keep = std::max(1, static_cast<int>(std::lround(fraction * columns)));
  const uint64_t key = RandomKey(seed, RandomStream::kFeatureSampling, counter);
  std::vector<std::pair<uint64_t, int>> draws;
  for (int c = 0; c < columns; ++c)
    draws.emplace_back(RandomBits(key, static_cast<uint64_t>(c)), c);
  std::sort(draws.begin(), draws.end());
  std::fill(mask.begin(), mask.end(), 0);
  for (int i = 0; i < keep; ++i)
    mask[static_cast<size_t>(draws[static_cast<size_t>(i)].second)] = 1;
  return mask;
}

}  // namespace qgbm
