// Conformance: for each objective, quantized and full precision, train on a small dataset,
// check the metric, save and load the model (JSON and CBOR), and check that predictions of the
// loaded model equal the scores the booster accumulated during training, bit for bit.
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

struct Case {
  std::string objective;
  bool quantized;
  bool bagging;
};

std::string Name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.objective + (info.param.quantized ? "_quantized" : "_float") +
         (info.param.bagging ? "_bagging" : "");
}

class TrainPredictTest : public ::testing::TestWithParam<Case> {};

bool IsMulticlass(const std::string& objective) {
  return objective == "multiclass" || objective == "multiclassova";
}

// Regression targets cut into three classes of similar size: a 3-class problem.
RawData MakeData(int64_t rows, int features, uint64_t seed, const std::string& objective,
                 double missing_rate) {
  const bool multiclass = IsMulticlass(objective);
  RawData raw = testing::MakeRawData(rows, features, seed, objective == "regression" || multiclass,
                                     missing_rate);
  if (multiclass) {
    for (float& y : raw.labels) y = y < -0.4f ? 0.0f : (y < 0.4f ? 1.0f : 2.0f);
  }
  return raw;
}

Params MakeParams(const Case& c) {
  Params p;
  p.boosting.objective = c.objective;
  if (IsMulticlass(c.objective)) p.boosting.num_class = 3;
  p.boosting.num_iterations = 30;
  p.quant.use_quantized_grad = c.quantized;
  p.tree.num_leaves = 15;
  if (c.bagging) {
    p.boosting.bagging_fraction = 0.7;
    p.boosting.bagging_freq = 2;
    p.boosting.feature_fraction = 0.6;
  }
  return p;
}

TEST_P(TrainPredictTest, LoadedModelPredictsTrainingScoresBitForBit) {
  const Case c = GetParam();
  const bool regression = c.objective == "regression";
  const bool multiclass = IsMulticlass(c.objective);
  const int k = multiclass ? 3 : 1;
  RawData raw = MakeData(6000, 6, 21, c.objective, 0.02);
  const std::vector<float> values = raw.values;
  auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  const Context ctx(2, 0, -1);
  auto trainer = GbdtTrainer::Create(MakeParams(c), *data, {}, nullptr, ctx);
  ASSERT_TRUE(trainer.ok()) << trainer.status().message();
  ASSERT_TRUE((*trainer)->Train().ok());
  const Model& model = (*trainer)->model();
  ASSERT_EQ(model.trees.size(), 30u * static_cast<size_t>(k));

  // The model learned something: training metric well past the constant predictor.
  std::vector<double> pred(6000 * static_cast<size_t>(k)), output_major(pred.size());
  PredictOptions po;
  po.threads = 2;
  Predict(model, values.data(), 6000, 6, po, pred.data());
  for (size_t r = 0; r < 6000; ++r) {
    for (size_t out = 0; out < static_cast<size_t>(k); ++out)
      output_major[out * 6000 + r] = pred[r * static_cast<size_t>(k) + out];
  }
  auto metric = CreateMetric(regression ? "l2" : (multiclass ? "multi_error" : "auc"));
  const double m = (*metric)->Evaluate(output_major, LabelView{data->metadata().labels, {}, {}}, 1);
  if (regression)
    EXPECT_LT(m, 0.6);
  else if (multiclass)
    EXPECT_LT(m, 0.25);  // a constant predictor errs on about 2/3 of the rows
  else
    EXPECT_GT(m, 0.9);

  for (ModelFileFormat format : {ModelFileFormat::kJson, ModelFileFormat::kCbor}) {
    auto bytes = SerializeModel(model, format);
    ASSERT_TRUE(bytes.ok());
    auto loaded = DeserializeModel(*bytes);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    std::vector<double> raw_scores(pred.size());
    po.raw_score = true;
    PredictRaw(*loaded, values.data(), 6000, 6, po, raw_scores.data());
    const std::vector<double>& train_scores = (*trainer)->train_scores();
    ASSERT_EQ(train_scores.size(), raw_scores.size());
    for (size_t r = 0; r < 6000; ++r) {
      for (size_t out = 0; out < static_cast<size_t>(k); ++out) {  // row- vs output-major
        ASSERT_EQ(raw_scores[r * static_cast<size_t>(k) + out], train_scores[out * 6000 + r])
            << "row " << r << " output " << out;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Objectives, TrainPredictTest,
    ::testing::Values(Case{"binary", true, false}, Case{"binary", false, false},
                      Case{"binary", true, true}, Case{"regression", true, false},
                      Case{"regression", false, false}, Case{"regression", true, true},
                      Case{"multiclass", true, false}, Case{"multiclass", false, false},
                      Case{"multiclass", true, true}, Case{"multiclassova", true, false},
                      Case{"multiclassova", false, true}),
    Name);

std::string TrainedModelBytes(int threads, const Case& c) {
  auto data = Dataset::FromRaw(MakeData(40000, 8, 5, c.objective, 0.01), BinningOptions{}, threads);
  const Context ctx(threads, 0, -1);
  Params p = MakeParams(c);
  if (IsMulticlass(c.objective)) p.boosting.num_iterations = 10;  // 3 trees an iteration
  auto trainer = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
  EXPECT_TRUE(trainer.ok());
  EXPECT_TRUE((*trainer)->Train().ok());
  return SerializeModel((*trainer)->model(), ModelFileFormat::kJson).value();
}

TEST(DeterminismTest, SameModelBytesWithOneTwoAndFourThreads) {
  for (const Case& c : {Case{"binary", true, true}, Case{"binary", false, true},
                        Case{"regression", true, false}, Case{"multiclass", true, true}}) {
    const std::string one = TrainedModelBytes(1, c);
    EXPECT_EQ(one, TrainedModelBytes(2, c)) << Name({c, 0});
    EXPECT_EQ(one, TrainedModelBytes(4, c)) << Name({c, 0});
  }
}

// Many iterations with quantized gradients: scores keep improving, nothing degenerates.
TEST(QuantizedTrainingTest, ManyIterationsStayFiniteAndImprove) {
  auto data = Dataset::FromRaw(testing::MakeRawData(3000, 5, 8), BinningOptions{}, 2);
  Params p = MakeParams({"binary", true, true});
  p.boosting.num_iterations = 600;
  p.quant.num_grad_quant_bins = 2;
  const Context ctx(2, 0, -1);
  auto trainer = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
  ASSERT_TRUE((*trainer)->Train().ok());
  for (double s : (*trainer)->train_scores()) ASSERT_TRUE(std::isfinite(s));
  EXPECT_GT((*trainer)->model().trees.size(), 300u);
}

}  // namespace
}  // namespace qgbm
