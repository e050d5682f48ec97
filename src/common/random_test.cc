#include "common/random.h"

#include <gtest/gtest.h>

namespace qgbm {
namespace {

TEST(RandomTest, SameKeyAndIndexGiveSameDraw) {
  const uint64_t key = RandomKey(42, RandomStream::kBagging, 7);
  EXPECT_EQ(RandomBits(key, 123), RandomBits(key, 123));
  EXPECT_NE(RandomBits(key, 123), RandomBits(key, 124));
  EXPECT_NE(RandomKey(42, RandomStream::kBagging, 7), RandomKey(42, RandomStream::kBagging, 8));
  EXPECT_NE(RandomKey(42, RandomStream::kBagging, 7),
            RandomKey(42, RandomStream::kGradientRounding, 7));
}

TEST(RandomTest, UniformIsInUnitIntervalWithMeanOneHalf) {
  const uint64_t key = RandomKey(1, RandomStream::kGradientRounding, 0);
  double sum = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = RandomUniform(key, static_cast<uint64_t>(i));
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
}

}  // namespace
}  // namespace qgbm
