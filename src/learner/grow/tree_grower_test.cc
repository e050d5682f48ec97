#include "learner/grow/tree_grower.h"

#include <set>
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

// AddToScores (rows walked side by side) adds each row's leaf value, skipping flagged rows.
TEST(TreeGrowerTest, AddToScoresMatchesRowByRowRouting) {
  auto data = Dataset::FromRaw(testing::MakeRawData(5003, 6, 2, false, 0.05), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  Gradients g = LogisticGradients(*data, 4, {});
  GrowerOptions o;
  o.num_leaves = 40;
  TreeGrower grower(*data, o, 2);
  const GrownTree t = grower.Grow({}, g.View(true), {});
  std::vector<uint8_t> skip(5003);
  for (size_t r = 0; r < skip.size(); ++r) skip[r] = r % 7 == 3 ? 1 : 0;
  const uint8_t* skips[2] = {nullptr, skip.data()};
  for (const uint8_t* s : skips) {
    for (int threads : {1, 3}) {
      std::vector<double> scores(5003, 0.5);
      t.AddToScores(data->matrix(), s, threads, scores.data());
      for (int64_t r = 0; r < 5003; ++r) {
        const double want =
            0.5 +
            ((s != nullptr && s[r] != 0)
                 ? 0.0
                 : t.tree.leaf_value()[static_cast<size_t>(t.LeafOfBinnedRow(data->matrix(), r))]);
        ASSERT_EQ(scores[static_cast<size_t>(r)], want) << "row " << r;
      }
    }
  }
}

// 4-bit cells (max_bin <= 15) grow the same trees as byte cells: histograms (row- and
// column-wise), partitions (vector and scalar tails) and routing all read the same bins.
TEST(TreeGrowerTest, FourBitCellsGrowTheSameTrees) {
  BinningOptions packed_options, byte_options;
  packed_options.max_bin = byte_options.max_bin = 15;
  byte_options.pack_4bit = false;
  auto packed = Dataset::FromRaw(testing::MakeRawData(30001, 7, 6, false, 0.03), packed_options, 2);
  auto bytes = Dataset::FromRaw(testing::MakeRawData(30001, 7, 6, false, 0.03), byte_options, 2);
  ASSERT_TRUE(packed.ok() && bytes.ok());
  ASSERT_EQ(packed->matrix().width(), BinWidth::k4);
  ASSERT_EQ(bytes->matrix().width(), BinWidth::k8);
  Gradients g = LogisticGradients(*packed, 4, {});
  for (HistogramLayout layout : {HistogramLayout::kRowWise, HistogramLayout::kColumnWise}) {
    for (bool quantized : {true, false}) {
      GrowerOptions o;
      o.num_leaves = 63;
      o.histogram_layout = layout;
      TreeGrower a(*packed, o, 2), b(*bytes, o, 2);
      const GrownTree ta = a.Grow({}, g.View(quantized), {});
      const GrownTree tb = b.Grow({}, g.View(quantized), {});
      ASSERT_EQ(ta.tree.num_leaves(), 63);
      EXPECT_EQ(ta.tree.split_feature(), tb.tree.split_feature());
      EXPECT_EQ(ta.tree.threshold(), tb.tree.threshold());
      EXPECT_EQ(ta.tree.leaf_value(), tb.tree.leaf_value());
      EXPECT_EQ(ta.tree.leaf_count(), tb.tree.leaf_count());
      std::vector<double> sa(30001, 0.0), sb(30001, 0.0);
      ta.AddToScores(packed->matrix(), nullptr, 2, sa.data());
      tb.AddToScores(bytes->matrix(), nullptr, 2, sb.data());
      EXPECT_EQ(sa, sb);
    }
  }
}

// Wide data (64+ columns) searches columns on several threads and builds dense leaves
// column-wise: the tree is the same for 1 and 3 threads.
TEST(TreeGrowerTest, WideDataGivesTheSameTreeOnAnyThreadCount) {
  auto data = Dataset::FromRaw(testing::MakeRawData(6000, 80, 8, false, 0.01), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  Gradients g = LogisticGradients(*data, 4, {});
  for (bool quantized : {true, false}) {
    GrowerOptions o;
    o.num_leaves = 31;
    TreeGrower one(*data, o, 1), three(*data, o, 3);
    const GrownTree a = one.Grow({}, g.View(quantized), {});
    const GrownTree b = three.Grow({}, g.View(quantized), {});
    ASSERT_EQ(a.tree.num_leaves(), 31);
    EXPECT_EQ(a.tree.split_feature(), b.tree.split_feature());
    EXPECT_EQ(a.tree.threshold(), b.tree.threshold());
    EXPECT_EQ(a.tree.leaf_value(), b.tree.leaf_value());
  }
}

// A histogram pool far below one histogram per leaf drops and rebuilds histograms: quantized
// sums are exact, so the tree is the same as without a cap, grown twice in a row (reused slots).
TEST(TreeGrowerTest, HistogramPoolCapGivesTheSameTree) {
  auto data = Dataset::FromRaw(testing::MakeRawData(20000, 8, 4, false, 0.02), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  Gradients g = LogisticGradients(*data, 4, {});
  GrowerOptions unlimited;
  unlimited.num_leaves = 63;
  GrowerOptions capped = unlimited;
  capped.histogram_pool_bytes = 3 * 8 * 256 * 8;  // about three small histograms
  TreeGrower a(*data, unlimited, 2), b(*data, capped, 2);
  for (int round = 0; round < 2; ++round) {
    const GrownTree ta = a.Grow({}, g.View(true), {});
    const GrownTree tb = b.Grow({}, g.View(true), {});
    ASSERT_EQ(ta.tree.num_leaves(), 63);
    EXPECT_EQ(ta.tree.split_feature(), tb.tree.split_feature());
    EXPECT_EQ(ta.tree.threshold(), tb.tree.threshold());
    EXPECT_EQ(ta.tree.leaf_value(), tb.tree.leaf_value());
    EXPECT_EQ(ta.tree.leaf_count(), tb.tree.leaf_count());
    EXPECT_GT(b.times().histogram_rows, a.times().histogram_rows);  // rebuilt histograms
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

// Columns b and c in {0, 1}, 100 rows of each pair; target 2b + (2b - 1)(2c - 1) + bonus when
// b = c = 1. Without the bonus c splits the root into halves of equal sums (no gain) but
// predicts the target perfectly below b's split.
Dataset InteractionData(float bonus) {
  RawData raw;
  raw.num_rows = 400;
  raw.num_features = 2;
  for (int r = 0; r < 400; ++r) {
    const float b = static_cast<float>(r % 2), c = static_cast<float>((r / 2) % 2);
    raw.values.push_back(b);
    raw.values.push_back(c);
    raw.labels.push_back(2 * b + (2 * b - 1) * (2 * c - 1) + (b * c > 0 ? bonus : 0.0f));
  }
  raw.feature_names = {"b", "c"};
  auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, 1);
  EXPECT_TRUE(data.ok());
  return std::move(*data);
}

// A column with no valid split in a leaf is not searched below it (as in LightGBM): c, useless
// at the root, is not used under b although it would split both children perfectly. When c
// has a (small) gain at the root, the same children do split on it.
TEST(TreeGrowerTest, ColumnWithoutSplitInALeafIsNotSearchedBelowIt) {
  for (const float bonus : {0.0f, 0.5f}) {
    const Dataset data = InteractionData(bonus);
    Gradients g;
    for (float y : data.metadata().labels) {
      g.grad.push_back(-y);  // squared error at score 0
      g.hess.push_back(1.0f);
    }
    GrowerOptions o;
    o.num_leaves = 4;
    TreeGrower grower(data, o, 1);
    const GrownTree t = grower.Grow({}, g.View(false), {});
    ASSERT_GE(t.tree.num_internal(), 1);
    EXPECT_EQ(t.tree.split_feature()[0], 0);
    EXPECT_EQ(t.tree.num_leaves(), bonus == 0.0f ? 2 : 4) << "bonus " << bonus;
  }
}

// feature_fraction_bynode: each node draws its own columns from the node key, so the same key
// grows the same tree on any thread count, another key another tree, and a node limited to one
// column splits on whichever it drew even where another column is better everywhere.
TEST(TreeGrowerTest, NodeColumnSamplingDrawsPerNode) {
  auto data = Dataset::FromRaw(testing::MakeRawData(20000, 6, 11), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  Gradients g = LogisticGradients(*data, 4, {});
  GrowerOptions o;
  o.num_leaves = 31;
  auto columns_used = [](const GrownTree& t) {
    std::set<int32_t> used(t.tree.split_feature().begin(), t.tree.split_feature().end());
    return used.size();
  };
  o.feature_fraction_bynode = 1.0 / 6.0;  // one column per node
  TreeGrower one(*data, o, 1), four(*data, o, 4);
  const GrownTree a = one.Grow({}, g.View(true), {}, 7);
  const GrownTree b = four.Grow({}, g.View(true), {}, 7);
  EXPECT_EQ(a.tree.split_feature(), b.tree.split_feature());
  EXPECT_EQ(a.tree.threshold(), b.tree.threshold());
  EXPECT_EQ(a.tree.leaf_value(), b.tree.leaf_value());
  const GrownTree c = one.Grow({}, g.View(true), {}, 8);
  EXPECT_NE(a.tree.split_feature(), c.tree.split_feature());
  // The root's one column: different keys give different roots for some key.
  std::set<int32_t> roots;
  for (uint64_t key = 0; key < 16; ++key)
    roots.insert(one.Grow({}, g.View(true), {}, key).tree.split_feature()[0]);
  EXPECT_GE(roots.size(), 3u);
  EXPECT_GE(columns_used(a), 5u);
  // With a tree mask, nodes draw only from the tree's columns.
  const std::vector<uint8_t> mask = {0, 1, 0, 1, 1, 0};
  for (uint64_t key = 0; key < 4; ++key) {
    const GrownTree m = one.Grow({}, g.View(true), mask, key);
    for (int32_t f : m.tree.split_feature()) EXPECT_EQ(mask[static_cast<size_t>(f)], 1);
  }
}

}  // namespace
}  // namespace qgbm
