#include "learner/grow/tree_grower.h"

#include <vector>

#include <gtest/gtest.h>

#include "data/testing_data.h"

namespace qgbm {
namespace {

struct Gradients {
  std::vector<float> grad, hess;
  std::vector<uint16_t> packed;
  QuantScale scale;
  TreeGradients View(bool quantized) const {
    return {grad.data(), hess.data(), quantized ? packed.data() : nullptr,
            quantized ? &scale : nullptr};
  }
};

Gradients LogisticGradients(const Dataset& data, int bins, std::span<const int32_t> bag) {
  Gradients g;
  const auto& labels = data.metadata().labels;
  for (float y : labels) {
    g.grad.push_back(0.5f - y);  // logistic gradient at score 0
    g.hess.push_back(0.25f);
  }
  g.packed.resize(labels.size());
  GradientQuantizer q({bins, true, 5});
  EXPECT_TRUE(q.Quantize(g.grad, g.hess, bag, false, 0, 2, g.packed, &g.scale).ok());
  return g;
}

// Quantized and full-precision trees on the same data find splits and keep counts consistent.
TEST(TreeGrowerTest, GrowsFullTreesWithConsistentCounts) {
  auto data = Dataset::FromRaw(testing::MakeRawData(5000, 6, 1, false, 0.03), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  Gradients g = LogisticGradients(*data, 4, {});
  for (bool quantized : {true, false}) {
    GrowerOptions o;
    o.num_leaves = 31;
    TreeGrower grower(*data, o, 2);
    GrownTree t = grower.Grow({}, g.View(quantized), {});
    EXPECT_EQ(t.tree.num_leaves(), 31);
    int64_t total = 0;
    for (int l = 0; l < t.tree.num_leaves(); ++l) {
      EXPECT_EQ(t.tree.leaf_count()[static_cast<size_t>(l)], grower.partitioner().Count(l));
      EXPECT_GE(grower.partitioner().Count(l), o.split.min_data_in_leaf);
      total += grower.partitioner().Count(l);
      // Routing binned rows lands each row in the leaf the partition put it in.
      for (int32_t r : grower.partitioner().Rows(l))
        ASSERT_EQ(t.LeafOfBinnedRow(data->matrix(), r), l);
    }
    EXPECT_EQ(total, 5000);
  }
}

// LightGBM's "left_count > 0" crash: 128 leaves on 1k rows with small leaves near each width.
TEST(TreeGrowerTest, ManyLeavesOnFewRowsNeverProducesEmptyLeaves) {
  auto data = Dataset::FromRaw(testing::MakeRawData(1000, 4, 2, true), BinningOptions{}, 1);
  ASSERT_TRUE(data.ok());
  for (int bins : {2, 4, 127}) {
    Gradients g = LogisticGradients(*data, bins, {});
    for (size_t i = 0; i < g.grad.size(); ++i) g.grad[i] = data->metadata().labels[i] * 0.1f;
    GradientQuantizer q({bins, true, 5});
    ASSERT_TRUE(q.Quantize(g.grad, g.hess, {}, false, 0, 1, g.packed, &g.scale).ok());
    GrowerOptions o;
    o.num_leaves = 128;
    o.split.min_data_in_leaf = 1;
    o.split.min_sum_hessian_in_leaf = 0.0;
    TreeGrower grower(*data, o, 2);
    GrownTree t = grower.Grow({}, g.View(true), {});
    EXPECT_GT(t.tree.num_leaves(), 50);
    for (int l = 0; l < t.tree.num_leaves(); ++l) EXPECT_GT(grower.partitioner().Count(l), 0);
  }
}

TEST(TreeGrowerTest, BaggingAndColumnMaskKeepLeafTotalsExact) {
  auto data = Dataset::FromRaw(testing::MakeRawData(20000, 8, 3), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  std::vector<int32_t> bag;
  for (int32_t r = 0; r < 20000; ++r)
    if (r % 5 != 0) bag.push_back(r);
  Gradients g = LogisticGradients(*data, 4, bag);
  std::vector<uint8_t> mask = {1, 0, 1, 1, 0, 1, 0, 1};
  GrowerOptions o;
  o.num_leaves = 63;
  TreeGrower grower(*data, o, 2);
  GrownTree t = grower.Grow(bag, g.View(true), mask);
  int64_t total = 0;
  for (int l = 0; l < t.tree.num_leaves(); ++l) total += grower.partitioner().Count(l);
  EXPECT_EQ(total, static_cast<int64_t>(bag.size()));
  for (int32_t f : t.tree.split_feature()) EXPECT_EQ(mask[static_cast<size_t>(f)], 1);
}

TEST(TreeGrowerTest, AllZeroGradientsGiveASingleLeafWithValueZero) {
  auto data = Dataset::FromRaw(testing::MakeRawData(2000, 3, 4), BinningOptions{}, 1);
  ASSERT_TRUE(data.ok());
  Gradients g;
  g.grad.assign(2000, 0.0f);
  g.hess.assign(2000, 0.0f);
  g.packed.resize(2000);
  GradientQuantizer q({4, true, 5});
  ASSERT_TRUE(q.Quantize(g.grad, g.hess, {}, false, 0, 1, g.packed, &g.scale).ok());
  TreeGrower grower(*data, GrowerOptions{}, 1);
  GrownTree t = grower.Grow({}, g.View(true), {});
  EXPECT_EQ(t.tree.num_leaves(), 1);
  EXPECT_EQ(t.tree.leaf_value()[0], 0.0);
}

TEST(TreeGrowerTest, SameTreeForAnyThreadCount) {
  auto data = Dataset::FromRaw(testing::MakeRawData(60000, 5, 6, false, 0.01), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  Gradients g = LogisticGradients(*data, 4, {});
  for (bool quantized : {true, false}) {
    GrowerOptions o;
    o.num_leaves = 63;
    TreeGrower one(*data, o, 1), four(*data, o, 4);
    GrownTree a = one.Grow({}, g.View(quantized), {}), b = four.Grow({}, g.View(quantized), {});
    EXPECT_EQ(a.tree.split_feature(), b.tree.split_feature());
    EXPECT_EQ(a.tree.threshold(), b.tree.threshold());
    EXPECT_EQ(a.tree.leaf_value(), b.tree.leaf_value());
  }
}

}  // namespace
}  // namespace qgbm
