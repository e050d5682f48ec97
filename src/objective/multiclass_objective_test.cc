#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "objective/objective.h"

namespace qgbm {
namespace {

std::unique_ptr<Objective> Make(const std::string& name, int num_class, double sigmoid = 1.0) {
  BoostingParams p;
  p.objective = name;
  p.num_class = num_class;
  p.sigmoid = sigmoid;
  auto o = CreateObjective(p);
  EXPECT_TRUE(o.ok()) << o.status().message();
  return std::move(o).value();
}

// -w log softmax(s)[y] for one row's K scores.
double SoftmaxLoss(std::vector<double> s, int y, double w) {
  double max = s[0], sum = 0.0;
  for (double v : s) max = std::max(max, v);
  for (double v : s) sum += std::exp(v - max);
  return -w * (s[static_cast<size_t>(y)] - max - std::log(sum));
}

// Rows of 3 scores, output-major as the trainer keeps them.
struct Rows {
  std::vector<double> scores = {0.3,  -1.0, 2.0,  0.0,   // output 0 of rows 0..3
                                1.2,  0.4,  -0.5, 0.0,   // output 1
                                -0.7, 0.9,  0.1,  0.0};  // output 2
  std::vector<float> labels = {0, 2, 1, 1};
  std::vector<float> weights = {1.0f, 2.5f, 0.5f, 1.0f};
  static constexpr int kRows = 4, kClasses = 3;
  std::vector<double> RowScores(int r) const {
    return {scores[static_cast<size_t>(r)], scores[static_cast<size_t>(kRows + r)],
            scores[static_cast<size_t>(2 * kRows + r)]};
  }
};

TEST(MulticlassObjectiveTest, SoftmaxGradientsAreFiniteDifferencesOfTheLoss) {
  const Rows d;
  auto o = Make("multiclass", Rows::kClasses);
  ASSERT_EQ(o->num_outputs(), 3);
  std::vector<float> grad(12), hess(12);
  o->ComputeGradients(d.scores, LabelView{d.labels, d.weights, {}}, 2, grad, hess);
  const double h = 1e-5, factor = 3.0 / 2.0;  // LightGBM's K / (K - 1)
  for (int r = 0; r < Rows::kRows; ++r) {
    const int y = static_cast<int>(d.labels[static_cast<size_t>(r)]);
    const double w = d.weights[static_cast<size_t>(r)];
    for (int k = 0; k < Rows::kClasses; ++k) {
      auto at = [&](double delta) {
        std::vector<double> s = d.RowScores(r);
        s[static_cast<size_t>(k)] += delta;
        return SoftmaxLoss(s, y, w);
      };
      const double g = (at(h) - at(-h)) / (2 * h);
      const double second = (at(h) - 2 * at(0) + at(-h)) / (h * h);
      const size_t i = static_cast<size_t>(k * Rows::kRows + r);
      EXPECT_NEAR(grad[i], g, 1e-5) << "row " << r << " class " << k;
      EXPECT_NEAR(hess[i], factor * second, 1e-3) << "row " << r << " class " << k;
    }
  }
}

TEST(MulticlassObjectiveTest, OvaGradientsAreBinaryLoglossPerClass) {
  const Rows d;
  const double sigmoid = 1.5;
  auto o = Make("multiclassova", Rows::kClasses, sigmoid);
  std::vector<float> grad(12), hess(12);
  o->ComputeGradients(d.scores, LabelView{d.labels, d.weights, {}}, 1, grad, hess);
  for (int k = 0; k < Rows::kClasses; ++k) {
    for (int r = 0; r < Rows::kRows; ++r) {
      const size_t i = static_cast<size_t>(k * Rows::kRows + r);
      const double w = d.weights[static_cast<size_t>(r)];
      const double y = d.labels[static_cast<size_t>(r)] == static_cast<float>(k) ? 1.0 : 0.0;
      // Loss -w [y log p + (1 - y) log(1 - p)] with p = sigmoid(sigmoid * s).
      const double p = 1.0 / (1.0 + std::exp(-sigmoid * d.scores[i]));
      EXPECT_NEAR(grad[i], w * sigmoid * (p - y), 1e-6);
      EXPECT_NEAR(hess[i], w * sigmoid * sigmoid * p * (1.0 - p), 1e-6);
    }
  }
}

TEST(MulticlassObjectiveTest, InitScoresFromWeightedClassShares) {
  const std::vector<float> labels = {0, 1, 1, 2}, weights = {1, 1, 2, 4};
  const LabelView data{labels, weights, {}};
  const std::vector<double> softmax = Make("multiclass", 4)->InitScores(data);
  ASSERT_EQ(softmax.size(), 4u);
  EXPECT_DOUBLE_EQ(softmax[0], std::log(1.0 / 8));
  EXPECT_DOUBLE_EQ(softmax[1], std::log(3.0 / 8));
  EXPECT_DOUBLE_EQ(softmax[2], std::log(4.0 / 8));
  EXPECT_DOUBLE_EQ(softmax[3], std::log(static_cast<double>(1e-15f)));  // absent class, clamped
  const std::vector<double> ova = Make("multiclassova", 4, 2.0)->InitScores(data);
  EXPECT_DOUBLE_EQ(ova[1], std::log((3.0 / 8) / (5.0 / 8)) / 2.0);
  EXPECT_DOUBLE_EQ(ova[2], 0.0);
  // Absent or universal classes get constant trees, as LightGBM's ClassNeedTrain.
  EXPECT_EQ(Make("multiclass", 4)->OutputsToTrain(data),
            (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(Make("multiclassova", 4)->OutputsToTrain(data),
            (std::vector<bool>{true, true, true, false}));
}

TEST(MulticlassObjectiveTest, LabelsMustBeClassIndicesAndErrorsNameTheRow) {
  auto o = Make("multiclass", 3);
  EXPECT_TRUE(o->CheckLabels(LabelView{std::vector<float>{0, 1, 2}, {}, {}}).ok());
  for (float bad : {3.0f, -1.0f, 1.5f, NAN}) {
    const Status s = o->CheckLabels(LabelView{std::vector<float>{0, 1, bad}, {}, {}});
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.message().find("row 2"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("[0, 3)"), std::string::npos) << s.message();
  }
  EXPECT_FALSE(
      Make("multiclassova", 2)->CheckLabels(LabelView{std::vector<float>{2}, {}, {}}).ok());
}

TEST(MulticlassObjectiveTest, NeedsMoreThanOneClass) {
  BoostingParams p;
  p.objective = "multiclass";
  EXPECT_FALSE(CreateObjective(p).ok());
  p.objective = "multiclassova";
  p.num_class = 1;
  EXPECT_FALSE(CreateObjective(p).ok());
}

}  // namespace
}  // namespace qgbm
