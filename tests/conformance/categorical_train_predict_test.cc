// Conformance with categorical features: training on categorical columns (scores accumulated
// through bins), then the saved and loaded model (JSON and CBOR) predicting the raw category
// codes, gives the same scores bit for bit; and the model bytes do not depend on the threads.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "boosting/gbdt_trainer.h"
#include "data/testing_data.h"
#include "model/model_io.h"
#include "predict/predictor.h"

namespace qgbm {
namespace {

// MakeRawData with features 0 and 2 turned into category codes (20 and 7 categories, code order
// unrelated to the value order), and a few negative codes, which count as missing.
RawData CategoricalRawData(int64_t rows, uint64_t seed) {
  RawData raw = testing::MakeRawData(rows, 5, seed, false, 0.02);
  raw.categorical = {1, 0, 1, 0, 0};
  for (int64_t r = 0; r < rows; ++r) {
    for (int f : {0, 2}) {
      float& v = raw.values[static_cast<size_t>(r * 5 + f)];
      if (std::isnan(v)) continue;
      const int buckets = f == 0 ? 20 : 7;
      const int bucket = static_cast<int>(v * static_cast<float>(buckets));
      v = r % 97 == 0 ? -1.0f : static_cast<float>((bucket * 7) % buckets * 3);
    }
  }
  return raw;
}

Params MakeParams(bool quantized, bool bagging) {
  Params p;
  p.boosting.objective = "binary";
  p.boosting.num_iterations = 25;
  p.quant.use_quantized_grad = quantized;
  p.tree.num_leaves = 15;
  p.tree.min_data_per_group = 20;
  if (bagging) {
    p.boosting.bagging_fraction = 0.7;
    p.boosting.bagging_freq = 1;
  }
  return p;
}

TEST(CategoricalConformanceTest, LoadedModelPredictsTrainingScoresBitForBit) {
  for (bool quantized : {true, false}) {
    RawData raw = CategoricalRawData(5000, 31);
    const std::vector<float> values = raw.values;  // prediction reads the codes themselves
    auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, 2);
    ASSERT_TRUE(data.ok());
    const Context ctx(2, 0, -1);
    auto trainer = GbdtTrainer::Create(MakeParams(quantized, true), *data, {}, nullptr, ctx);
    ASSERT_TRUE(trainer.ok()) << trainer.status().message();
    ASSERT_TRUE((*trainer)->Train().ok());
    const Model& model = (*trainer)->model();
    int categorical_nodes = 0;
    for (const Tree& t : model.trees) {
      for (uint8_t c : t.is_categorical()) categorical_nodes += c;
    }
    EXPECT_GT(categorical_nodes, 10);
    for (ModelFileFormat format : {ModelFileFormat::kJson, ModelFileFormat::kCbor}) {
      auto loaded = DeserializeModel(SerializeModel(model, format).value());
      ASSERT_TRUE(loaded.ok()) << loaded.status().message();
      std::vector<double> scores(5000);
      PredictOptions po;
      po.threads = 2;
      po.raw_score = true;
      PredictRaw(*loaded, values.data(), 5000, 5, po, scores.data());
      const std::vector<double>& train_scores = (*trainer)->train_scores();
      for (size_t i = 0; i < scores.size(); ++i) ASSERT_EQ(scores[i], train_scores[i]) << i;
    }
  }
}

std::string ModelBytes(int threads, bool quantized) {
  auto data = Dataset::FromRaw(CategoricalRawData(20000, 5), BinningOptions{}, threads);
  const Context ctx(threads, 0, -1);
  auto trainer = GbdtTrainer::Create(MakeParams(quantized, true), *data, {}, nullptr, ctx);
  EXPECT_TRUE(trainer.ok());
  EXPECT_TRUE((*trainer)->Train().ok());
  return SerializeModel((*trainer)->model(), ModelFileFormat::kJson).value();
}

TEST(CategoricalConformanceTest, SameModelBytesWithOneAndThreeThreads) {
  for (bool quantized : {true, false}) {
    EXPECT_EQ(ModelBytes(1, quantized), ModelBytes(3, quantized)) << quantized;
  }
}

}  // namespace
}  // namespace qgbm
