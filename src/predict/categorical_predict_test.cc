// Prediction through categorical nodes: batch, single row and leaf indices agree with
// Tree::LeafIndex, and a save/load round trip (JSON and CBOR) keeps every bit.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "model/model_json.h"
#include "model/model_validate.h"
#include "predict/flat_forest.h"
#include "predict/predictor.h"
#include "predict/row_predictor.h"

namespace qgbm {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Tree 0: root f0 in {1, 4, 40} (categorical) left; left child f1 <= 0.5. Tree 1: numeric root
// f1 <= 0.25, its right child f0 in {0, 33} left. One forest mixes both node kinds.
Model MixedModel() {
  Tree a;
  a.SplitCategorical(0, 0, {1, 4, 40}, 1.0, 1.0, 2.0, 10, 10, 1.0, 1.0);
  a.Split(0, 1, 0.5, true, 1.0, 3.0, 4.0, 5, 5, 1.0, 1.0);
  Tree b;
  b.Split(0, 1, 0.25, false, 1.0, -1.0, 0.0, 10, 10, 1.0, 1.0);
  b.SplitCategorical(1, 0, {0, 33}, 1.0, 0.5, -0.5, 5, 5, 1.0, 1.0);
  Model m;
  m.num_features = 2;
  m.feature_names = {"c", "x"};
  m.init_score = {0.125};
  m.trees = {a, b};
  m.category_names = {{}, {}};
  return m;
}

std::vector<float> HardRows() {
  const float c[] = {0, 1, 4, 40, 33, 2, -1, -0.0f, 4.7f, 1e10f, kNaN, 39, 41, 31, 32, 64};
  const float x[] = {0.0f, 0.5f, 0.75f, kNaN, 0.25f, -1.0f};
  std::vector<float> rows;
  for (float cv : c) {
    for (float xv : x) {
      rows.push_back(cv);
      rows.push_back(xv);
    }
  }
  return rows;
}

double TreeSum(const Model& m, const float* row) {
  double s = m.init_score[0];
  for (const Tree& t : m.trees) s += t.Predict(row);
  return s;
}

TEST(CategoricalPredictTest, TreeRuleMissingAndUnseenGoRight) {
  const Model m = MixedModel();
  const Tree& a = m.trees[0];
  EXPECT_TRUE(a.CategoryGoesLeft(0, 40.0f));
  EXPECT_TRUE(a.CategoryGoesLeft(0, 4.7f));  // truncated to 4, as LightGBM does
  for (float v : {kNaN, -1.0f, 2.0f, 39.0f, 1e10f}) EXPECT_FALSE(a.CategoryGoesLeft(0, v)) << v;
  EXPECT_TRUE(ValidateModel(m).ok());
}

TEST(CategoricalPredictTest, BatchAndSingleRowMatchTheTrees) {
  const Model m = MixedModel();
  const FlatForest forest(m);
  ASSERT_TRUE(forest.has_categorical());
  const std::vector<float> rows = HardRows();
  const int64_t n = static_cast<int64_t>(rows.size()) / 2;
  PredictOptions o;
  o.raw_score = true;
  o.threads = 2;
  std::vector<double> out(static_cast<size_t>(n));
  PredictRaw(forest, rows.data(), n, 2, o, out.data());
  std::vector<int32_t> leaves(static_cast<size_t>(n * 2));
  PredictLeafIndex(forest, rows.data(), n, 2, o, leaves.data());
  for (int64_t r = 0; r < n; ++r) {
    const float* row = rows.data() + r * 2;
    EXPECT_EQ(out[static_cast<size_t>(r)], TreeSum(m, row)) << "row " << r;
    double single = 0.0;
    PredictRowRaw(forest, row, UsedIterations(forest, o), &single);
    EXPECT_EQ(single, out[static_cast<size_t>(r)]);
    for (int t = 0; t < 2; ++t) {
      EXPECT_EQ(leaves[static_cast<size_t>(r * 2 + t)],
                m.trees[static_cast<size_t>(t)].LeafIndex(row));
    }
  }
}

TEST(CategoricalPredictTest, SavedModelsPredictTheSameBits) {
  Model m = MixedModel();
  m.category_names = {{"a", "b"}, {}};
  const std::vector<float> rows = HardRows();
  const int64_t n = static_cast<int64_t>(rows.size()) / 2;
  PredictOptions o;
  std::vector<double> want(static_cast<size_t>(n)), got(static_cast<size_t>(n));
  Predict(m, rows.data(), n, 2, o, want.data());
  for (bool cbor : {false, true}) {
    StatusOr<Model> back = cbor ? ModelFromCbor(ModelToCbor(m)) : ModelFromJson(ModelToJson(m));
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(back->category_names, m.category_names);
    EXPECT_EQ(back->trees[1].cat_threshold(), m.trees[1].cat_threshold());
    Predict(back.value(), rows.data(), n, 2, o, got.data());
    EXPECT_EQ(got, want);
  }
}

TEST(CategoricalPredictTest, ValidatorRejectsBrokenCategoricalFields) {
  const Tree t = MixedModel().trees[0];
  Tree::Arrays a = t.ToArrays();
  a.threshold[0] = 1.0;  // only set 0 exists
  EXPECT_NE(ValidateTreeArrays(a, 2).message().find("index of a category set"), std::string::npos);
  a = t.ToArrays();
  a.cat_boundaries.back() = 7;
  EXPECT_NE(ValidateTreeArrays(a, 2).message().find("cat_boundaries"), std::string::npos);
  a = t.ToArrays();
  a.is_categorical.push_back(0);
  EXPECT_NE(ValidateTreeArrays(a, 2).message().find("is_categorical"), std::string::npos);
  Model m = MixedModel();
  m.category_names = {{"a"}};
  EXPECT_NE(ValidateModel(m).message().find("category_names"), std::string::npos);
}

}  // namespace
}  // namespace qgbm
