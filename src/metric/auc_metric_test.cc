#include "metric/auc_metric.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

double Auc(const std::vector<double>& p, const std::vector<float>& y,
           const std::vector<float>& w = {}, int threads = 1) {
  return AucMetric().Evaluate(p, LabelView{y, w, {}}, threads);
}

// Definition: Σ over (positive i, negative j) of w_i w_j ([p_i > p_j] + ½ [p_i == p_j]) / (W+ W-).
double BruteForceAuc(const std::vector<double>& p, const std::vector<float>& y,
                     const std::vector<float>& w) {
  double num = 0.0, pos = 0.0, neg = 0.0;
  for (size_t i = 0; i < p.size(); ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    (y[i] > 0 ? pos : neg) += wi;
    if (y[i] <= 0) continue;
    for (size_t j = 0; j < p.size(); ++j) {
      if (y[j] > 0) continue;
      const double wj = w.empty() ? 1.0 : w[j];
      num += wi * wj * (p[i] > p[j] ? 1.0 : p[i] == p[j] ? 0.5 : 0.0);
    }
  }
  return num / (pos * neg);
}

TEST(AucMetricTest, HandComputedWithTies) {
  // Positives 0.8, 0.4; negatives 0.4, 0.1. Pairs: (0.8,0.4)=1 (0.8,0.1)=1 (0.4,0.4)=½ (0.4,0.1)=1.
  EXPECT_DOUBLE_EQ(Auc({0.8, 0.4, 0.4, 0.1}, {1, 1, 0, 0}), 3.5 / 4.0);
  EXPECT_DOUBLE_EQ(Auc({0.1, 0.9}, {1, 0}), 0.0);
  EXPECT_DOUBLE_EQ(Auc({0.3, 0.3, 0.3}, {1, 0, 1}), 0.5);
}

TEST(AucMetricTest, WeightedByHand) {
  // Pair weights: (0.8,0.4): 2*3, (0.8,0.1): 2*1, (0.4,0.4) tie: 1*3*½, (0.4,0.1): 1*1.
  const double expected = (6.0 + 2.0 + 1.5 + 1.0) / (3.0 * 4.0);
  EXPECT_DOUBLE_EQ(Auc({0.8, 0.4, 0.4, 0.1}, {1, 1, 0, 0}, {2, 1, 3, 1}), expected);
}

TEST(AucMetricTest, OneClassOrEmptyIsOne) {
  EXPECT_EQ(Auc({0.1, 0.7}, {1, 1}), 1.0);
  EXPECT_EQ(Auc({0.1, 0.7}, {0, 0}), 1.0);
  EXPECT_EQ(Auc({}, {}), 1.0);
  EXPECT_EQ(Auc({0.1, 0.7}, {1, 0}, {0, 1}), 1.0);  // all positive weight is zero
}

TEST(AucMetricTest, NaNPredictionGivesNaN) {
  EXPECT_TRUE(std::isnan(Auc({0.1, std::numeric_limits<double>::quiet_NaN()}, {1, 0})));
}

// Reference values computed offline with scikit-learn 1.5.2 roc_auc_score on these arrays.
TEST(AucMetricTest, MatchesScikitLearn) {
  const std::vector<float> y = {0, 1, 1, 0, 1, 0, 0, 1, 1, 0};
  const std::vector<double> p = {0.1, 0.8, 0.35, 0.35, 0.9, 0.6, 0.2, 0.6, 0.35, 0.05};
  const std::vector<float> w = {1.0f, 2.0f, 0.5f, 1.5f, 1.0f, 3.0f, 0.25f, 1.0f, 2.0f, 0.75f};
  EXPECT_NEAR(Auc(p, y), 0.86, 1e-15);
  EXPECT_NEAR(Auc(p, y, w), 0.742603550295858, 1e-14);
}

