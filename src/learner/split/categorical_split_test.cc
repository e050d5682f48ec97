// Categorical split search on constructed histograms whose best split is known.
#include "learner/split/categorical_split.h"

#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

// A bin of `count` rows with hessian 1 each and gradient sum g (an integer, so the same sums
// serve as exact quantized sums with scale 1).
LeafSums Bin(int64_t g, int64_t count) {
  LeafSums s;
  s.ints = IntSum{g, count};
  s.g = static_cast<double>(g);
  s.h = static_cast<double>(count);
  s.count = count;
  return s;
}

LeafSums Total(const std::vector<LeafSums>& bins) {
  LeafSums t;
  for (const LeafSums& b : bins) {
    t.ints += b.ints;
    t.g += b.g;
    t.h += b.h;
    t.count += b.count;
  }
  return t;
}

SplitCandidate Find(const std::vector<LeafSums>& bins, const CategoricalOptions& cat,
                    bool quantized) {
  const QuantScale scale{1.0, 1.0, 4, true};
  SplitCandidate best;
  FindCategoricalSplit(3, bins, Total(bins), quantized ? &scale : nullptr, SplitOptions{}, cat,
                       &best);
  return best;
}

TEST(CategoricalSplitTest, FewCategoriesSplitOneAgainstTheRest) {
  // Three categories and the missing bin: 4 bins <= max_cat_to_onehot.
  const std::vector<LeafSums> bins = {Bin(10, 100), Bin(-90, 100), Bin(5, 100), Bin(0, 0)};
  for (bool quantized : {false, true}) {
    const SplitCandidate best = Find(bins, CategoricalOptions{}, quantized);
    ASSERT_TRUE(best.valid());
    EXPECT_EQ(best.column, 3);
    EXPECT_EQ(best.cat_bins, (std::vector<uint32_t>{1}));
    EXPECT_EQ(best.left.count, 100);
    EXPECT_EQ(best.right.count, 200);
    EXPECT_GT(best.left_output, 0.0);  // negative gradient: positive output
  }
}

// Eight categories: sorted by gradient / hessian, the negative ones form the best prefix.
TEST(CategoricalSplitTest, ManyCategoriesFindTheSortedSubset) {
  std::vector<LeafSums> bins;
  const int64_t g[8] = {40, 35, -60, 30, 45, -50, -55, 38};
  for (int64_t v : g) bins.push_back(Bin(v, 200));
  bins.push_back(Bin(3, 150));  // the missing bin always goes right
  CategoricalOptions cat;
  cat.min_data_per_group = 1;
  for (bool quantized : {false, true}) {
    const SplitCandidate best = Find(bins, cat, quantized);
    ASSERT_TRUE(best.valid());
    EXPECT_EQ(best.cat_bins, (std::vector<uint32_t>{2, 5, 6}));
    EXPECT_EQ(best.left.count, 600);
    EXPECT_EQ(best.right.count, 8 * 200 + 150 - 600);
  }
}

TEST(CategoricalSplitTest, QuantizedSumsFindTheSameSplitAsFloats) {
  std::vector<LeafSums> bins;
  for (int c = 0; c < 12; ++c) bins.push_back(Bin((c * 37) % 23 - 11, 120 + 10 * c));
  bins.push_back(Bin(0, 0));
  const SplitCandidate f = Find(bins, CategoricalOptions{}, false);
  const SplitCandidate q = Find(bins, CategoricalOptions{}, true);
  ASSERT_TRUE(f.valid());
  EXPECT_EQ(f.cat_bins, q.cat_bins);
  EXPECT_DOUBLE_EQ(f.gain, q.gain);
}

TEST(CategoricalSplitTest, LimitsAreRespected) {
  std::vector<LeafSums> bins;
  for (int c = 0; c < 10; ++c) bins.push_back(Bin(c < 5 ? -20 : 20, 50));
  bins.push_back(Bin(0, 0));
  CategoricalOptions cat;
  cat.max_cat_threshold = 2;
  cat.min_data_per_group = 1;
  SplitCandidate best = Find(bins, cat, false);
  ASSERT_TRUE(best.valid());
  EXPECT_LE(best.cat_bins.size(), 2u);
  // Every category below cat_smooth rows: nothing to sort, no split.
  cat.cat_smooth = 60;
  best = Find(bins, cat, false);
  EXPECT_FALSE(best.valid());
  // min_data_per_group larger than one side can hold: no split.
  cat.cat_smooth = 10;
  cat.max_cat_threshold = 32;
  cat.min_data_per_group = 300;
  best = Find(bins, cat, false);
  EXPECT_FALSE(best.valid());
}

}  // namespace
}  // namespace qgbm
