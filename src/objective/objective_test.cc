#include "objective/objective.h"

#include <cmath>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

std::unique_ptr<Objective> Make(const std::string& name) {
  BoostingParams p;
  p.objective = name;
  auto o = CreateObjective(p);
  EXPECT_TRUE(o.ok());
  return std::move(o).value();
}

TEST(ObjectiveTest, BinaryGradientsMatchTheLogisticLoss) {
  auto o = Make("binary");
  std::vector<double> scores = {0.0, 2.0, -1.0};
  std::vector<float> labels = {1, 0, 1}, grad(3), hess(3);
  o->ComputeGradients(scores, LabelView{labels, {}, {}}, 1, grad, hess);
  for (size_t i = 0; i < 3; ++i) {
    const double p = 1.0 / (1.0 + std::exp(-scores[i]));
    EXPECT_NEAR(grad[i], p - labels[i], 1e-6);
    EXPECT_NEAR(hess[i], p * (1.0 - p), 1e-6);
  }
  EXPECT_NEAR(o->InitScores(LabelView{labels, {}, {}})[0], std::log(2.0), 1e-12);
  EXPECT_FALSE(o->CheckLabels(LabelView{std::vector<float>{0, 2}, {}, {}}).ok());
}

// Gradients and hessians of `name` (binary or multiclassova with 2 classes' first output) with
// the class weighting given, after SetUp on the same labels.
std::pair<std::vector<float>, std::vector<float>> WeightedGradients(
    const std::string& name, bool is_unbalance, double scale_pos_weight,
    const std::vector<float>& labels, const std::vector<float>& weights = {}) {
  BoostingParams p;
  p.objective = name;
  p.num_class = name == "binary" ? 1 : 2;
  p.is_unbalance = is_unbalance;
  p.scale_pos_weight = scale_pos_weight;
  auto o = CreateObjective(p);
  EXPECT_TRUE(o.ok());
  const LabelView view{labels, weights, {}};
  (*o)->SetUp(view);
  const size_t n = labels.size() * static_cast<size_t>((*o)->num_outputs());
  std::vector<double> scores(n, 0.3);
  std::vector<float> grad(n), hess(n);
  (*o)->ComputeGradients(scores, view, 1, grad, hess);
  return {grad, hess};
}

// LightGBM's label weights: is_unbalance weights the rarer class by the ratio of the counts,
// scale_pos_weight multiplies the positives; both multiply the sample weights.
TEST(ObjectiveTest, ClassWeightsScaleGradientsAndHessians) {
  const std::vector<float> few_pos = {1, 0, 0, 0, 0, 1, 0, 0};  // 2 positives, 6 negatives
  const std::vector<float> few_neg = {1, 1, 0, 1, 1, 1, 1, 1};  // 7 positives, 1 negative
  const std::vector<float> weights = {2, 1, 1, 1, 1, 3, 1, 1};
  for (const std::string name : {"binary", "multiclassova"}) {
    for (const auto& labels : {few_pos, few_neg}) {
      const auto [g0, h0] = WeightedGradients(name, false, 1.0, labels);
      const auto [gs, hs] = WeightedGradients(name, false, 2.5, labels);
      const auto [gu, hu] = WeightedGradients(name, true, 1.0, labels);
      const auto [gw, hw] = WeightedGradients(name, false, 2.5, labels, weights);
      int64_t pos = 0;
      for (float y : labels) pos += y > 0 ? 1 : 0;
      const int64_t neg = static_cast<int64_t>(labels.size()) - pos;
      // multiclassova's first output is class 0: its positives are the rows labelled 0.
      const bool flip = name == "multiclassova";
      for (size_t i = 0; i < labels.size(); ++i) {
        const bool positive = (labels[i] > 0) != flip;
        const double scale = positive ? 2.5 : 1.0;
        EXPECT_NEAR(gs[i], g0[i] * scale, 1e-6) << name << " row " << i;
        EXPECT_NEAR(hs[i], h0[i] * scale, 1e-6) << name << " row " << i;
        EXPECT_NEAR(gw[i], g0[i] * scale * weights[i], 1e-6) << name << " row " << i;
        const int64_t pos_k = flip ? neg : pos, neg_k = flip ? pos : neg;
        double balance = 1.0;
        if (positive && pos_k < neg_k) balance = static_cast<double>(neg_k) / pos_k;
        if (!positive && neg_k < pos_k) balance = static_cast<double>(pos_k) / neg_k;
        EXPECT_NEAR(gu[i], g0[i] * balance, 1e-6) << name << " row " << i;
        EXPECT_NEAR(hu[i], h0[i] * balance, 1e-6) << name << " row " << i;
      }
    }
  }
  BoostingParams both;
  both.objective = "binary";
  both.is_unbalance = true;
  both.scale_pos_weight = 2.0;
  const auto refused = CreateObjective(both);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("scale_pos_weight"), std::string::npos);
}

TEST(ObjectiveTest, RegressionIsConstantHessianOnlyWithoutWeights) {
  auto o = Make("regression");
  EXPECT_TRUE(o->IsConstantHessian(false));
  EXPECT_FALSE(o->IsConstantHessian(true));
  std::vector<float> labels = {1, 3}, weights = {1, 3};
  EXPECT_DOUBLE_EQ(o->InitScores(LabelView{labels, weights, {}})[0], 2.5);
  EXPECT_FALSE(o->CheckLabels(LabelView{std::vector<float>{1, NAN}, {}, {}}).ok());
}

TEST(ObjectiveTest, UnknownObjectiveIsAnError) {
  BoostingParams p;
  p.objective = "no_such";
  EXPECT_FALSE(CreateObjective(p).ok());
}

}  // namespace
}  // namespace qgbm
