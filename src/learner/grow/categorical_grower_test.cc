// Growing trees on a categorical feature: the root split is the known subset of categories, the
// tree stores category codes, and binned routing, the partition and Tree::LeafIndex agree.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "common/random.h"
#include "learner/grow/tree_grower.h"

namespace qgbm {
namespace {

// Feature 0: category code (c * 3 for c in 0..11, so codes and bins differ); label 1 for codes
// of {2, 5, 7, 10} (90%) and 0 otherwise (90%). Feature 1: uniform noise.
RawData MakeCategoricalData(int64_t rows) {
  RawData d;
  d.num_rows = rows;
  d.num_features = 2;
  d.categorical = {1, 0};
  const uint64_t key = RandomKey(7, RandomStream::kBinSample, 3);
  for (int64_t r = 0; r < rows; ++r) {
    const int c = static_cast<int>(RandomUniform(key, static_cast<uint64_t>(r)) * 12.0);
    const bool positive = c == 2 || c == 5 || c == 7 || c == 10;
    const bool flip = RandomUniform(key ^ 0x77, static_cast<uint64_t>(r)) < 0.1;
    d.values.push_back(r % 50 == 0 ? std::nanf("") : static_cast<float>(c * 3));
    d.values.push_back(static_cast<float>(RandomUniform(key ^ 0x99, static_cast<uint64_t>(r))));
    d.labels.push_back(positive != flip ? 1.0f : 0.0f);
  }
  d.feature_names = {"cat", "noise"};
  d.source = "synthetic";
  return d;
}

struct Gradients {
  std::vector<float> grad, hess;
  std::vector<uint16_t> packed;
  QuantScale scale;
};

Gradients LogisticGradients(const Dataset& data) {
  Gradients g;
  for (float y : data.metadata().labels) {
    g.grad.push_back(0.5f - y);
    g.hess.push_back(0.25f);
  }
  g.packed.resize(g.grad.size());
  GradientQuantizer q({4, true, 5});
  EXPECT_TRUE(q.Quantize(g.grad, g.hess, {}, false, 0, 2, g.packed, &g.scale).ok());
  return g;
}

TEST(CategoricalGrowerTest, RootSplitsTheKnownCategoriesAndRoutingAgrees) {
  RawData raw = MakeCategoricalData(6000);
  const std::vector<float> values = raw.values;
  auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  const Gradients g = LogisticGradients(*data);
  std::vector<int32_t> root_codes[2];
  for (bool quantized : {true, false}) {
    GrowerOptions o;
    o.num_leaves = 8;
    TreeGrower grower(*data, o, 2);
    const TreeGradients view{g.grad.data(), g.hess.data(), quantized ? g.packed.data() : nullptr,
                             quantized ? &g.scale : nullptr};
    const GrownTree t = grower.Grow({}, view, {});
    ASSERT_GT(t.tree.num_internal(), 0);
    ASSERT_EQ(t.tree.is_categorical()[0], 1);
    EXPECT_EQ(t.tree.split_feature()[0], 0);
    std::vector<int32_t>& codes = root_codes[quantized ? 1 : 0];
    for (int c = 0; c < 12; ++c) {
      if (t.tree.CategoryGoesLeft(0, static_cast<float>(c * 3))) codes.push_back(c * 3);
    }
    // The positive categories against the rest, whichever side they are on.
    const std::vector<int32_t> positives = {6, 15, 21, 30};
    const std::vector<int32_t> negatives = {0, 3, 9, 12, 18, 24, 27, 33};
    EXPECT_EQ(codes, codes.size() == positives.size() ? positives : negatives);
    EXPECT_FALSE(t.tree.CategoryGoesLeft(0, std::nanf("")));
    EXPECT_FALSE(t.tree.CategoryGoesLeft(0, -3.0f));
    std::vector<double> scores(6000, 0.0);
    t.AddToScores(data->matrix(), nullptr, 2, scores.data());
    for (int l = 0; l < t.tree.num_leaves(); ++l) {
      for (int32_t r : grower.partitioner().Rows(l)) {
        ASSERT_EQ(t.LeafOfBinnedRow(data->matrix(), r), l);
        ASSERT_EQ(t.tree.LeafIndex(values.data() + static_cast<size_t>(r) * 2), l) << "row " << r;
        ASSERT_EQ(scores[static_cast<size_t>(r)], t.tree.leaf_value()[static_cast<size_t>(l)]);
      }
    }
  }
  EXPECT_EQ(root_codes[0], root_codes[1]);  // quantized finds the float split
}

}  // namespace
}  // namespace qgbm
