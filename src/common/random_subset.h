// A seeded random subset of columns, the same on every machine and thread count: the candidates
// with the smallest draws under a key. Tree-level (feature_fraction) and node-level
// (feature_fraction_bynode) column sampling both use it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/random.h"

namespace qgbm {

// out[c] = 1 for round(fraction * n) (at least 1) of the n candidates (candidates[c] != 0;
// every column when candidates is empty), 0 elsewhere; out has `columns` entries.
inline void KeepRandomSubset(int columns, const std::vector<uint8_t>& candidates, double fraction,
                             uint64_t key, std::vector<uint8_t>* out) {
  thread_local std::vector<std::pair<uint64_t, int>> draws;
  draws.clear();
  for (int c = 0; c < columns; ++c) {
    if (candidates.empty() || candidates[static_cast<size_t>(c)] != 0)
      draws.emplace_back(RandomBits(key, static_cast<uint64_t>(c)), c);
  }
  out->assign(static_cast<size_t>(columns), 0);
  if (draws.empty()) return;
  const int n = static_cast<int>(draws.size());
  const int keep = std::min(n, std::max(1, static_cast<int>(std::lround(fraction * n))));
  std::sort(draws.begin(), draws.end());
  for (int i = 0; i < keep; ++i)
    (*out)[static_cast<size_t>(draws[static_cast<size_t>(i)].second)] = 1;
}

}  // namespace qgbm
