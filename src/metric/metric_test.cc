#include "metric/metric.h"

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

std::unique_ptr<Metric> Get(const std::string& name) {
  StatusOr<std::unique_ptr<Metric>> m = CreateMetric(name);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return std::move(m).value();
}

double Eval(const std::string& name, const std::vector<double>& p, const std::vector<float>& y,
            const std::vector<float>& w = {}, int threads = 1) {
  return Get(name)->Evaluate(p, LabelView{y, w, {}}, threads);
}

TEST(MetricFactoryTest, NamesAndAliases) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"l2", "l2"},
      {"mse", "l2"},
      {"mean_squared_error", "l2"},
      {"regression_l2", "l2"},
      {"regression", "l2"},
      {"rmse", "rmse"},
      {"root_mean_squared_error", "rmse"},
      {"l2_root", "rmse"},
      {"l1", "l1"},
      {"mae", "l1"},
      {"mean_absolute_error", "l1"},
      {"regression_l1", "l1"},
      {"auc", "auc"},
      {"binary_logloss", "binary_logloss"},
      {"binary", "binary_logloss"},
      {"binary_error", "binary_error"},
      {"AUC", "auc"}};
  for (const auto& [alias, canonical] : cases) EXPECT_EQ(Get(alias)->name(), canonical) << alias;
  EXPECT_TRUE(Get("auc")->higher_is_better());
  EXPECT_FALSE(Get("l2")->higher_is_better());
  EXPECT_FALSE(Get("binary_error")->higher_is_better());
}

TEST(MetricFactoryTest, UnknownNameListsValidNames) {
  const auto m = CreateMetric("ndcg@5");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  const std::string& msg = m.status().message();
  EXPECT_NE(msg.find("unknown metric 'ndcg@5'"), std::string::npos) << msg;
  for (const char* name :
       {"l2 (mse", "rmse", "l1 (mae", "auc", "binary_logloss (binary)", "binary_error"}) {
    EXPECT_NE(msg.find(name), std::string::npos) << msg;
  }
}

TEST(PointwiseMetricTest, HandComputedUnweighted) {
  const std::vector<double> p = {1.0, 2.0, 4.0, -1.0};
  const std::vector<float> y = {1.5f, 2.0f, 1.0f, 0.0f};
  // Errors -0.5, 0, 3, -1 → squares 0.25, 0, 9, 1 → mean 2.5625; absolute mean 1.125.
  EXPECT_DOUBLE_EQ(Eval("l2", p, y), 2.5625);
  EXPECT_DOUBLE_EQ(Eval("rmse", p, y), std::sqrt(2.5625));
  EXPECT_DOUBLE_EQ(Eval("l1", p, y), 1.125);
}

TEST(PointwiseMetricTest, HandComputedWeighted) {
  const std::vector<double> p = {1.0, 2.0, 4.0, -1.0};
  const std::vector<float> y = {1.5f, 2.0f, 1.0f, 0.0f};
  const std::vector<float> w = {2.0f, 1.0f, 0.5f, 0.5f};
  // Σw = 4; Σw e² = 0.5 + 0 + 4.5 + 0.5 = 5.5; Σw |e| = 1 + 0 + 1.5 + 0.5 = 3.
  EXPECT_DOUBLE_EQ(Eval("l2", p, y, w), 5.5 / 4.0);
  EXPECT_DOUBLE_EQ(Eval("rmse", p, y, w), std::sqrt(5.5 / 4.0));
  EXPECT_DOUBLE_EQ(Eval("l1", p, y, w), 0.75);
}

TEST(BinaryMetricTest, LoglossByHand) {
  const std::vector<double> p = {0.9, 0.2, 0.6};
  const std::vector<float> y = {1.0f, 0.0f, 0.0f};
  const double expected = -(std::log(0.9) + std::log(0.8) + std::log(0.4)) / 3.0;
  EXPECT_DOUBLE_EQ(Eval("binary_logloss", p, y), expected);
  const std::vector<float> w = {1.0f, 2.0f, 3.0f};
  EXPECT_DOUBLE_EQ(Eval("binary_logloss", p, y, w),
                   -(std::log(0.9) + 2.0 * std::log(0.8) + 3.0 * std::log(0.4)) / 6.0);
}

TEST(BinaryMetricTest, LoglossClampsCertainMistakes) {
  const std::vector<double> p = {0.0, 1.0, 1.0, 0.0};
  const std::vector<float> y = {1.0f, 0.0f, 1.0f, 0.0f};
  const double loss = Eval("binary_logloss", p, y);
  EXPECT_TRUE(std::isfinite(loss));
  // Two certain mistakes cost -log(1e-15) each (both ends, as in LightGBM); certain hits cost 0.
  EXPECT_DOUBLE_EQ(loss, 2.0 * -std::log(1e-15) / 4.0);
}

TEST(BinaryMetricTest, ErrorUsesHalfAsClassZero) {
  const std::vector<double> p = {0.5, 0.5000001, 0.2, 0.7};
  const std::vector<float> y = {0.0f, 1.0f, 1.0f, 0.0f};
  EXPECT_DOUBLE_EQ(Eval("binary_error", p, y), 0.5);  // rows 2 and 3 are wrong
  const std::vector<float> w = {1.0f, 1.0f, 3.0f, 1.0f};
  EXPECT_DOUBLE_EQ(Eval("binary_error", p, y, w), 4.0 / 6.0);
  const std::vector<float> y_half = {1.0f};  // p == 0.5 predicts class 0
  EXPECT_DOUBLE_EQ(Eval("binary_error", {0.5}, y_half), 1.0);
}

// Reference values computed offline with scikit-learn 1.5.2 (log_loss, mean_squared_error,
// mean_absolute_error) on exactly these arrays.
TEST(BinaryMetricTest, MatchesScikitLearn) {
  const std::vector<float> y = {0, 1, 1, 0, 1, 0, 0, 1, 1, 0};
  const std::vector<double> p = {0.1, 0.8, 0.35, 0.35, 0.9, 0.6, 0.2, 0.6, 0.35, 0.05};
  const std::vector<float> w = {1.0f, 2.0f, 0.5f, 1.5f, 1.0f, 3.0f, 0.25f, 1.0f, 2.0f, 0.75f};
  EXPECT_NEAR(Eval("binary_logloss", p, y), 0.4665844949061578, 1e-14);
  EXPECT_NEAR(Eval("binary_logloss", p, y, w), 0.5601301151797784, 1e-14);
  EXPECT_NEAR(Eval("l2", p, y), 0.159, 1e-15);
  EXPECT_NEAR(Eval("l2", p, y, w), 0.19937500000000002, 1e-15);
  EXPECT_NEAR(Eval("l1", p, y, w), 0.38749999999999996, 1e-15);
}

TEST(PointwiseMetricTest, IndependentOfThreadCount) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const size_t n = 100001;  // several blocks, with a ragged end
  std::vector<double> p(n);
  std::vector<float> y(n), w(n);
  for (size_t i = 0; i < n; ++i) {
    p[i] = unit(rng);
    y[i] = unit(rng) < p[i] ? 1.0f : 0.0f;
    w[i] = static_cast<float>(unit(rng) * 3.0);
  }
  for (const char* name : {"l2", "rmse", "l1", "binary_logloss", "binary_error", "auc"}) {
    const double one = Eval(name, p, y, w, 1);
    for (const int threads : {2, 3, 7, 0}) {
      EXPECT_EQ(Eval(name, p, y, w, threads), one) << name << " threads " << threads;
    }
  }
}

}  // namespace
}  // namespace qgbm
