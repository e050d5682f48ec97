#include "common/fixed_point.h"

#include <cmath>
#include <cstdint>
#include <random>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

TEST(FixedPointTest, RoundsToNearestWithTiesToEven) {
  EXPECT_EQ(RoundScaled(0.0), 0);
  EXPECT_EQ(RoundScaled(2.4), 2);
  EXPECT_EQ(RoundScaled(2.6), 3);
  EXPECT_EQ(RoundScaled(-2.6), -3);
  EXPECT_EQ(RoundScaled(2.5), 2);
  EXPECT_EQ(RoundScaled(3.5), 4);
  EXPECT_EQ(RoundScaled(-2.5), -2);
  const double big = std::ldexp(1.0, 50) + 0.75;
  EXPECT_EQ(RoundScaled(big), (int64_t{1} << 50) + 1);
  EXPECT_EQ(RoundScaled(-big), -((int64_t{1} << 50) + 1));
}

TEST(FixedPointTest, AgreesWithRintOverTheWholeRange) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (int i = 0; i < 100000; ++i) {
    const double x = std::ldexp(unit(rng), static_cast<int>(rng() % 52));
    ASSERT_EQ(RoundScaled(x), static_cast<int64_t>(std::rint(x))) << x;
  }
}

TEST(FixedPointTest, ExponentLeavesRoomForEveryTerm) {
  for (const int64_t terms : {int64_t{1}, int64_t{1000}, int64_t{9500000}, int64_t{1} << 40}) {
    const int k = FixedPointExponent(terms);
    EXPECT_LE(k, 51);
    // terms values each at most 2^k in magnitude sum within 62 bits.
    EXPECT_LE(std::log2(static_cast<double>(terms)) + k, 62.0) << terms;
  }
  EXPECT_EQ(FixedPointExponent(9500000), 62 - 24);
}

}  // namespace
}  // namespace qgbm
