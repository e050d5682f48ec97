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
