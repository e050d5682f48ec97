// Conformance of constrained and depth-wise training: the same model bytes on 1, 2 and 4 threads,
// and a saved and loaded model predicts the training scores bit for bit (quantized and float).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "boosting/gbdt_trainer.h"
#include "data/testing_data.h"
#include "model/model_io.h"
#include "predict/predictor.h"

namespace qgbm {
namespace {

constexpr int64_t kRows = 8000;
constexpr int kFeatures = 6;

Params ConstrainedParams(bool quantized) {
  Params p;
  p.boosting.objective = "regression";
  p.boosting.num_iterations = 15;
  p.boosting.bagging_fraction = 0.7;
  p.boosting.bagging_freq = 1;
  p.boosting.feature_fraction = 0.8;
  p.quant.use_quantized_grad = quantized;
  p.tree.grow_policy = "depthwise";
  p.tree.max_depth = 4;
  p.tree.num_leaves = 16;
  p.tree.monotone_constraints = {"1", "0", "-1", "0", "0", "0"};
  p.tree.monotone_penalty = 0.3;
  p.tree.interaction_constraints = "[0,1,2],[2,3,4,5]";
  return p;
}

struct Trained {
  std::string bytes;
  std::vector<double> train_scores;
};

Trained Train(bool quantized, int threads, const RawData& raw) {
  auto data = Dataset::FromRaw(RawData(raw), BinningOptions{}, threads);
  EXPECT_TRUE(data.ok());
  const Context ctx(threads, 0, -1);
  auto trainer = GbdtTrainer::Create(ConstrainedParams(quantized), *data, {}, nullptr, ctx);
  EXPECT_TRUE(trainer.ok()) << trainer.status().message();
  EXPECT_TRUE((*trainer)->Train().ok());
  return {SerializeModel((*trainer)->model(), ModelFileFormat::kJson).value(),
          (*trainer)->train_scores()};
}

TEST(ConstrainedTrainingTest, SameBytesOnAnyThreadCountAndLoadedModelPredictsTrainingScores) {
  const RawData raw = testing::MakeRawData(kRows, kFeatures, 17, true, 0.02);
  for (bool quantized : {true, false}) {
    const Trained one = Train(quantized, 1, raw);
    EXPECT_EQ(one.bytes, Train(quantized, 2, raw).bytes) << quantized;
    EXPECT_EQ(one.bytes, Train(quantized, 4, raw).bytes) << quantized;
    auto loaded = DeserializeModel(one.bytes);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    std::vector<double> scores(static_cast<size_t>(kRows));
    PredictOptions po;
    po.threads = 2;
    po.raw_score = true;
    PredictRaw(*loaded, raw.values.data(), kRows, kFeatures, po, scores.data());
    for (size_t i = 0; i < scores.size(); ++i) ASSERT_EQ(scores[i], one.train_scores[i]) << i;
  }
}

TEST(ConstrainedTrainingTest, ConstraintsThatDoNotFitTheDataAreErrors) {
  auto data = Dataset::FromRaw(testing::MakeRawData(500, kFeatures, 3, true), BinningOptions{}, 1);
  ASSERT_TRUE(data.ok());
  const Context ctx(1, 0, -1);
  Params p = ConstrainedParams(true);
  p.tree.monotone_constraints = {"1", "0"};
  auto short_list = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
  ASSERT_FALSE(short_list.ok());
  EXPECT_NE(short_list.status().message().find("has 2 entries"), std::string::npos);
  EXPECT_NE(short_list.status().message().find("6 features"), std::string::npos);
  p = ConstrainedParams(true);
  p.tree.interaction_constraints = "[0,6]";
  auto out_of_range = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_NE(out_of_range.status().message().find("feature 6"), std::string::npos);
}

}  // namespace
}  // namespace qgbm
