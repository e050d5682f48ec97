#include "gradient/gradient_quantizer.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "gradient/packed.h"

namespace qgbm {
namespace {

// Mean of many stochastic roundings of the same value converges to the value (unbiasedness).
TEST(GradientQuantizerTest, StochasticRoundingIsUnbiased) {
  const int n = 200000;
  const float value = 0.37f;
  std::vector<float> grad(n, value), hess(n, 0.61f);
  grad[0] = 1.0f;  // fixes max|g| = 1 so the scale is 1 / floor(B/2)
  hess[0] = 1.0f;
  for (int bins : {2, 4, 6, 127}) {
    GradientQuantizer q({bins, true, 7});
    std::vector<uint16_t> packed(n);
    QuantScale scale;
    ASSERT_TRUE(q.Quantize(grad, hess, {}, false, 3, 2, packed, &scale).ok());
    double gsum = 0.0, hsum = 0.0;
    for (int i = 1; i < n; ++i) {
      gsum += PackedRowGrad(packed[i]) * scale.grad_scale;
      hsum += PackedRowHess(packed[i]) * scale.hess_scale;
    }
    EXPECT_NEAR(gsum / (n - 1), value, 0.004) << "B=" << bins;
    EXPECT_NEAR(hsum / (n - 1), 0.61, 0.004) << "B=" << bins;
  }
}

TEST(GradientQuantizerTest, LevelsStayInRangeIncludingExtremes) {
  std::vector<float> grad = {-3.0f, 3.0f, -2.9999f, 0.0f, 1e-30f, -1e-30f, 2.5f};
  std::vector<float> hess = {0.0f, 5.0f, 4.99999f, 1.0f, 2.0f, 3.0f, 0.5f};
  for (int bins : {2, 3, 4, 30, 127}) {
    GradientQuantizer q({bins, true, 1});
    std::vector<uint16_t> packed(grad.size());
    QuantScale scale;
    ASSERT_TRUE(q.Quantize(grad, hess, {}, false, 0, 1, packed, &scale).ok());
    for (uint16_t p : packed) {
      EXPECT_LE(std::abs(PackedRowGrad(p)), bins / 2);
      EXPECT_LE(PackedRowHess(p), bins);
    }
    EXPECT_EQ(PackedRowGrad(packed[0]), -(bins / 2));
    EXPECT_EQ(PackedRowGrad(packed[1]), bins / 2);
    EXPECT_EQ(PackedRowHess(packed[1]), bins);
  }
}

TEST(GradientQuantizerTest, ConstantHessianCountsRows) {
  std::vector<float> grad = {0.5f, -0.25f, 1.0f}, hess = {1.0f, 1.0f, 1.0f};
  GradientQuantizer q({4, true, 1});
  std::vector<uint16_t> packed(3);
  QuantScale scale;
  ASSERT_TRUE(q.Quantize(grad, hess, {}, true, 0, 1, packed, &scale).ok());
  for (uint16_t p : packed) EXPECT_EQ(PackedRowHess(p), 1);
  EXPECT_DOUBLE_EQ(scale.hess_scale, 1.0);
}

TEST(GradientQuantizerTest, AllZeroGradientsGiveZeroLevelsNotNaN) {
  std::vector<float> grad(100, 0.0f), hess(100, 0.0f);
  GradientQuantizer q({4, true, 1});
  std::vector<uint16_t> packed(100, 0xFFFF);
  QuantScale scale;
  ASSERT_TRUE(q.Quantize(grad, hess, {}, false, 0, 2, packed, &scale).ok());
  EXPECT_EQ(scale.grad_scale, 0.0);
  for (uint16_t p : packed) EXPECT_EQ(p, 0);
}

TEST(GradientQuantizerTest, NonFiniteGradientIsAnErrorNamingTheRow) {
  std::vector<float> grad = {0.1f, std::numeric_limits<float>::quiet_NaN(), 0.2f}, hess = {1, 1, 1};
  GradientQuantizer q({4, true, 1});
  std::vector<uint16_t> packed(3);
  QuantScale scale;
  const Status s = q.Quantize(grad, hess, {}, false, 0, 1, packed, &scale);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("row 1"), std::string::npos) << s.message();
  grad[1] = std::numeric_limits<float>::infinity();
  EXPECT_FALSE(q.Quantize(grad, hess, {}, false, 0, 1, packed, &scale).ok());
}

TEST(GradientQuantizerTest, ResultDoesNotDependOnThreadsAndScaleUsesOnlyListedRows) {
  const int n = 100000;
  std::vector<float> grad(n), hess(n);
  for (int i = 0; i < n; ++i) {
    grad[i] = std::sin(0.001f * i);
    hess[i] = 0.5f + 0.25f * std::cos(0.003f * i);
  }
  grad[11] = 100.0f;  // out of the bag below: must not set the scale
  std::vector<int32_t> bag;
  for (int i = 0; i + 1 < n; i += 3) bag.push_back(i + 1);
  GradientQuantizer q({4, true, 9});
  std::vector<uint16_t> a(n), b(n);
  QuantScale sa, sb;
  ASSERT_TRUE(q.Quantize(grad, hess, bag, false, 5, 1, a, &sa).ok());
  ASSERT_TRUE(q.Quantize(grad, hess, bag, false, 5, 4, b, &sb).ok());
  EXPECT_EQ(a, b);
  EXPECT_LT(sa.grad_scale, 1.0);
}

TEST(GradientQuantizerTest, NearestRoundingIsDeterministic) {
  std::vector<float> grad = {1.0f, 0.26f, 0.24f, -0.76f}, hess = {1, 1, 1, 1};
  GradientQuantizer q({4, false, 1});  // levels -2..2, step 0.5
  std::vector<uint16_t> packed(4);
  QuantScale scale;
  ASSERT_TRUE(q.Quantize(grad, hess, {}, false, 0, 1, packed, &scale).ok());
  EXPECT_EQ(PackedRowGrad(packed[1]), 1);
  EXPECT_EQ(PackedRowGrad(packed[2]), 0);
  EXPECT_EQ(PackedRowGrad(packed[3]), -2);
}

}  // namespace
}  // namespace qgbm
