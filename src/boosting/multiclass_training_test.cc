// The boosting loop with several outputs: one tree per class per iteration, iteration-major, and
// a class that cannot learn never stops the others.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "boosting/gbdt_trainer.h"
#include "data/testing_data.h"

namespace qgbm {
namespace {

// Binary synthetic data whose labels are moved to the classes given by `relabel(row, label)`.
template <class Relabel>
StatusOr<Dataset> MakeDataset(int64_t rows, Relabel relabel) {
  RawData raw = testing::MakeRawData(rows, 5, 3);
  for (size_t r = 0; r < raw.labels.size(); ++r)
    raw.labels[r] = relabel(static_cast<int64_t>(r), raw.labels[r]);
  return Dataset::FromRaw(std::move(raw), BinningOptions{}, 1);
}

Params MulticlassParams(const std::string& objective, int num_class, bool quantized) {
  Params p;
  p.boosting.objective = objective;
  p.boosting.num_class = num_class;
  p.boosting.num_iterations = 8;
  p.tree.num_leaves = 7;
  p.quant.use_quantized_grad = quantized;
  return p;
}

bool IsConstantZero(const Tree& tree) {
  return tree.num_leaves() == 1 && tree.leaf_value()[0] == 0.0;
}

TEST(MulticlassTrainingTest, ClassWithoutRowsGetsConstantTreesAndOthersTrain) {
  // Labels 0 and 1 only, three classes: class 2 has no row (LightGBM's ClassNeedTrain).
  auto data = MakeDataset(2000, [](int64_t, float y) { return y; });
  ASSERT_TRUE(data.ok());
  const Context ctx(1, 0, -1);
  for (const char* objective : {"multiclass", "multiclassova"}) {
    for (bool quantized : {true, false}) {
      auto trainer =
          GbdtTrainer::Create(MulticlassParams(objective, 3, quantized), *data, {}, nullptr, ctx);
      ASSERT_TRUE(trainer.ok()) << trainer.status().message();
      ASSERT_TRUE((*trainer)->Train().ok());
      const Model& model = (*trainer)->model();
      ASSERT_EQ(model.num_tree_per_iteration, 3);
      ASSERT_EQ(model.trees.size(), 24u) << objective;
      for (size_t t = 0; t < model.trees.size(); ++t) {
        EXPECT_EQ(IsConstantZero(model.trees[t]), t % 3 == 2) << objective << " tree " << t;
      }
    }
  }
}

TEST(MulticlassTrainingTest, ClassThatCannotSplitDoesNotStopTheOthers) {
  // Class 2 holds 5 of 1000 rows, so its hessians (1.5 p (1 - p) with p near 0.005) sum to about
  // 7.5: with min_sum_hessian_in_leaf 5 no split of it leaves 5 on both sides, while classes 0
  // and 1 (hessians near 0.375 a row) split freely.
  auto data = MakeDataset(1000, [](int64_t r, float y) { return r % 200 == 7 ? 2.0f : y; });
  ASSERT_TRUE(data.ok());
  const Context ctx(1, 0, -1);
  Params p = MulticlassParams("multiclass", 3, true);
  p.tree.min_sum_hessian_in_leaf = 5.0;
  auto trainer = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
  ASSERT_TRUE(trainer.ok()) << trainer.status().message();
  ASSERT_TRUE((*trainer)->Train().ok());
  const Model& model = (*trainer)->model();
  ASSERT_EQ(model.trees.size(), 24u);
  for (size_t t = 0; t < model.trees.size(); ++t) {
    if (t % 3 == 2) {
      EXPECT_TRUE(IsConstantZero(model.trees[t])) << "tree " << t;
    } else {
      EXPECT_GT(model.trees[t].num_leaves(), 1) << "tree " << t;
    }
  }
}

TEST(MulticlassTrainingTest, BadLabelsAndMismatchedMetricsAreErrors) {
  const Context ctx(1, 0, -1);
  auto data = MakeDataset(100, [](int64_t r, float y) { return r == 42 ? 3.0f : y; });
  auto bad = GbdtTrainer::Create(MulticlassParams("multiclass", 3, true), *data, {}, nullptr, ctx);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("row 42"), std::string::npos) << bad.status().message();

  auto good = MakeDataset(100, [](int64_t, float y) { return y; });
  Params p = MulticlassParams("multiclass", 3, true);
  p.boosting.metric = {"binary_logloss"};
  EXPECT_FALSE(GbdtTrainer::Create(p, *good, {}, nullptr, ctx).ok());
  p = MulticlassParams("multiclass", 3, true);
  p.boosting.objective = "binary";
  p.boosting.num_class = 1;
  p.boosting.metric = {"multi_error"};
  EXPECT_FALSE(GbdtTrainer::Create(p, *good, {}, nullptr, ctx).ok());
}

}  // namespace
}  // namespace qgbm
