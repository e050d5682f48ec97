// The metrics beyond l1/l2/rmse/auc/binary: hand-computed values, weights, aliases, parameters
// and label checks.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "metric/metric.h"

namespace qgbm {
namespace {

std::unique_ptr<Metric> Get(const std::string& name, MetricOptions options = {}) {
  auto m = CreateMetric(name, options);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return std::move(m).value();
}

double Eval(const std::string& name, const std::vector<double>& p, const std::vector<float>& y,
            const std::vector<float>& w = {}, MetricOptions options = {}) {
  return Get(name, options)->Evaluate(p, LabelView{y, w, {}}, 2);
}

TEST(RegressionMetricsTest, NamesAliasesAndDirection) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"quantile", "quantile"},
      {"huber", "huber"},
      {"mape", "mape"},
      {"mean_absolute_percentage_error", "mape"},
      {"fair", "fair"},
      {"poisson", "poisson"},
      {"gamma", "gamma"},
      {"gamma_deviance", "gamma_deviance"},
      {"tweedie", "tweedie"},
      {"cross_entropy", "cross_entropy"},
      {"xentropy", "cross_entropy"},
      {"average_precision", "average_precision"}};
  for (const auto& [alias, canonical] : cases) {
    EXPECT_EQ(Get(alias)->name(), canonical) << alias;
    EXPECT_EQ(Get(alias)->higher_is_better(), canonical == "average_precision") << alias;
  }
}

TEST(RegressionMetricsTest, QuantileHuberMapeByHand) {
  const std::vector<double> p = {1.0, 3.0, 0.5};
  const std::vector<float> y = {2.0f, 1.0f, 0.5f};
  const std::vector<float> w = {1.0f, 3.0f, 2.0f};
  MetricOptions o;
  o.alpha = 0.8;
  // Quantile: y - p = 1 → 0.8; y - p = -2 → (0.8 - 1) * -2 = 0.4; 0 → 0.
  EXPECT_NEAR(Eval("quantile", p, y, {}, o), (0.8 + 0.4) / 3.0, 1e-12);
  EXPECT_NEAR(Eval("quantile", p, y, w, o), (0.8 + 3 * 0.4) / 6.0, 1e-12);
  // Huber, alpha 1.5: |d| = 1 → 0.5; |d| = 2 → 1.5 * (2 - 0.75) = 1.875; 0 → 0.
  o.alpha = 1.5;
  EXPECT_NEAR(Eval("huber", p, y, {}, o), (0.5 + 1.875) / 3.0, 1e-12);
  EXPECT_NEAR(Eval("huber", p, y, w, o), (0.5 + 3 * 1.875) / 6.0, 1e-12);
  // MAPE: |1 - 2| / 2, |3 - 1| / 1, |0.5 - 0.5| / max(1, 0.5).
  EXPECT_NEAR(Eval("mape", p, y), (0.5 + 2.0) / 3.0, 1e-12);
  EXPECT_NEAR(Eval("mape", p, y, w), (0.5 + 6.0) / 6.0, 1e-12);
  // Fair, c = 2: c |d| - c² log(1 + |d| / c) for |d| = 1, 2, 0.
  o.fair_c = 2.0;
  const double f1 = 2.0 - 4.0 * std::log(1.5), f2 = 4.0 - 4.0 * std::log(2.0);
  EXPECT_NEAR(Eval("fair", p, y, {}, o), (f1 + f2) / 3.0, 1e-12);
  EXPECT_NEAR(Eval("fair", p, y, w, o), (f1 + 3 * f2) / 6.0, 1e-12);
}

