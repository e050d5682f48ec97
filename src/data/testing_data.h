// Synthetic RawData for unit tests of data/, learner/ and boosting/.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "common/random.h"
#include "io/raw_data.h"

namespace qgbm::testing {

// rows x features uniform values in [0, 1) (a few NaN when missing_rate > 0); binary labels from
// a fixed rule with noise, or regression targets when `regression`.
inline RawData MakeRawData(int64_t rows, int features, uint64_t seed, bool regression = false,
                           double missing_rate = 0.0) {
  RawData d;
  d.num_rows = rows;
  d.num_features = features;
  d.values.resize(static_cast<size_t>(rows * features));
  d.labels.resize(static_cast<size_t>(rows));
  const uint64_t key = RandomKey(seed, RandomStream::kBinSample, 99);
  for (int64_t r = 0; r < rows; ++r) {
    double score = 0.0;
    for (int f = 0; f < features; ++f) {
      const uint64_t i = static_cast<uint64_t>(r * features + f);
      float v = static_cast<float>(RandomUniform(key, i));
      if (missing_rate > 0.0 && RandomUniform(key ^ 0x55, i) < missing_rate)
        v = std::numeric_limits<float>::quiet_NaN();
      d.values[i] = v;
      const double x = std::isnan(v) ? 0.5 : v;
      score += (f % 2 == 0 ? 1.0 : -0.7) * std::sin(3.0 * x + f);
    }
    const double noise = RandomUniform(key ^ 0xABC, static_cast<uint64_t>(r)) - 0.5;
    d.labels[static_cast<size_t>(r)] =
        regression ? static_cast<float>(score + noise) : (score + noise > 0.0 ? 1.0f : 0.0f);
  }
  for (int f = 0; f < features; ++f) d.feature_names.push_back("f" + std::to_string(f));
  d.source = "synthetic";
  return d;
}

}  // namespace qgbm::testing
