// Monotone and interaction constraints and depth-wise growth, on single trees.
#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "data/testing_data.h"
#include "learner/grow/tree_grower.h"

namespace qgbm {
namespace {

constexpr int kFeatures = 6;

struct Gradients {
  std::vector<float> grad, hess;
  std::vector<uint16_t> packed;
  QuantScale scale;
  TreeGradients View(bool quantized) const {
    return {grad.data(), hess.data(), quantized ? packed.data() : nullptr,
            quantized ? &scale : nullptr};
  }
};

// Squared-error gradients at score 0 of targets that are not monotone in any feature.
Gradients RegressionGradients(const Dataset& data) {
  Gradients g;
  for (float y : data.metadata().labels) {
    g.grad.push_back(-y);
    g.hess.push_back(1.0f);
  }
  g.packed.resize(g.grad.size());
  GradientQuantizer q({4, true, 5});
  EXPECT_TRUE(q.Quantize(g.grad, g.hess, {}, true, 0, 2, g.packed, &g.scale).ok());
  return g;
}

StatusOr<Dataset> MakeData() {
  return Dataset::FromRaw(testing::MakeRawData(4000, kFeatures, 7, true, 0.02), BinningOptions{},
                          2);
}

// The features used on the branch of every leaf.
void BranchFeatures(const Tree& tree, int node, std::set<int> used,
                    std::vector<std::set<int>>* out) {
  if (node < 0) {
    out->push_back(used);
    return;
  }
  used.insert(tree.split_feature()[static_cast<size_t>(node)]);
  BranchFeatures(tree, tree.left_child()[static_cast<size_t>(node)], used, out);
  BranchFeatures(tree, tree.right_child()[static_cast<size_t>(node)], used, out);
}

TEST(ConstrainedGrowthTest, MonotoneFeaturesGiveMonotonePredictions) {
  auto data = MakeData();
  ASSERT_TRUE(data.ok());
  const Gradients g = RegressionGradients(*data);
  for (bool quantized : {true, false}) {
    GrowerOptions o;
    o.num_leaves = 63;
    o.split.min_data_in_leaf = 5;
    // Feature 0 rises then falls (sin(3x)); feature 2 mostly falls (sin(3x + 2)).
    o.constraints.monotone = {1, 0, -1, 0, 0, 0};
    TreeGrower grower(*data, o, 2);
    const Tree tree = grower.Grow({}, g.View(quantized), {}).tree;
    ASSERT_GT(tree.num_leaves(), 20);
    const auto& used = tree.split_feature();
    EXPECT_TRUE(std::count(used.begin(), used.end(), 0) > 0 &&
                std::count(used.begin(), used.end(), 2) > 0);
    // Vary features 0 and 2 over a grid at many random rows.
    const std::vector<float>& values = testing::MakeRawData(200, kFeatures, 11).values;
    for (int feature : {0, 2}) {
      for (size_t r = 0; r < 200; ++r) {
        std::vector<float> row(values.begin() + static_cast<int64_t>(r) * kFeatures,
                               values.begin() + static_cast<int64_t>(r + 1) * kFeatures);
        double previous = 0.0;
        for (int step = 0; step <= 100; ++step) {
          row[static_cast<size_t>(feature)] = static_cast<float>(step) / 100.0f;
          const double p = tree.Predict(row.data());
          if (step > 0 && feature == 0) {
            ASSERT_GE(p, previous) << quantized << " row " << r;
          }
          if (step > 0 && feature == 2) {
            ASSERT_LE(p, previous) << quantized << " row " << r;
          }
          previous = p;
        }
      }
    }
  }
}

// Depth of every internal node, by node index.
void NodeDepths(const Tree& tree, int node, int depth, std::vector<int>* out) {
  if (node < 0) return;
  (*out)[static_cast<size_t>(node)] = depth;
  NodeDepths(tree, tree.left_child()[static_cast<size_t>(node)], depth + 1, out);
  NodeDepths(tree, tree.right_child()[static_cast<size_t>(node)], depth + 1, out);
}

TEST(ConstrainedGrowthTest, MonotonePenaltyKeepsConstrainedSplitsAwayFromTheRoot) {
  // LightGBM's factors: penalty p <= 1 keeps 1 - p / 2^depth; depths below p - 1 keep ~nothing.
  EXPECT_DOUBLE_EQ(MonotoneGainFactor(0, 0.0), 1.0);
  EXPECT_NEAR(MonotoneGainFactor(0, 0.5), 0.5, 1e-12);
  EXPECT_NEAR(MonotoneGainFactor(2, 0.5), 0.875, 1e-12);
  EXPECT_LT(MonotoneGainFactor(1, 2.0), 1e-12);
  EXPECT_NEAR(MonotoneGainFactor(3, 2.5), 1.0 - std::pow(2.0, -1.5), 1e-12);
  auto data = MakeData();
  ASSERT_TRUE(data.ok());
  const Gradients g = RegressionGradients(*data);
  GrowerOptions o;
  o.num_leaves = 63;
  o.split.min_data_in_leaf = 5;
  o.constraints.monotone = {1, 0, -1, 0, 0, 0};
  o.constraints.monotone_penalty = 2.0;  // depths 0 and 1: no constrained split
  TreeGrower grower(*data, o, 2);
  const Tree tree = grower.Grow({}, g.View(true), {}).tree;
  std::vector<int> depth(static_cast<size_t>(tree.num_internal()));
  NodeDepths(tree, 0, 0, &depth);
  int deep_constrained = 0;
  for (int n = 0; n < tree.num_internal(); ++n) {
    const int f = tree.split_feature()[static_cast<size_t>(n)];
    if (f != 0 && f != 2) continue;
    EXPECT_GE(depth[static_cast<size_t>(n)], 2) << "node " << n;
    ++deep_constrained;
  }
  EXPECT_GT(deep_constrained, 0);
}

TEST(ConstrainedGrowthTest, EveryBranchUsesFeaturesOfOneInteractionSet) {
  auto data = MakeData();
  ASSERT_TRUE(data.ok());
  const Gradients g = RegressionGradients(*data);
  const std::vector<std::set<int>> sets = {{0, 1, 2}, {2, 3}};
  for (bool quantized : {true, false}) {
    GrowerOptions o;
    o.num_leaves = 63;
    o.split.min_data_in_leaf = 5;
    o.constraints.interaction_sets = {{0, 1, 2}, {2, 3}};
    TreeGrower grower(*data, o, 2);
    const Tree tree = grower.Grow({}, g.View(quantized), {}).tree;
    ASSERT_GT(tree.num_leaves(), 20);
    std::vector<std::set<int>> branches;
    BranchFeatures(tree, 0, {}, &branches);
    std::set<int> all_used;
    for (const std::set<int>& branch : branches) {
      all_used.insert(branch.begin(), branch.end());
      const bool in_one_set = std::any_of(sets.begin(), sets.end(), [&](const std::set<int>& s) {
        return std::includes(s.begin(), s.end(), branch.begin(), branch.end());
      });
      EXPECT_TRUE(in_one_set);
    }
    EXPECT_EQ(all_used.count(4) + all_used.count(5), 0u);  // in no set: never used
    EXPECT_GE(all_used.size(), 3u);
  }
}

TEST(ConstrainedGrowthTest, DepthwiseGrowsCompleteLevels) {
  auto data = MakeData();
  ASSERT_TRUE(data.ok());
  const Gradients g = RegressionGradients(*data);
  for (bool quantized : {true, false}) {
    GrowerOptions o;
    o.grow_policy = GrowPolicy::kDepthwise;
    o.max_depth = 4;
    o.num_leaves = 16;
    o.split.min_data_in_leaf = 1;
    TreeGrower grower(*data, o, 2);
    const Tree full = grower.Grow({}, g.View(quantized), {}).tree;
    ASSERT_EQ(full.num_leaves(), 16);
    for (int d : full.leaf_depth()) EXPECT_EQ(d, 4);
    // A num_leaves cap stops inside a level: the earlier levels stay complete.
    o.num_leaves = 11;
    TreeGrower capped(*data, o, 2);
    const Tree part = capped.Grow({}, g.View(quantized), {}).tree;
    ASSERT_EQ(part.num_leaves(), 11);
    for (int d : part.leaf_depth()) EXPECT_TRUE(d == 3 || d == 4) << d;
  }
}

TEST(ConstrainedGrowthTest, ConstrainedDepthwiseTreesDoNotDependOnThreads) {
  auto data = MakeData();
  ASSERT_TRUE(data.ok());
  const Gradients g = RegressionGradients(*data);
  for (bool quantized : {true, false}) {
    GrowerOptions o;
    o.grow_policy = GrowPolicy::kDepthwise;
    o.max_depth = 5;
    o.num_leaves = 32;
    o.constraints.monotone = {1, 0, -1, 0, 0, 0};
    o.constraints.monotone_penalty = 0.5;
    o.constraints.interaction_sets = {{0, 1, 2, 3}, {2, 4, 5}};
    std::vector<Tree> trees;
    for (int threads : {1, 2}) {
      TreeGrower grower(*data, o, threads);
      trees.push_back(grower.Grow({}, g.View(quantized), {}).tree);
    }
    EXPECT_EQ(trees[0].split_feature(), trees[1].split_feature());
    EXPECT_EQ(trees[0].threshold(), trees[1].threshold());
    EXPECT_EQ(trees[0].leaf_value(), trees[1].leaf_value());
  }
}

}  // namespace
}  // namespace qgbm
