// The objectives beyond L2 and binary: gradients and hessians against finite differences of each
// loss, initial scores, leaf renewal, label checks and parameter bounds.
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "objective/objective.h"

namespace qgbm {
namespace {

std::unique_ptr<Objective> Make(const std::string& name, double alpha = 0.9, double rho = 1.5) {
  BoostingParams p;
  p.objective = name;
  p.alpha = alpha;
  p.tweedie_variance_power = rho;
  auto o = CreateObjective(p);
  EXPECT_TRUE(o.ok()) << o.status().message();
  return std::move(o).value();
}

// The unweighted loss of one row as a function of the raw score.
using Loss = std::function<double(double score, double label)>;

struct LossCase {
  std::string objective;
  Loss loss;
  bool exact_hessian;  // false: the objective's hessian is LightGBM's stand-in, checked apart
  double alpha = 0.9;
  double rho = 1.5;
};

double Sigmoid(double s) { return 1.0 / (1.0 + std::exp(-s)); }

std::vector<LossCase> LossCases() {
  return {
      {"regression_l1", [](double s, double y) { return std::fabs(s - y); }, false},
      {"huber",
       [](double s, double y) {
         const double d = std::fabs(s - y);
         return d <= 0.9 ? 0.5 * d * d : 0.9 * (d - 0.45);
       },
       false},
      {"quantile", [](double s, double y) { return y >= s ? 0.3 * (y - s) : 0.7 * (s - y); }, false,
       0.3},
      {"gamma", [](double s, double y) { return y * std::exp(-s) + s; }, true},
      {"fair",
       [](double s, double y) {
         const double x = std::fabs(s - y);  // c = 1
         return x - std::log1p(x);
       },
       true},
      {"tweedie",
       [](double s, double y) {
         return -y * std::exp(-0.3 * s) / -0.3 + std::exp(0.7 * s) / 0.7;  // rho = 1.3
       },
       true, 0.9, 1.3},
      {"cross_entropy",
       [](double s, double y) {
         const double p = Sigmoid(s);
         return -(y * std::log(p) + (1.0 - y) * std::log(1.0 - p));
       },
       true},
  };
}

TEST(RegressionObjectivesTest, GradientsAndHessiansMatchFiniteDifferences) {
  // Scores and labels chosen away from the kinks of L1, huber and quantile.
  const std::vector<double> scores = {0.3, -0.7, 1.2, 0.05, -1.6};
  const std::vector<float> labels = {0.9f, 0.25f, 0.6f, 0.4f, 0.75f};
  const std::vector<float> weights = {1.0f, 2.5f, 0.5f, 3.0f, 1.5f};
  const double h = 1e-4;
  for (const LossCase& c : LossCases()) {
    auto o = Make(c.objective, c.alpha, c.rho);
    for (const bool weighted : {false, true}) {
      std::vector<float> grad(5), hess(5);
      const LabelView data{
          labels, weighted ? std::span<const float>(weights) : std::span<const float>(), {}};
      o->ComputeGradients(scores, data, 2, grad, hess);
      for (size_t i = 0; i < 5; ++i) {
        const double w = weighted ? weights[i] : 1.0, y = labels[i], s = scores[i];
        const double g = (c.loss(s + h, y) - c.loss(s - h, y)) / (2 * h);
        const double hh = (c.loss(s + h, y) - 2 * c.loss(s, y) + c.loss(s - h, y)) / (h * h);
        EXPECT_NEAR(grad[i], w * g, 1e-4 * w * (1 + std::fabs(g))) << c.objective << " row " << i;
        if (c.exact_hessian) {
          EXPECT_NEAR(hess[i], w * hh, 1e-3 * w * (1 + std::fabs(hh)))
              << c.objective << " row " << i;
        } else {
          EXPECT_FLOAT_EQ(hess[i], static_cast<float>(w)) << c.objective << " row " << i;
        }
      }
    }
  }
}

TEST(RegressionObjectivesTest, PoissonHessianCarriesMaxDeltaStep) {
  BoostingParams p;
  p.objective = "poisson";
  p.poisson_max_delta_step = 0.7;
  auto o = CreateObjective(p);
  ASSERT_TRUE(o.ok());
  const std::vector<double> scores = {0.5, -1.0};
  const std::vector<float> labels = {2.0f, 0.0f}, weights = {2.0f, 0.5f};
  std::vector<float> grad(2), hess(2);
  (*o)->ComputeGradients(scores, LabelView{labels, weights, {}}, 1, grad, hess);
  for (size_t i = 0; i < 2; ++i) {
    // Loss exp(s) - y s: gradient exp(s) - y; hessian exp(s) scaled by exp(max_delta_step).
    EXPECT_NEAR(grad[i], weights[i] * (std::exp(scores[i]) - labels[i]), 1e-6);
    EXPECT_NEAR(hess[i], weights[i] * std::exp(scores[i] + 0.7), 1e-6);
  }
  EXPECT_EQ((*o)->transform(), OutputTransform::kExponential);
}

TEST(RegressionObjectivesTest, InitialScores) {
  const std::vector<float> labels = {1, 2, 3, 10}, weights = {1, 1, 1, 5};
  const LabelView plain{labels, {}, {}}, weighted{labels, weights, {}};
  // The median of 4 values: the mean of the middle two.
  EXPECT_DOUBLE_EQ(Make("regression_l1")->InitScores(plain)[0], 2.5);
  // Weighted: cdf 1, 2, 3, 8; threshold 4 → position 3, the last: the largest value.
  EXPECT_DOUBLE_EQ(Make("regression_l1")->InitScores(weighted)[0], 10.0);
  // alpha 0.9: position (1 - 0.9) * 3 = 0.3 in descending order: 10 - (10 - 3) * 0.3.
  EXPECT_NEAR(Make("quantile", 0.9)->InitScores(plain)[0], 7.9, 1e-5);
  EXPECT_DOUBLE_EQ(Make("huber")->InitScores(weighted)[0], (1 + 2 + 3 + 50) / 8.0);
  for (const char* name : {"poisson", "gamma", "tweedie"}) {
    EXPECT_NEAR(Make(name)->InitScores(plain)[0], std::log(4.0), 1e-12) << name;
    EXPECT_NEAR(Make(name)->InitScores(weighted)[0], std::log(56.0 / 8.0), 1e-12) << name;
  }
  const std::vector<float> probabilities = {0.2f, 0.6f, 1.0f, 0.0f};
  EXPECT_NEAR(Make("cross_entropy")->InitScores(LabelView{probabilities, {}, {}})[0],
              std::log(0.45 / 0.55), 1e-7);
  const std::vector<float> zeros = {0, 0};
  EXPECT_TRUE(std::isfinite(Make("cross_entropy")->InitScores(LabelView{zeros, {}, {}})[0]));
}

TEST(RegressionObjectivesTest, MapeWeighsRowsByTheirLabels) {
  auto o = Make("mape");
  const std::vector<float> labels = {4, -2, 0.5f}, weights = {1, 3, 2};
  const std::vector<double> scores = {5, -3, 0};
  std::vector<float> grad(3), hess(3);
  o->ComputeGradients(scores, LabelView{labels, {}, {}}, 1, grad, hess);
  // sign(score - label) / max(1, |label|); hessian 1.
  EXPECT_FLOAT_EQ(grad[0], 0.25f);
  EXPECT_FLOAT_EQ(grad[1], -0.5f);
  EXPECT_FLOAT_EQ(grad[2], -1.0f);
  EXPECT_FLOAT_EQ(hess[1], 1.0f);
  o->ComputeGradients(scores, LabelView{labels, weights, {}}, 1, grad, hess);
  EXPECT_FLOAT_EQ(grad[1], -1.5f);
  EXPECT_FLOAT_EQ(hess[1], 3.0f);
  // Init: labels ascending -2 (label weight 1/2), 0.5 (1), 4 (1/4): cdf 0.5, 1.5, 1.75;
  // threshold 0.875 → position 1, whose next step (0.25) is < 1: the value there, 0.5.
  EXPECT_DOUBLE_EQ(o->InitScores(LabelView{labels, {}, {}})[0], 0.5);
  // Renewal over rows 0 and 1: residuals -1 (label weight 1/4) and 1 (1/2): cdf 0.25, 0.75;
  // threshold 0.375 → the last position: 1.
  const std::vector<int32_t> rows = {0, 1};
  EXPECT_DOUBLE_EQ(o->RenewLeafOutput(rows, scores, LabelView{labels, {}, {}}), 1.0);
}

TEST(RegressionObjectivesTest, OnlyPercentileLossesRenewLeaves) {
  for (const char* name : {"regression_l1", "quantile", "mape"})
    EXPECT_TRUE(Make(name)->RenewsLeafOutput());
  for (const char* name :
       {"regression", "huber", "fair", "poisson", "gamma", "tweedie", "cross_entropy"})
    EXPECT_FALSE(Make(name)->RenewsLeafOutput()) << name;
}

TEST(RegressionObjectivesTest, RenewedLeafIsThePercentileOfItsResiduals) {
  // Rows 1, 2, 4, 5 form the leaf; residuals label - score = 1, -2, 4, 0.5.
  const std::vector<float> labels = {9, 1, 0, 7, 5, 1.5f};
  const std::vector<double> scores = {0, 0, 2, 0, 1, 1};
  const std::vector<int32_t> rows = {1, 2, 4, 5};
  const LabelView plain{labels, {}, {}};
  // Descending 4, 1, 0.5, -2; median: the mean of 1 and 0.5.
  EXPECT_DOUBLE_EQ(Make("regression_l1")->RenewLeafOutput(rows, scores, plain), 0.75);
  // alpha 0.3: position 0.7 * 3 = 2.1 in descending order: 0.5 - (0.5 - -2) * 0.1 = 0.25.
  EXPECT_NEAR(Make("quantile", 0.3)->RenewLeafOutput(rows, scores, plain), 0.25, 1e-6);
  // Weighted, ascending residuals -2 (w 1), 0.5 (w 1), 1 (w 1), 4 (w 3): cdf 1, 2, 3, 6;
  // threshold 3 → position 3, the last: 4.
  const std::vector<float> weights = {1, 1, 1, 1, 3, 1};
  const LabelView weighted{labels, weights, {}};
  EXPECT_DOUBLE_EQ(Make("regression_l1")->RenewLeafOutput(rows, scores, weighted), 4.0);
  // alpha 0.3: threshold 1.8 → position 1 (cdf 2 > 1.8), step cdf[2] - cdf[1] = 1 >= 1:
  // v0 + (1.8 - 2) / 1 * (v1 - v0) = -2 - 0.2 * 2.5 = -2.5 (LightGBM's interpolation).
  EXPECT_NEAR(Make("quantile", 0.3)->RenewLeafOutput(rows, scores, weighted), -2.5, 1e-6);
}

TEST(RegressionObjectivesTest, BadLabelsAreRejectedWithTheRow) {
  struct BadCase {
    std::string objective;
    std::vector<float> labels;
    std::string needle;
  };
  const std::vector<BadCase> cases = {
      {"cross_entropy", {0.5f, 1.5f}, "row 1"},
      {"cross_entropy", {-0.1f, 0.5f}, "row 0"},
      {"poisson", {1.0f, -1.0f}, "row 1"},
      {"poisson", {0.0f, 0.0f}, "sum of labels"},
      {"tweedie", {2.0f, 1.0f, -3.0f}, "row 2"},
      {"tweedie", {0.0f}, "sum of labels"},
      {"gamma", {1.0f, 0.0f}, "row 1"},
      {"gamma", {-2.0f}, "row 0"},
      {"regression_l1", {1.0f, NAN}, "row 1"},
      {"quantile", {INFINITY}, "row 0"},
      {"huber", {NAN}, "row 0"},
  };
  for (const BadCase& c : cases) {
    const Status s = Make(c.objective)->CheckLabels(LabelView{c.labels, {}, {}});
    ASSERT_FALSE(s.ok()) << c.objective;
    EXPECT_NE(s.message().find(c.needle), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(c.objective), std::string::npos) << s.message();
  }
  const std::vector<float> good = {0.0f, 1.0f, 0.5f};
  for (const char* name : {"cross_entropy", "poisson", "tweedie"})
    EXPECT_TRUE(Make(name)->CheckLabels(LabelView{good, {}, {}}).ok()) << name;
}

TEST(RegressionObjectivesTest, ParametersOutOfRangeAreErrors) {
  auto fails = [](const std::string& objective, auto set, const std::string& needle) {
    BoostingParams p;
    p.objective = objective;
    set(p);
    auto o = CreateObjective(p);
    ASSERT_FALSE(o.ok()) << objective;
    EXPECT_NE(o.status().message().find(needle), std::string::npos) << o.status().message();
  };
  fails(
      "quantile", [](BoostingParams& p) { p.alpha = 1.0; }, "alpha");
  fails(
      "quantile", [](BoostingParams& p) { p.alpha = 0.0; }, "alpha");
  fails(
      "huber", [](BoostingParams& p) { p.alpha = -1.0; }, "alpha");
  fails(
      "tweedie", [](BoostingParams& p) { p.tweedie_variance_power = 2.0; }, "[1, 2)");
  fails(
      "tweedie", [](BoostingParams& p) { p.tweedie_variance_power = 0.9; }, "[1, 2)");
  fails(
      "poisson", [](BoostingParams& p) { p.poisson_max_delta_step = 0.0; }, "max_delta_step");
  fails(
      "fair", [](BoostingParams& p) { p.fair_c = 0.0; }, "fair_c");
}

}  // namespace
}  // namespace qgbm
