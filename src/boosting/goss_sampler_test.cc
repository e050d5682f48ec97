#include "boosting/goss_sampler.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "common/random.h"

namespace qgbm {
namespace {

// Two outputs of `rows` gradients and hessians with many ties (sizes repeat) and a spread of
// magnitudes, so the radix select meets equal values and several exponents.
void MakeGradients(int64_t rows, std::vector<float>* grad, std::vector<float>* hess) {
  grad->resize(static_cast<size_t>(2 * rows));
  hess->resize(static_cast<size_t>(2 * rows));
  for (int64_t i = 0; i < 2 * rows; ++i) {
    const double u =
        RandomUniform(RandomKey(5, RandomStream::kBagging, 1), static_cast<uint64_t>(i));
    (*grad)[static_cast<size_t>(i)] = static_cast<float>((u - 0.5) * std::pow(10.0, i % 7 - 3));
    (*hess)[static_cast<size_t>(i)] = static_cast<float>(0.25 * (i % 5 == 0 ? 1.0 : u));
  }
}

// The rows with the largest summed |g h| stay with their gradients untouched; about other_rate of
// all rows are drawn from the rest with theirs multiplied by (rows - top) / other; the result is
// the same on any thread count.
TEST(GossSamplerTest, KeepsTheTopRowsAndScalesTheDrawnOnes) {
  const int64_t rows = 100003;
  std::vector<float> grad0, hess0;
  MakeGradients(rows, &grad0, &hess0);
  std::vector<float> size(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    size[static_cast<size_t>(r)] =
        std::fabs(grad0[static_cast<size_t>(r)] * hess0[static_cast<size_t>(r)]) +
        std::fabs(grad0[static_cast<size_t>(rows + r)] * hess0[static_cast<size_t>(rows + r)]);
  }
  const GossOptions options{0.2, 0.1};
  const int64_t top = 20000, other = 10000;
  std::vector<float> sorted = size;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const float threshold = sorted[static_cast<size_t>(top - 1)];
  const float amplify = static_cast<float>(static_cast<double>(rows - top) / other);
  std::vector<int32_t> first;
  for (const int threads : {1, 2, 5}) {
    std::vector<float> grad = grad0, hess = hess0;
    const std::vector<int32_t> kept = GossRows(grad, hess, rows, 2, options, 77, threads);
    if (threads == 1) first = kept;
    ASSERT_EQ(kept, first) << threads;
    std::vector<uint8_t> in(static_cast<size_t>(rows), 0);
    for (size_t i = 0; i < kept.size(); ++i) {
      if (i > 0) {
        ASSERT_LT(kept[i - 1], kept[i]);
      }
      in[static_cast<size_t>(kept[i])] = 1;
    }
    int64_t drawn = 0;
    for (int64_t r = 0; r < rows; ++r) {
      const size_t i = static_cast<size_t>(r);
      const bool is_top = size[i] >= threshold;
      if (is_top) {
        ASSERT_TRUE(in[i]) << r;
      }
      const float scale = in[i] && !is_top ? amplify : 1.0f;
      drawn += in[i] && !is_top ? 1 : 0;
      for (const size_t j : {i, i + static_cast<size_t>(rows)}) {
        ASSERT_EQ(grad[j], grad0[j] * scale) << r;
        ASSERT_EQ(hess[j], hess0[j] * scale) << r;
      }
    }
    EXPECT_NEAR(static_cast<double>(drawn), static_cast<double>(other), 400.0);
  }
  // Another key draws other rows.
  std::vector<float> grad = grad0, hess = hess0;
  EXPECT_NE(GossRows(grad, hess, rows, 2, options, 78, 2), first);
}

TEST(GossSamplerTest, StartsAfterOneOverLearningRateIterations) {
  EXPECT_FALSE(GossActive(9, 0.1));
  EXPECT_TRUE(GossActive(10, 0.1));
  EXPECT_FALSE(GossActive(32, 0.03));
  EXPECT_TRUE(GossActive(33, 0.03));
  EXPECT_FALSE(GossActive(0, 1.0));
  EXPECT_TRUE(GossActive(1, 1.0));
}

}  // namespace
}  // namespace qgbm
