// Random models and rows that stress the exactness of prediction (test-only header): double
// thresholds that no float equals, thresholds of +-inf, beyond the float range and among
// denormals, one-leaf trees, NaN defaults both ways, and row values on and next to thresholds.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "model/model.h"
#include "model/tree.h"
#include "predict/float_threshold.h"

namespace qgbm::testing {

inline double HardThreshold(std::mt19937_64& rng) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  constexpr double kFloatMax = std::numeric_limits<float>::max();
  static const double kSpecial[] = {kInf,    -kInf,      1e300, -1e300, kFloatMax, -kFloatMax,
                                    1e-320,  -1e-320,    1e-50, -1e-50, 0.0,       -0.0,
                                    1.0 / 3, -2.0 / 3.0, 0.1,   1e39,   -1e39,     1e-45};
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  switch (rng() % 4) {
    case 0:
      return kSpecial[rng() % std::size(kSpecial)];
    case 1:
      return static_cast<float>(unit(rng));  // exactly a float
    default:
      return unit(rng);  // almost never a float
  }
}

// `num_trees` trees of up to `max_leaves` leaves (some with one leaf), K = k outputs, random
// splits with thresholds from threshold(rng).
template <class ThresholdFn>
Model RandomModelWith(int num_trees, int k, int num_features, int max_leaves,
                      ThresholdFn&& threshold, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  Model m;
  m.num_tree_per_iteration = k;
  m.num_features = num_features;
  m.feature_names.assign(static_cast<size_t>(num_features), "f");
  for (int i = 0; i < k; ++i) m.init_score.push_back(unit(rng));
  for (int t = 0; t < num_trees; ++t) {
    Tree tree;
    const int splits = static_cast<int>(rng() % static_cast<uint64_t>(max_leaves));
    for (int s = 0; s < splits; ++s) {
      tree.Split(static_cast<int>(rng() % static_cast<uint64_t>(tree.num_leaves())),
                 static_cast<int>(rng() % static_cast<uint64_t>(num_features)), threshold(rng),
                 rng() % 2 == 0, 1.0, unit(rng) * 0.1, unit(rng) * 0.1, 1, 1, 1.0, 1.0);
    }
    m.trees.push_back(tree);
  }
  return m;
}

// Thresholds that are hard to compare exactly (see HardThreshold).
inline Model RandomHardModel(int num_trees, int k, int num_features, int max_leaves,
                             std::mt19937_64& rng) {
  return RandomModelWith(num_trees, k, num_features, max_leaves, HardThreshold, rng);
}

// Row values: NaN, +-inf, random, and the float at, just below and just above a threshold the
// model compares that column with.
inline std::vector<float> RandomHardRows(const Model& m, int64_t num_rows, int stride,
                                         std::mt19937_64& rng) {
  std::vector<std::vector<double>> thresholds(static_cast<size_t>(m.num_features));
  for (const Tree& tree : m.trees) {
    for (int n = 0; n < tree.num_internal(); ++n) {
      const auto f = static_cast<size_t>(tree.split_feature()[static_cast<size_t>(n)]);
      thresholds[f].push_back(tree.threshold()[static_cast<size_t>(n)]);
    }
  }
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  std::vector<float> rows(static_cast<size_t>(num_rows * stride));
  for (int64_t r = 0; r < num_rows; ++r) {
    for (int c = 0; c < stride; ++c) {
      float& v = rows[static_cast<size_t>(r * stride + c)];
      const std::vector<double>* near =
          c < m.num_features ? &thresholds[static_cast<size_t>(c)] : nullptr;
      const uint64_t kind = rng() % 10;
      if (kind == 0) {
        v = std::numeric_limits<float>::quiet_NaN();
      } else if (kind == 1) {
        v = rng() % 2 == 0 ? kInf : -kInf;
      } else if (kind < 5 || near == nullptr || near->empty()) {
        v = unit(rng);
      } else {
        // The largest float at or below the threshold, and its neighbours: the values where a
        // float comparison could first disagree with the double one.
        v = FloatThresholdBelow((*near)[rng() % near->size()]);
        if (kind == 6) v = std::nextafter(v, kInf);
        if (kind == 7) v = std::nextafter(v, -kInf);
      }
    }
  }
  return rows;
}

}  // namespace qgbm::testing
