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

Params MakeParams(const Case& c) {
  Params p;
  p.boosting.objective = c.objective;
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
  RawData raw = testing::MakeRawData(6000, 6, 21, regression, 0.02);
  const std::vector<float> values = raw.values;
  auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  const Context ctx(2, 0, -1);
  auto trainer = GbdtTrainer::Create(MakeParams(c), *data, {}, nullptr, ctx);
  ASSERT_TRUE(trainer.ok()) << trainer.status().message();
  ASSERT_TRUE((*trainer)->Train().ok());
  const Model& model = (*trainer)->model();
  ASSERT_EQ(model.trees.size(), 30u);

  // The model learned something: training metric well past the constant predictor.
  std::vector<double> pred(6000);
  PredictOptions po;
  po.threads = 2;
  Predict(model, values.data(), 6000, 6, po, pred.data());
  auto metric = CreateMetric(regression ? "l2" : "auc");
  const double m = (*metric)->Evaluate(pred, LabelView{data->metadata().labels, {}, {}}, 1);
  if (regression)
    EXPECT_LT(m, 0.6);
  else
    EXPECT_GT(m, 0.9);

  for (ModelFileFormat format : {ModelFileFormat::kJson, ModelFileFormat::kCbor}) {
    auto bytes = SerializeModel(model, format);
    ASSERT_TRUE(bytes.ok());
    auto loaded = DeserializeModel(*bytes);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    std::vector<double> raw_scores(6000);
    po.raw_score = true;
    PredictRaw(*loaded, values.data(), 6000, 6, po, raw_scores.data());
    const std::vector<double>& train_scores = (*trainer)->train_scores();
    for (size_t i = 0; i < raw_scores.size(); ++i) {
      ASSERT_EQ(raw_scores[i], train_scores[i]) << "row " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Objectives, TrainPredictTest,
                         ::testing::Values(Case{"binary", true, false},
                                           Case{"binary", false, false}, Case{"binary", true, true},
                                           Case{"regression", true, false},
                                           Case{"regression", false, false},
                                           Case{"regression", true, true}),
                         Name);

std::string TrainedModelBytes(int threads, const Case& c) {
  auto data = Dataset::FromRaw(testing::MakeRawData(40000, 8, 5, c.objective == "regression", 0.01),
                               BinningOptions{}, threads);
  const Context ctx(threads, 0, -1);
  auto trainer = GbdtTrainer::Create(MakeParams(c), *data, {}, nullptr, ctx);
  EXPECT_TRUE(trainer.ok());
  EXPECT_TRUE((*trainer)->Train().ok());
  return SerializeModel((*trainer)->model(), ModelFileFormat::kJson).value();
}

TEST(DeterminismTest, SameModelBytesWithOneTwoAndFourThreads) {
  for (const Case& c :
       {Case{"binary", true, true}, Case{"binary", false, true}, Case{"regression", true, false}}) {
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
