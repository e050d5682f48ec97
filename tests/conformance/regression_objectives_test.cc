// Conformance of the pointwise objectives beyond L2 and binary, quantized and full precision:
// training improves the objective's own metric, a saved and loaded model predicts the training
// scores bit for bit, models are the same bytes on any thread count (leaf renewal included), and
// L1 / quantile leaves are the percentiles of their rows' residuals.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "boosting/gbdt_trainer.h"
#include "data/testing_data.h"
#include "metric/metric.h"
#include "model/model_io.h"
#include "predict/predictor.h"

namespace qgbm {
namespace {

constexpr int kRows = 4000, kFeatures = 6;

// Synthetic regression labels mapped into each objective's domain.
RawData MakeData(const std::string& objective, bool weighted, uint64_t seed = 21) {
  RawData raw = testing::MakeRawData(kRows, kFeatures, seed, true, 0.02);
  for (float& y : raw.labels) {
    if (objective == "poisson") y = std::floor(std::exp(y / 2.0f));
    if (objective == "gamma") y = std::exp(y / 2.0f);
    if (objective == "tweedie") y = std::max(0.0f, y);
    if (objective == "cross_entropy") y = 1.0f / (1.0f + std::exp(-y));
  }
  if (weighted) {
    raw.weights.resize(raw.labels.size());
    for (size_t i = 0; i < raw.weights.size(); ++i)
      raw.weights[i] = 0.5f + static_cast<float>(i % 4);
  }
  return raw;
}

Params MakeParams(const std::string& objective, bool quantized) {
  Params p;
  p.boosting.objective = objective;
  p.boosting.num_iterations = 25;
  p.boosting.alpha = objective == "quantile" ? 0.7 : 0.9;
  p.quant.use_quantized_grad = quantized;
  p.tree.num_leaves = 15;
  return p;
}

struct Case {
  std::string objective;
  bool quantized;
  bool weighted;
};

std::string Name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.objective + (info.param.quantized ? "_quantized" : "_float") +
         (info.param.weighted ? "_weighted" : "");
}

class RegressionObjectiveTest : public ::testing::TestWithParam<Case> {};

TEST_P(RegressionObjectiveTest, TrainsAndPredictsTrainingScoresBitForBit) {
  const Case c = GetParam();
  RawData raw = MakeData(c.objective, c.weighted);
  const std::vector<float> values = raw.values;
  auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  const Context ctx(2, 0, -1);
  const Params params = MakeParams(c.objective, c.quantized);
  auto trainer = GbdtTrainer::Create(params, *data, {}, nullptr, ctx);
  ASSERT_TRUE(trainer.ok()) << trainer.status().message();
  ASSERT_TRUE((*trainer)->Train().ok());
  const Model& model = (*trainer)->model();
  ASSERT_EQ(model.trees.size(), 25u);

  // The objective's default metric is well below that of the constant initial score.
  auto objective = CreateObjective(params.boosting);
  MetricOptions mo;
  mo.alpha = params.boosting.alpha;
  auto metric = CreateMetric((*objective)->default_metric(), mo);
  ASSERT_TRUE(metric.ok());
  const LabelView labels{data->metadata().labels, data->metadata().weights, {}};
  std::vector<double> pred(kRows), constant(kRows);
  PredictOptions po;
  po.threads = 2;
  Predict(model, values.data(), kRows, kFeatures, po, pred.data());
  Model empty = model;
  empty.trees.clear();
  Predict(empty, values.data(), kRows, kFeatures, po, constant.data());
  const double trained = (*metric)->Evaluate(pred, labels, 1);
  const double initial = (*metric)->Evaluate(constant, labels, 1);
  EXPECT_LT(trained, initial - 0.1 * std::fabs(initial)) << trained << " vs " << initial;

  auto bytes = SerializeModel(model, ModelFileFormat::kCbor);
  ASSERT_TRUE(bytes.ok());
  auto loaded = DeserializeModel(*bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  std::vector<double> raw_scores(kRows);
  po.raw_score = true;
  PredictRaw(*loaded, values.data(), kRows, kFeatures, po, raw_scores.data());
  for (int i = 0; i < kRows; ++i) ASSERT_EQ(raw_scores[i], (*trainer)->train_scores()[i]) << i;
}

INSTANTIATE_TEST_SUITE_P(
    Objectives, RegressionObjectiveTest,
    ::testing::Values(Case{"regression_l1", true, false}, Case{"regression_l1", false, true},
                      Case{"quantile", true, true}, Case{"quantile", false, false},
                      Case{"huber", true, false}, Case{"huber", false, true},
                      Case{"mape", true, true}, Case{"mape", false, false},
                      Case{"fair", true, false}, Case{"fair", false, true},
                      Case{"poisson", true, true}, Case{"poisson", false, false},
                      Case{"gamma", true, false}, Case{"gamma", false, true},
                      Case{"tweedie", true, true}, Case{"tweedie", false, false},
                      Case{"cross_entropy", true, true}, Case{"cross_entropy", false, false}),
    Name);

// With learning_rate 1 and one iteration each leaf value is the renewed one: LightGBM's
// percentile of label - initial score over the leaf's rows (checked here by sorting).
TEST(LeafRenewalTest, LeavesAreThePercentilesOfTheirResiduals) {
  for (const bool quantized : {true, false}) {
    RawData raw = MakeData("quantile", false);
    const std::vector<float> values = raw.values;
    auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, 2);
    Params p = MakeParams("quantile", quantized);
    p.boosting.num_iterations = 1;
    p.boosting.learning_rate = 1.0;
    const Context ctx(2, 0, -1);
    auto trainer = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
    ASSERT_TRUE(trainer.ok());
    ASSERT_TRUE((*trainer)->Train().ok());
    const Model& model = (*trainer)->model();
    const Tree& tree = model.trees[0];
    ASSERT_GT(tree.num_leaves(), 2);
    std::vector<std::vector<double>> residuals(static_cast<size_t>(tree.num_leaves()));
    for (int r = 0; r < kRows; ++r) {
      const int leaf = tree.LeafIndex(values.data() + static_cast<size_t>(r) * kFeatures);
      residuals[static_cast<size_t>(leaf)].push_back(data->metadata().labels[r] -
                                                     model.init_score[0]);
    }
    for (int l = 0; l < tree.num_leaves(); ++l) {
      std::vector<double>& v = residuals[static_cast<size_t>(l)];
      std::sort(v.begin(), v.end());
      // alpha 0.7 held as a float: position alpha (n - 1) in ascending order, interpolated.
      const double pos =
          (1.0 - static_cast<double>(1.0f - 0.7f)) * static_cast<double>(v.size() - 1);
      const auto lo = static_cast<size_t>(pos);
      const double hi = v[std::min(lo + 1, v.size() - 1)];
      const double expected = v[lo] + (hi - v[lo]) * (pos - static_cast<double>(lo));
      EXPECT_NEAR(tree.leaf_value()[static_cast<size_t>(l)], expected, 1e-6)
          << "leaf " << l << (quantized ? " quantized" : " float");
    }
  }
}

std::string ModelBytes(const std::string& objective, int threads) {
  RawData raw = MakeData(objective, true, 5);
  auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, threads);
  Params p = MakeParams(objective, true);
  p.boosting.bagging_fraction = 0.7;
  p.boosting.bagging_freq = 1;
  const Context ctx(threads, 0, -1);
  auto trainer = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
  EXPECT_TRUE(trainer.ok());
  EXPECT_TRUE((*trainer)->Train().ok());
  return SerializeModel((*trainer)->model(), ModelFileFormat::kJson).value();
}

TEST(RegressionObjectiveDeterminismTest, SameModelBytesOnAnyThreadCount) {
  for (const char* objective : {"regression_l1", "quantile", "mape", "poisson"}) {
    const std::string one = ModelBytes(objective, 1);
    EXPECT_EQ(one, ModelBytes(objective, 3)) << objective;
  }
}

}  // namespace
}  // namespace qgbm
