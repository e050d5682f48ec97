#include "learner/split/split_finder.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

// The best split of integer histograms found by enumerating every threshold and both missing
// directions with LeafGain, in the finder's order (columns, thresholds rising, missing right
// before missing left; the first strictly larger gain wins).
struct Reference {
  double gain = 0.0;
  int column = -1;
  bool default_left = false;
  IntSum left;
};

Reference BruteForce(const ColumnLayout& layout, const Histogram& hist, const LeafSums& leaf,
                     const QuantScale& scale, const SplitOptions& o) {
  const double factor = static_cast<double>(leaf.count) / static_cast<double>(leaf.ints.h);
  auto count = [&](const IntSum& s) {
    return scale.constant_hessian
               ? static_cast<double>(s.h)
               : static_cast<double>(static_cast<int64_t>(static_cast<double>(s.h) * factor + 0.5));
  };
  const double parent = LeafGain(leaf.g, leaf.h, o) + o.min_gain_to_split;
  Reference best;
  best.gain = 0.0;
  for (int c = 0; c < layout.num_columns(); ++c) {
    const uint32_t base = layout.offsets[static_cast<size_t>(c)];
    const int numeric = layout.num_numeric_bins[static_cast<size_t>(c)];
    const bool has_missing = layout.has_missing[static_cast<size_t>(c)] != 0;
    const IntSum missing = has_missing ? hist.IntAt(static_cast<int>(base) + numeric) : IntSum{};
    IntSum acc;
    for (int t = 0; t + 1 < numeric; ++t) {
      acc += hist.IntAt(static_cast<int>(base) + t);
      for (int v = 0; v < (has_missing && !(missing == IntSum{}) ? 2 : 1); ++v) {
        const IntSum l = v == 1 ? acc + missing : acc;
        const IntSum r = leaf.ints - l;
        const double lg = static_cast<double>(l.g) * scale.grad_scale;
        const double lh = static_cast<double>(l.h) * scale.hess_scale;
        const double rg = static_cast<double>(r.g) * scale.grad_scale;
        const double rh = static_cast<double>(r.h) * scale.hess_scale;
        const double lc = count(l), rc = static_cast<double>(leaf.count) - lc;
        if (lc < o.min_data_in_leaf || rc < o.min_data_in_leaf) continue;
        if (lh < o.min_sum_hessian_in_leaf || rh < o.min_sum_hessian_in_leaf) continue;
        const double gain = LeafGain(lg, lh, o) + LeafGain(rg, rh, o) - parent;
        if (gain > best.gain) best = {gain, c, v == 1, l};
      }
    }
  }
  return best;
}

// Random sparse integer histograms (empty bins, missing bins, a heavy bin), several penalties
// and row limits: the vectorized scan finds the brute-force gain, column, direction and sums.
TEST(SplitFinderTest, VectorizedScanMatchesBruteForce) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 300; ++trial) {
    ColumnLayout layout;
    layout.offsets.push_back(0);
    const int columns = 1 + static_cast<int>(rng() % 6);
    for (int c = 0; c < columns; ++c) {
      const int numeric = 2 + static_cast<int>(rng() % 40);
      const bool missing = rng() % 2 == 0;
      layout.num_numeric_bins.push_back(numeric);
      layout.has_missing.push_back(missing ? 1 : 0);
      layout.offsets.push_back(layout.offsets.back() + static_cast<uint32_t>(numeric) +
                               (missing ? 1u : 0u));
    }
    const int total = static_cast<int>(layout.offsets.back());
    // Every column holds the same rows: fill column 0 at random, copy its totals elsewhere by
    // drawing each column's split of the same rows.
    const int rows = 20 + static_cast<int>(rng() % 3000);
    const bool constant_hessian = rng() % 3 == 0;
    Histogram hist(total);
    hist.Reset(HistKind::kPair64);
    LeafSums leaf;
    std::vector<IntSum> bins(static_cast<size_t>(total));
    const double empty_rate = static_cast<double>(rng() % 90) / 100.0;
    for (int c = 0; c < columns; ++c) {
      const uint32_t base = layout.offsets[static_cast<size_t>(c)];
      const uint32_t end = layout.offsets[static_cast<size_t>(c) + 1];
      std::vector<double> weight(end - base);
      for (double& w : weight) {
        w = std::uniform_real_distribution<double>(0, 1)(rng) < empty_rate ? 0.0 : 1.0;
      }
      weight[rng() % weight.size()] += 5.0;  // a heavy bin
      std::discrete_distribution<int> pick(weight.begin(), weight.end());
      IntSum col;
      std::mt19937_64 rows_rng(static_cast<uint64_t>(trial));  // same rows in every column
      for (int r = 0; r < rows; ++r) {
        const int g = static_cast<int>(rows_rng() % 5) - 2;
        const int h = constant_hessian ? 2 : 1 + static_cast<int>(rows_rng() % 3);
        const auto b = base + static_cast<uint32_t>(pick(rng));
        bins[b] += IntSum{g, h};
        col += IntSum{g, h};
      }
      leaf.ints = col;
    }
    for (int b = 0; b < total; ++b) hist.SetInt(b, bins[static_cast<size_t>(b)]);
    QuantScale scale;
    scale.grad_scale = 0.013;
    scale.hess_scale = 0.0071;
    scale.constant_hessian = constant_hessian;
    leaf.g = static_cast<double>(leaf.ints.g) * scale.grad_scale;
    leaf.h = static_cast<double>(leaf.ints.h) * scale.hess_scale;
    leaf.count = rows;
    SplitOptions o;
    o.min_data_in_leaf = static_cast<int>(rng() % 40);
    o.min_sum_hessian_in_leaf = (rng() % 2 == 0) ? 1e-3 : 0.5;
    o.lambda_l1 = (rng() % 2 == 0) ? 0.0 : 0.05;
    o.lambda_l2 = (rng() % 2 == 0) ? 0.0 : 1.0;
    const SplitFinder finder(layout, o);
    const Reference want = BruteForce(layout, hist, leaf, scale, o);
    const SplitCandidate got = finder.FindBestSplit(hist, leaf, &scale, {}, 1);
    ASSERT_EQ(got.valid(), want.column >= 0) << "trial " << trial;
    if (!got.valid()) continue;
    EXPECT_EQ(got.column, want.column) << "trial " << trial;
    EXPECT_EQ(got.default_left, want.default_left) << "trial " << trial;
    EXPECT_EQ(got.left.ints, want.left) << "trial " << trial;
    EXPECT_NEAR(got.gain, want.gain, 1e-9 * std::fabs(want.gain)) << "trial " << trial;
  }
}

}  // namespace
}  // namespace qgbm
