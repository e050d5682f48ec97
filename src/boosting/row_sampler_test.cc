#include "boosting/row_sampler.h"

#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

TEST(RowSamplerTest, BagHasTheRequestedFractionAndChangesWithIteration) {
  const auto a = BagRows(100000, 0.8, 3, 0), b = BagRows(100000, 0.8, 3, 1);
  EXPECT_NEAR(static_cast<double>(a.size()) / 100000.0, 0.8, 0.01);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, BagRows(100000, 0.8, 3, 0));
  for (size_t i = 1; i < a.size(); ++i) ASSERT_LT(a[i - 1], a[i]);
}

TEST(RowSamplerTest, BalancedBagKeepsEachClassItsFraction) {
  std::vector<float> labels(100000);
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = i % 4 == 0 ? 1.0f : 0.0f;
  const auto bag = BagRowsByLabel(labels, 0.9, 0.2, 3, 5, 7);
  double pos = 0, neg = 0;
  for (int32_t r : bag) (labels[static_cast<size_t>(r)] > 0 ? pos : neg) += 1;
  EXPECT_NEAR(pos / 25000.0, 0.9, 0.01);
  EXPECT_NEAR(neg / 75000.0, 0.2, 0.01);
  for (size_t i = 1; i < bag.size(); ++i) ASSERT_LT(bag[i - 1], bag[i]);
  // Equal fractions draw exactly the plain bag (same draws, same rows).
  EXPECT_EQ(BagRowsByLabel(labels, 0.6, 0.6, 3, 5, 7), BagRows(100000, 0.6, 3, 5, 7));
}

TEST(RowSamplerTest, ColumnSampleKeepsRoundedFraction) {
  const auto m = SampleColumns(10, 0.55, 2, 7);
  int kept = 0;
  for (uint8_t v : m) kept += v;
  EXPECT_EQ(kept, 6);
  EXPECT_EQ(SampleColumns(3, 0.01, 2, 7).size(), 3u);
  int one = 0;
  for (uint8_t v : SampleColumns(3, 0.01, 2, 7)) one += v;
  EXPECT_EQ(one, 1);
}

}  // namespace
}  // namespace qgbm