TEST(AucMetricTest, MatchesBruteForceOnRandomDataWithTies) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    const size_t n = 50 + rng() % 400;
    const int levels = 1 + static_cast<int>(rng() % 20);  // few distinct scores → many ties
    std::vector<double> p(n);
    std::vector<float> y(n), w(n);
    for (size_t i = 0; i < n; ++i) {
      p[i] = static_cast<double>(rng() % static_cast<uint64_t>(levels)) / levels;
      y[i] = rng() % 3 == 0 ? 1.0f : 0.0f;
      w[i] = static_cast<float>(rng() % 100) / 25.0f;
    }
    EXPECT_NEAR(Auc(p, y), BruteForceAuc(p, y, {}), 1e-12) << "trial " << trial;
    EXPECT_NEAR(Auc(p, y, w), BruteForceAuc(p, y, w), 1e-12) << "trial " << trial;
  }
}

// The AUC of a plain comparison sort and group sweep, for large inputs.
double SortedSweepAuc(const std::vector<double>& p, const std::vector<float>& y,
                      const std::vector<float>& w) {
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  double area = 0.0, below = 0.0, positives = 0.0;
  for (size_t i = 0; i < order.size();) {
    double pos = 0.0, neg = 0.0;
    const double score = p[order[i]];
    for (; i < order.size() && p[order[i]] == score; ++i) {
      const double wi = w.empty() ? 1.0 : w[order[i]];
      (y[order[i]] > 0 ? pos : neg) += wi;
    }
    area += pos * (below + 0.5 * neg);
    below += neg;
    positives += pos;
  }
  return area / (positives * below);
}

// The radix sort orders the top 33 bits of each score's key, then runs that share them. Scores
// that differ only in their low bits (long runs: sorted whole; short runs: by insertion), exact
// ties, signed zeros and negative scores give the AUC of a plain sort, bit for bit the same for
// any thread count.
TEST(AucMetricTest, RadixSortedAucMatchesPlainSortForAnyThreads) {
  std::mt19937_64 rng(5);
  const size_t n = 200'003;
  std::vector<double> p(n);
  std::vector<float> y(n), w(n);
  for (size_t i = 0; i < n; ++i) {
    switch (rng() % 4) {
      case 0:
        p[i] = static_cast<double>(rng() % 5000) * 1e-3;  // many exact ties
        break;
      case 1:
        p[i] = 0.5 + static_cast<double>(rng() % 4096) * 1e-15;  // one long run of top bits
        break;
      case 2:
        // short runs (about 10 rows) of scores that differ in their low bits
        p[i] = -1.0 - static_cast<double>(rng() % 5000) * 1e-3 -
               static_cast<double>(rng() % 8) * 1e-14;
        break;
      default:
        p[i] = (rng() % 2 == 0 ? -0.0 : 0.0);
        break;
    }
    y[i] = static_cast<float>(rng() % 3 == 0);
    w[i] = static_cast<float>(1 + rng() % 4) * 0.25f;
  }
  for (const std::vector<float>& weights : {std::vector<float>{}, w}) {
    const double want = SortedSweepAuc(p, y, weights);
    const double one = Auc(p, y, weights, 1);
    EXPECT_NEAR(one, want, 1e-12);
    for (int threads : {2, 3, 8}) EXPECT_EQ(Auc(p, y, weights, threads), one) << threads;
  }
}

TEST(AucMetricTest, ParallelSortGivesTheSequentialOrder) {
  std::mt19937_64 rng(9);
  const size_t n = 300'007;  // 9 sort blocks: merges of uneven run counts
  std::vector<double> p(n);
  for (double& v : p) v = static_cast<double>(rng() % 5000) * 1e-3;  // many ties
  p[17] = -0.0;
  p[18] = 0.0;
  std::vector<int64_t> expected(n);
  std::iota(expected.begin(), expected.end(), int64_t{0});
  std::sort(expected.begin(), expected.end(), [&](int64_t a, int64_t b) {
    return p[static_cast<size_t>(a)] < p[static_cast<size_t>(b)] ||
           (p[static_cast<size_t>(a)] == p[static_cast<size_t>(b)] && a < b);
  });
  for (const int threads : {1, 3, 8}) EXPECT_EQ(OrderByScore(p, threads), expected) << threads;
}

}  // namespace
}  // namespace qgbm