TEST(RegressionMetricsTest, LogLinkMetricsByHand) {
  const std::vector<double> p = {2.0, 0.5};
  const std::vector<float> y = {3.0f, 1.0f};
  const std::vector<float> w = {2.0f, 1.0f};
  const double poisson0 = 2.0 - 3.0 * std::log(2.0), poisson1 = 0.5 - std::log(0.5);
  EXPECT_NEAR(Eval("poisson", p, y), (poisson0 + poisson1) / 2, 1e-12);
  EXPECT_NEAR(Eval("poisson", p, y, w), (2 * poisson0 + poisson1) / 3, 1e-12);
  const double gamma0 = 3.0 / 2.0 + std::log(2.0), gamma1 = 1.0 / 0.5 + std::log(0.5);
  EXPECT_NEAR(Eval("gamma", p, y), (gamma0 + gamma1) / 2, 1e-12);
  EXPECT_NEAR(Eval("gamma", p, y, w), (2 * gamma0 + gamma1) / 3, 1e-12);
  // Gamma deviance is LightGBM's weighted sum, doubled (not a mean).
  const double dev0 = 1.5 - std::log(1.5) - 1.0, dev1 = 2.0 - std::log(2.0) - 1.0;
  EXPECT_NEAR(Eval("gamma_deviance", p, y), 2 * (dev0 + dev1), 1e-8);
  EXPECT_NEAR(Eval("gamma_deviance", p, y, w), 2 * (2 * dev0 + dev1), 1e-8);
  MetricOptions o;
  o.tweedie_variance_power = 1.2;
  auto tweedie = [](double pred, double label) {
    return -label * std::pow(pred, -0.2) / -0.2 + std::pow(pred, 0.8) / 0.8;
  };
  EXPECT_NEAR(Eval("tweedie", p, y, {}, o), (tweedie(2.0, 3.0) + tweedie(0.5, 1.0)) / 2, 1e-12);
  EXPECT_NEAR(Eval("tweedie", p, y, w, o), (2 * tweedie(2.0, 3.0) + tweedie(0.5, 1.0)) / 3, 1e-12);
  o.tweedie_variance_power = 1.0;  // the poisson metric, not LightGBM's division by zero
  EXPECT_NEAR(Eval("tweedie", p, y, {}, o), Eval("poisson", p, y), 1e-12);
  // Predictions at 0 are floored at 1e-10, so the losses stay finite.
  EXPECT_TRUE(std::isfinite(Eval("poisson", {0.0}, {1.0f})));
  EXPECT_TRUE(std::isfinite(Eval("tweedie", {0.0}, {1.0f})));
}

TEST(RegressionMetricsTest, CrossEntropyByHand) {
  const std::vector<double> p = {0.8, 0.3, 0.0};
  const std::vector<float> y = {0.6f, 0.0f, 0.0f};
  const double l0 = -(0.6 * std::log(0.8) + 0.4 * std::log(0.2)), l1 = -std::log(0.7);
  EXPECT_NEAR(Eval("cross_entropy", p, y), (l0 + l1 + 0.0) / 3, 1e-7);
  // A certain mistake costs -log(1e-12) (LightGBM's floor for this metric).
  EXPECT_NEAR(Eval("cross_entropy", {0.0}, {1.0f}), -std::log(1e-12), 1e-9);
}

TEST(RegressionMetricsTest, AveragePrecisionByHand) {
  // Descending: 0.9 (pos), 0.8 (neg), 0.7 (pos), 0.1 (neg). Precision after each positive: 1, 2/3.
  const std::vector<double> p = {0.1, 0.7, 0.9, 0.8};
  const std::vector<float> y = {0, 1, 1, 0};
  EXPECT_NEAR(Eval("average_precision", p, y), (1.0 + 2.0 / 3.0) / 2.0, 1e-12);
  // Weights 1, 2, 1, 3: after 0.9 precision 1 (weight 1); after 0.7: 3 / 6 (weight 2).
  EXPECT_NEAR(Eval("average_precision", p, y, {1, 2, 1, 3}), (1.0 * 1.0 + 2.0 * 0.5) / 3.0, 1e-12);
  // Ties form one group: both rows share the precision after the group (1/2).
  EXPECT_NEAR(Eval("average_precision", {0.5, 0.5}, {1, 0}), 0.5, 1e-12);
  // One class only: 1, as LightGBM.
  EXPECT_EQ(Eval("average_precision", {0.2, 0.4}, {0, 0}), 1.0);
  EXPECT_EQ(Eval("average_precision", {0.2, 0.4}, {1, 1}), 1.0);
}

TEST(RegressionMetricsTest, LabelChecks) {
  const std::vector<float> zero = {1.0f, 0.0f};
  for (const char* name : {"gamma", "gamma_deviance"}) {
    const Status s = Get(name)->CheckData(LabelView{zero, {}, {}});
    ASSERT_FALSE(s.ok()) << name;
    EXPECT_NE(s.message().find("row 1"), std::string::npos) << s.message();
  }
  const std::vector<float> over = {0.5f, 1.5f};
  EXPECT_FALSE(Get("cross_entropy")->CheckData(LabelView{over, {}, {}}).ok());
  EXPECT_TRUE(Get("poisson")->CheckData(LabelView{zero, {}, {}}).ok());
}

TEST(RegressionMetricsTest, IndependentOfThreadCount) {
  std::vector<double> p(70001);
  std::vector<float> y(p.size()), w(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    p[i] = 0.05 + static_cast<double>((i * 7919) % 1000) / 1001.0;
    y[i] = static_cast<float>(((i * 104729) % 997) / 997.0) + 0.01f;
    w[i] = static_cast<float>(1 + i % 5);
  }
  for (const char* name : {"quantile", "huber", "mape", "poisson", "gamma", "gamma_deviance",
                           "tweedie", "average_precision"}) {
    auto m = Get(name);
    const double one = m->Evaluate(p, LabelView{y, w, {}}, 1);
    for (const int threads : {2, 5}) EXPECT_EQ(m->Evaluate(p, LabelView{y, w, {}}, threads), one);
  }
}

}  // namespace
}  // namespace qgbm
