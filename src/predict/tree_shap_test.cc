// TreeSHAP against the definition: exact Shapley values computed by enumerating every coalition
// of features, with E[f | S] defined by the tree covers (tree_shap.h).
#include "predict/tree_shap.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "model/model.h"
#include "model/tree.h"
#include "predict/contrib_predictor.h"
#include "predict/predictor.h"
#include "predict/testing_forests.h"

namespace qgbm {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// E[f | S] by its definition: follow the row on features in S, average by cover elsewhere.
double ConditionalExpectation(const Tree& tree, int32_t node, const float* row, uint32_t in_s) {
  if (node < 0) return tree.leaf_value()[static_cast<size_t>(~node)];
  const auto n = static_cast<size_t>(node);
  const int feature = tree.split_feature()[n];
  if ((in_s >> feature) & 1U) {
    const float v = row[feature];
    const bool left =
        std::isnan(v) ? tree.default_left()[n] != 0 : static_cast<double>(v) <= tree.threshold()[n];
    return ConditionalExpectation(tree, left ? tree.left_child()[n] : tree.right_child()[n], row,
                                  in_s);
  }
  auto cover = [&](int32_t c) {
    return static_cast<double>(c >= 0 ? tree.internal_count()[static_cast<size_t>(c)]
                                      : tree.leaf_count()[static_cast<size_t>(~c)]);
  };
  const double l = cover(tree.left_child()[n]), r = cover(tree.right_child()[n]);
  const double wl = l + r > 0 ? l / (l + r) : 0.5;
  return wl * ConditionalExpectation(tree, tree.left_child()[n], row, in_s) +
         (1.0 - wl) * ConditionalExpectation(tree, tree.right_child()[n], row, in_s);
}

double TreeValue(const Tree& tree, const float* row, uint32_t in_s) {
  return tree.num_internal() == 0 ? tree.leaf_value()[0]
                                  : ConditionalExpectation(tree, 0, row, in_s);
}

// phi_i = sum over S not holding i of |S|! (M - |S| - 1)! / M! (E[f | S + i] - E[f | S]).
std::vector<double> BruteForceShapley(const Tree& tree, const float* row, int m) {
  std::vector<double> factorial(static_cast<size_t>(m) + 1, 1.0);
  for (int i = 1; i <= m; ++i) factorial[static_cast<size_t>(i)] = factorial[i - 1] * i;
  std::vector<double> phi(static_cast<size_t>(m), 0.0);
  for (int i = 0; i < m; ++i) {
    for (uint32_t s = 0; s < (1U << m); ++s) {
      if ((s >> i) & 1U) continue;
      const int size = std::popcount(s);
      const double weight = factorial[static_cast<size_t>(size)] *
                            factorial[static_cast<size_t>(m - size - 1)] /
                            factorial[static_cast<size_t>(m)];
      phi[static_cast<size_t>(i)] +=
          weight * (TreeValue(tree, row, s | (1U << i)) - TreeValue(tree, row, s));
    }
  }
  return phi;
}

// A random tree whose counts are consistent (a split divides its leaf's rows), as trained trees
// are; features repeat along paths, which exercises the unwinding of TreeSHAP.
Tree RandomTree(int num_features, int max_leaves, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  Tree tree;
  tree.set_leaf_count(0, 1000);
  const int splits = 1 + static_cast<int>(rng() % static_cast<uint64_t>(max_leaves - 1));
  for (int s = 0; s < splits; ++s) {
    const int leaf = static_cast<int>(rng() % static_cast<uint64_t>(tree.num_leaves()));
    const int64_t count = tree.leaf_count()[static_cast<size_t>(leaf)];
    if (count < 2) continue;
    const int64_t left = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(count - 1));
    tree.Split(leaf, static_cast<int>(rng() % static_cast<uint64_t>(num_features)),
               static_cast<float>(unit(rng)), rng() % 2 == 0, 1.0, unit(rng), unit(rng), left,
               count - left, 1.0, 1.0);
  }
  return tree;
}

std::vector<float> RandomRow(int num_features, std::mt19937_64& rng) {
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  std::vector<float> row(static_cast<size_t>(num_features));
  for (float& v : row) v = rng() % 6 == 0 ? kNaN : unit(rng);
  return row;
}

void ExpectMatchesBruteForce(const Tree& tree, int m, std::mt19937_64& rng) {
  ShapScratch scratch;
  for (int r = 0; r < 5; ++r) {
    const std::vector<float> row = RandomRow(m, rng);
    std::vector<double> phi(static_cast<size_t>(m), 0.0);
    TreeShap(tree, row.data(), &scratch, phi.data());
    const std::vector<double> expected = BruteForceShapley(tree, row.data(), m);
    double sum = TreeExpectedValue(tree);
    for (int f = 0; f < m; ++f) {
      EXPECT_NEAR(phi[static_cast<size_t>(f)], expected[static_cast<size_t>(f)], 1e-9)
          << "feature " << f;
      sum += phi[static_cast<size_t>(f)];
    }
    // Efficiency: the values add up to the tree's prediction.
    EXPECT_NEAR(sum, tree.Predict(row.data()), 1e-9);
  }
}

TEST(TreeShapTest, MatchesBruteForceShapleyOnRandomTrees) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 60; ++trial) {
    const int m = 1 + static_cast<int>(rng() % 6);
    ExpectMatchesBruteForce(RandomTree(m, 2 + static_cast<int>(rng() % 14), rng), m, rng);
  }
}

