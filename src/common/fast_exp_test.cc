#include "common/fast_exp.h"

#include <cmath>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

TEST(FastExpTest, MatchesLibmWithinThreeUlp) {
  // Below about -80 results approach the denormal range, where ulps shrink; see the header.
  for (float x = -80.0f; x <= 88.0f; x += 0.00137f) {
    const float want = std::exp(x);
    const float got = ExpFloat(x);
    ASSERT_NEAR(got, want, 3.0f * (std::nextafter(want, INFINITY) - want)) << "x=" << x;
  }
  EXPECT_EQ(ExpFloat(0.0f), 1.0f);
}

TEST(FastExpTest, ClampsInsteadOfOverflowing) {
  EXPECT_TRUE(std::isfinite(ExpFloat(1000.0f)));
  EXPECT_GT(ExpFloat(-1000.0f), 0.0f);
}

}  // namespace
}  // namespace qgbm
