#include "boosting/row_sampler.h"

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
