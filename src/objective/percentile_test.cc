#include "objective/percentile.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

double Plain(std::vector<double> v, double alpha) { return Percentile(v, alpha); }

// Reference values computed offline with LightGBM 4.6.0: the initial score (boost_from_average)
// of regression_l1 and quantile on these labels, with and without these weights.
TEST(PercentileTest, MatchesLightGbmInitialScores) {
  const std::vector<double> y = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5.5};
  const std::vector<float> w = {1, 2, 0.5f, 1, 3, 1, 1, 2, 1, 0.25f, 1.5f};
  EXPECT_NEAR(Plain(y, 0.5), 4.0, 1e-6);
  EXPECT_NEAR(WeightedPercentile(y, w, 0.5), 2.375, 1e-6);
  EXPECT_NEAR(Plain(y, static_cast<float>(0.9)), 6.0, 1e-5);
  EXPECT_NEAR(WeightedPercentile(y, w, static_cast<float>(0.9)), 5.2875, 1e-5);
  EXPECT_NEAR(Plain(y, static_cast<float>(0.25)), 2.5, 1e-6);
  EXPECT_NEAR(WeightedPercentile(y, w, static_cast<float>(0.25)), 0.5625, 1e-6);
}

TEST(PercentileTest, EdgeCases) {
  EXPECT_EQ(Plain({}, 0.5), 0.0);
  EXPECT_EQ(Plain({7.0}, 0.1), 7.0);
  EXPECT_EQ(WeightedPercentile(std::vector<double>{7.0}, std::vector<float>{2.0f}, 0.5), 7.0);
  EXPECT_NEAR(Plain({1, 2, 3}, 0.999999), 3.0, 1e-5);  // the top
  EXPECT_EQ(Plain({1, 2, 3}, 1e-9), 1.0);              // the bottom
}

// Unweighted percentiles are linear interpolation between order statistics: numpy's default.
TEST(PercentileTest, UnweightedIsLinearInterpolationOfOrderStatistics) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> unit(-5.0, 5.0);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> v(2 + rng() % 60);
    for (double& x : v) x = std::round(unit(rng) * 4) / 4;             // ties
    const double alpha = 0.5 + 0.25 * static_cast<double>(trial % 3);  // exact in float
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const double pos = alpha * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<size_t>(pos);
    const double hi = sorted[std::min(lo + 1, v.size() - 1)];
    const double expected = sorted[lo] + (hi - sorted[lo]) * (pos - static_cast<double>(lo));
    EXPECT_NEAR(Plain(v, alpha), expected, 1e-12) << "trial " << trial;
  }
}

TEST(PercentileTest, ResidualPercentileUsesOnlyTheGivenRows) {
  const std::vector<float> labels = {100, 1, 2, 3, -100};
  const std::vector<double> scores = {0, 0, 0, 0, 0};
  const std::vector<int32_t> rows = {1, 2, 3};
  EXPECT_DOUBLE_EQ(ResidualPercentile(rows, scores, LabelView{labels, {}, {}}, 0.5), 2.0);
  const std::vector<float> weights = {1, 1, 1, 5, 1};
  // cdf 1, 2, 7; threshold 3.5 → the last position: 3.
  EXPECT_DOUBLE_EQ(ResidualPercentile(rows, scores, LabelView{labels, weights, {}}, 0.5), 3.0);
}

}  // namespace
}  // namespace qgbm
