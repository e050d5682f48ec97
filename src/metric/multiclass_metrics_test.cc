#include "metric/multiclass_metrics.h"

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

// Two rows, three classes, output-major: row 0 (label 0) has probabilities (.7, .2, .1), row 1
// (label 2) has (.5, .3, .2).
const std::vector<double> kProbs = {0.7, 0.5, 0.2, 0.3, 0.1, 0.2};
const std::vector<float> kLabels = {0, 2};

double Eval(const std::string& name, const std::vector<double>& p, const std::vector<float>& y,
            const std::vector<float>& w = {}, int top_k = 1, int threads = 1) {
  MetricOptions options;
  options.multi_error_top_k = top_k;
  auto m = CreateMetric(name, options);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return (*m)->Evaluate(p, LabelView{y, w, {}}, threads);
}

TEST(MulticlassMetricsTest, LoglossByHand) {
  EXPECT_DOUBLE_EQ(Eval("multi_logloss", kProbs, kLabels), (-std::log(0.7) - std::log(0.2)) / 2);
  EXPECT_DOUBLE_EQ(Eval("multi_logloss", kProbs, kLabels, {1, 3}),
                   (-std::log(0.7) - 3 * std::log(0.2)) / 4);
  // A zero probability is clamped to LightGBM's 1e-15 instead of giving infinity.
  EXPECT_DOUBLE_EQ(Eval("multi_logloss", {1.0, 0.0}, {1}), -std::log(static_cast<double>(1e-15f)));
}

TEST(MulticlassMetricsTest, ErrorByHandWithTopK) {
  EXPECT_DOUBLE_EQ(Eval("multi_error", kProbs, kLabels), 0.5);
  EXPECT_DOUBLE_EQ(Eval("multi_error", kProbs, kLabels, {1, 3}), 0.75);
  EXPECT_DOUBLE_EQ(Eval("multi_error", kProbs, kLabels, {}, 2), 0.5);  // row 1's class is third
  EXPECT_DOUBLE_EQ(Eval("multi_error", kProbs, kLabels, {}, 3), 0.0);
  // A tie with another class is an error (LightGBM counts classes scoring >= the true one).
  EXPECT_DOUBLE_EQ(Eval("multi_error", {0.5, 0.5}, {0}), 1.0);
}

std::unique_ptr<Metric> Get(const std::string& name, int top_k = 1) {
  MetricOptions options;
  options.multi_error_top_k = top_k;
  auto m = CreateMetric(name, options);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return std::move(m).value();
}

TEST(MulticlassMetricsTest, NamesAndKinds) {
  EXPECT_EQ(Get("multi_error", 3)->name(), "multi_error@3");
  EXPECT_EQ(Get("multi_error")->name(), "multi_error");
  EXPECT_EQ(Get("softmax")->name(), "multi_logloss");
  EXPECT_TRUE(Get("multiclassova")->multiclass());
  EXPECT_FALSE(Get("binary_logloss")->multiclass());
}

TEST(MulticlassMetricsTest, SameValueOnAnyThreadCount) {
  const size_t rows = 70000, classes = 4;
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> p(rows * classes);
  for (double& v : p) v = u(rng);
  std::vector<float> y(rows), w(rows);
  for (size_t i = 0; i < rows; ++i) {
    y[i] = static_cast<float>(i % classes);
    w[i] = static_cast<float>(0.5 + u(rng));
  }
  for (const char* name : {"multi_logloss", "multi_error"}) {
    const double one = Eval(name, p, y, w, 1, 1);
    EXPECT_EQ(one, Eval(name, p, y, w, 1, 2)) << name;
    EXPECT_EQ(one, Eval(name, p, y, w, 1, 4)) << name;
  }
}

}  // namespace
}  // namespace qgbm
