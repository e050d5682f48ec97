#include "predict/flat_forest.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "predict/float_threshold.h"
#include "predict/predictor.h"
#include "predict/row_keys.h"
#include "predict/row_predictor.h"
#include "predict/testing_forests.h"

namespace qgbm {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kDoubleInf = std::numeric_limits<double>::infinity();

// v <= FloatThresholdBelow(t) must equal (double)v <= t for every float v; checks the floats
// around the answer and around t, where the two could first differ.
void ExpectSameDecisions(double t) {
  const float f = FloatThresholdBelow(t);
  std::vector<float> probe = {f,
                              std::nextafter(f, kInf),
                              std::nextafter(f, -kInf),
                              kInf,
                              -kInf,
                              0.0f,
                              -0.0f,
                              std::numeric_limits<float>::max(),
                              std::numeric_limits<float>::lowest(),
                              std::numeric_limits<float>::denorm_min()};
  for (const float v : probe) {
    EXPECT_EQ(v <= f, static_cast<double>(v) <= t) << "t " << t << " v " << v << " f " << f;
  }
}

TEST(FloatThresholdTest, SameDecisionsAsTheDoubleThreshold) {
  constexpr double kFloatMax = std::numeric_limits<float>::max();
  for (const double t : {0.0,
                         -0.0,
                         1.0,
                         0.1,
                         -0.1,
                         1.0 / 3,
                         1e-320,
                         -1e-320,
                         1e-50,
                         -1e-50,
                         1e-45,
                         kFloatMax,
                         -kFloatMax,
                         std::nextafter(kFloatMax, kDoubleInf),
                         std::nextafter(-kFloatMax, -kDoubleInf),
                         1e39,
                         -1e39,
                         1e300,
                         -1e300,
                         kDoubleInf,
                         -kDoubleInf}) {
    ExpectSameDecisions(t);
  }
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(-4.0, 4.0);
  for (int i = 0; i < 20000; ++i) ExpectSameDecisions(unit(rng));
}

TEST(FloatThresholdTest, EdgeValues) {
  EXPECT_EQ(FloatThresholdBelow(kDoubleInf), kInf);
  EXPECT_EQ(FloatThresholdBelow(-kDoubleInf), -kInf);
  EXPECT_EQ(FloatThresholdBelow(1e300), std::numeric_limits<float>::max());
  EXPECT_EQ(FloatThresholdBelow(-1e300), -kInf);
  EXPECT_EQ(FloatThresholdBelow(0.1), std::nextafter(0.1f, 0.0f));  // 0.1f is above 0.1
  EXPECT_EQ(FloatThresholdBelow(0.5), 0.5f);
}

TEST(RowKeysTest, KeysOrderAsTheFloats) {
  const float values[] = {-kInf,
                          std::numeric_limits<float>::lowest(),
                          -1.5f,
                          -1e-40f,
                          -std::numeric_limits<float>::denorm_min(),
                          -0.0f,
                          0.0f,
                          std::numeric_limits<float>::denorm_min(),
                          1e-40f,
                          1.0f,
                          3.5f,
                          std::numeric_limits<float>::max(),
                          kInf};
  for (const float a : values) {
    for (const float b : values) {
      EXPECT_EQ(OrderedKey(a) > OrderedKey(b), a > b) << a << " " << b;
      EXPECT_EQ(OrderedKey(a) == OrderedKey(b), a == b) << a << " " << b;
    }
    EXPECT_GT(OrderedKey(a), kNanLowKey);
    EXPECT_LT(OrderedKey(a), kNanHighKey);
  }
  const float row[] = {1.0f, std::numeric_limits<float>::quiet_NaN()};
  int32_t keys[8];
  KeyRow(row, 2, 2, keys);  // stride 2: every other entry
  EXPECT_EQ(keys[0], OrderedKey(1.0f));
  EXPECT_EQ(keys[2], kNanLowKey);
  EXPECT_EQ(keys[4], OrderedKey(1.0f));
  EXPECT_EQ(keys[6], kNanHighKey);
}

TEST(FlatForestTest, LayoutPairsChildrenAndAbsorbsAtLeaves) {
  Model m;
  m.num_features = 2;
  m.feature_names = {"a", "b"};
  m.init_score = {0.0};
  Tree one_leaf;
  one_leaf.set_leaf_value(0, 7.0);
  Tree two_splits;
  two_splits.Split(0, 1, 0.5, /*default_left=*/false, 1.0, 1.0, 2.0, 1, 1, 1.0, 1.0);
  two_splits.Split(1, 0, -0.5, /*default_left=*/true, 1.0, 3.0, 4.0, 1, 1, 1.0, 1.0);
  m.trees = {one_leaf, two_splits};
  const FlatForest forest(m);
  const auto node = [&](NodeRef ref) { return forest.nodes()[ref / sizeof(FlatNode)]; };
  EXPECT_EQ(forest.depth(0), 0);
  EXPECT_EQ(forest.depth(1), 2);
  EXPECT_EQ(forest.root(0), 0u);
  EXPECT_EQ(forest.leaf_value(0), 7.0);
  EXPECT_EQ(node(0).left, 0u);  // a leaf steps onto itself
  EXPECT_EQ(node(0).right, 0u);
  const NodeRef root = forest.root(1);
  EXPECT_EQ(root, sizeof(FlatNode));  // right after the first tree
  // Feature 1 with NaN right reads the high copy of the key row: column 1 + 2, lane-interleaved.
  EXPECT_EQ(node(root).key_offset, (1u + 2u) * kLanes * 4);
  EXPECT_EQ(node(root).threshold, OrderedKey(0.5f));
  EXPECT_EQ(node(root).right, node(root).left + sizeof(FlatNode));  // breadth first
  const FlatNode split = node(node(root).right);  // leaf 1 of the tree split again
  EXPECT_EQ(split.key_offset, 0u);                // feature 0, NaN left: the low copy
  EXPECT_EQ(forest.leaf_index(node(root).left), 0);
  EXPECT_EQ(forest.leaf_index(split.left), 1);
  EXPECT_EQ(forest.leaf_index(split.right), 2);
  EXPECT_EQ(forest.leaf_value(split.right), 4.0);
}

void ExpectLeavesOfTrees(const Model& m, int64_t n, int stride, std::mt19937_64& rng) {
  const FlatForest forest(m);
  const std::vector<float> rows = testing::RandomHardRows(m, n, stride, rng);
  const auto num_trees = static_cast<int64_t>(m.trees.size());
  std::vector<int32_t> batch(static_cast<size_t>(n * num_trees));
  PredictLeafIndex(forest, rows.data(), n, stride, {}, batch.data());
  std::vector<int32_t> single(static_cast<size_t>(num_trees));
  for (int64_t r = 0; r < n; ++r) {
    const float* row = &rows[static_cast<size_t>(r * stride)];
    PredictRowLeafIndex(forest, row, {0, forest.num_iterations()}, single.data());
    for (int64_t t = 0; t < num_trees; ++t) {
      const int32_t expected = m.trees[static_cast<size_t>(t)].LeafIndex(row);
      ASSERT_EQ(batch[static_cast<size_t>(r * num_trees + t)], expected) << r << " " << t;
      ASSERT_EQ(single[static_cast<size_t>(t)], expected) << r << " " << t;
    }
  }
}

// Every leaf the compiled forest finds, in batches and one row at a time, is Tree::LeafIndex's:
// several blocks, a last walk that is not full, multi-output models.
TEST(FlatForestTest, LeafIndicesMatchTheTreesOnHardInputs) {
  std::mt19937_64 rng(5);
  for (const int k : {1, 3}) {
    ExpectLeavesOfTrees(testing::RandomHardModel(24 * k, k, 4, 40, rng), 1500, 5, rng);
  }
}

// Rows too wide for the single-row path's stack buffer, and blocks of the smallest size.
TEST(FlatForestTest, WideRowsMatchTheTrees) {
  std::mt19937_64 rng(6);
  ExpectLeavesOfTrees(testing::RandomHardModel(20, 1, 300, 60, rng), 300, 301, rng);
}

}  // namespace
}  // namespace qgbm