// Counts that do not add up (hand-built or edited models) and children no row reached: the
// values are still the Shapley values of the cover-weighted expectation, and never NaN.
TEST(TreeShapTest, InconsistentAndZeroCoversStayExact) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 30; ++trial) {
    const int m = 2 + static_cast<int>(rng() % 4);
    Model model = testing::RandomHardModel(1, 1, m, 12, rng);
    Tree::Arrays a = model.trees[0].ToArrays();
    for (int64_t& c : a.internal_count) c = static_cast<int64_t>(rng() % 4);  // zeros included
    for (int64_t& c : a.leaf_count) c = static_cast<int64_t>(rng() % 4);
    ExpectMatchesBruteForce(Tree::FromArrays(a), m, rng);
  }
}

TEST(TreeShapTest, SingleLeafTreeHasOnlyABias) {
  Tree leaf;
  leaf.set_leaf_value(0, 2.5);
  const float row[2] = {1.0f, kNaN};
  double phi[2] = {0.0, 0.0};
  ShapScratch scratch;
  TreeShap(leaf, row, &scratch, phi);
  EXPECT_EQ(phi[0], 0.0);
  EXPECT_EQ(phi[1], 0.0);
  EXPECT_EQ(TreeExpectedValue(leaf), 2.5);
}

// By hand: root f0 <= 0 (60 rows left, value 1; 40 right, value -1). Expected value 0.2; a row
// going left gets phi_0 = 1 - 0.2.
TEST(TreeShapTest, OneSplitByHand) {
  Tree t;
  t.Split(0, 0, 0.0, /*default_left=*/false, 1.0, 1.0, -1.0, 60, 40, 1.0, 1.0);
  EXPECT_DOUBLE_EQ(TreeExpectedValue(t), 0.2);
  ShapScratch scratch;
  const float left_row[2] = {-1.0f, 5.0f};
  double phi[2] = {0.0, 0.0};
  TreeShap(t, left_row, &scratch, phi);
  EXPECT_DOUBLE_EQ(phi[0], 0.8);
  EXPECT_EQ(phi[1], 0.0);
  const float missing_row[2] = {kNaN, 5.0f};  // NaN goes right here
  phi[0] = 0.0;
  TreeShap(t, missing_row, &scratch, phi);
  EXPECT_DOUBLE_EQ(phi[0], -1.2);
}

Model RandomConsistentModel(int iterations, int k, int m, std::mt19937_64& rng) {
  Model model;
  model.num_tree_per_iteration = k;
  model.num_features = m;
  model.feature_names.assign(static_cast<size_t>(m), "f");
  for (int c = 0; c < k; ++c) model.init_score.push_back(0.25 * c - 0.5);
  for (int t = 0; t < iterations * k; ++t) model.trees.push_back(RandomTree(m, 12, rng));
  return model;
}

// Every output's contributions plus its bias add up to PredictRaw, for K = 1 and K = 3, with
// iteration ranges; the thread count changes nothing.
TEST(ContribPredictorTest, SumsToRawScoresForEveryOutput) {
  std::mt19937_64 rng(3);
  for (const int k : {1, 3}) {
    const Model model = RandomConsistentModel(6, k, 5, rng);
    constexpr int64_t kRows = 150;
    constexpr int kStride = 6;
    const std::vector<float> rows = testing::RandomHardRows(model, kRows, kStride, rng);
    for (const int num_iterations : {-1, 2}) {
      PredictOptions o;
      o.num_iterations = num_iterations;
      o.start_iteration = num_iterations > 0 ? 1 : 0;
      std::vector<double> raw(static_cast<size_t>(kRows * k));
      PredictRaw(model, rows.data(), kRows, kStride, o, raw.data());
      const int64_t width = NumContribsPerRow(model);
      ASSERT_EQ(width, k * 6);
      std::vector<double> one(static_cast<size_t>(kRows * width));
      std::vector<double> four(one.size());
      PredictContrib(model, rows.data(), kRows, kStride, o, one.data());
      o.threads = 4;
      PredictContrib(model, rows.data(), kRows, kStride, o, four.data());
      EXPECT_EQ(one, four);
      for (int64_t r = 0; r < kRows; ++r) {
        for (int c = 0; c < k; ++c) {
          double sum = 0.0;
          for (int f = 0; f <= 5; ++f) sum += one[static_cast<size_t>(r * width + c * 6 + f)];
          EXPECT_NEAR(sum, raw[static_cast<size_t>(r * k + c)], 1e-9) << "row " << r;
        }
      }
    }
  }
}

// A multiclass row's block of output c holds only the Shapley values of class c's trees.
TEST(ContribPredictorTest, OutputsTakeOnlyTheirOwnTrees) {
  std::mt19937_64 rng(5);
  const Model model = RandomConsistentModel(3, 2, 4, rng);
  const std::vector<float> row = RandomRow(4, rng);
  std::vector<double> out(static_cast<size_t>(NumContribsPerRow(model)));
  PredictContrib(model, row.data(), 1, 4, PredictOptions{}, out.data());
  for (int c = 0; c < 2; ++c) {
    std::vector<double> phi(4, 0.0);
    double bias = model.init_score[static_cast<size_t>(c)];
    ShapScratch scratch;
    for (size_t t = static_cast<size_t>(c); t < model.trees.size(); t += 2) {
      TreeShap(model.trees[t], row.data(), &scratch, phi.data());
      bias += TreeExpectedValue(model.trees[t]);
    }
    for (int f = 0; f < 4; ++f) EXPECT_EQ(out[static_cast<size_t>(c * 5 + f)], phi[f]);
    EXPECT_EQ(out[static_cast<size_t>(c * 5 + 4)], bias);
  }
}

}  // namespace
}  // namespace qgbm
