// C API model insight: importance, dump (with buffer negotiation), feature names, contributions
// and leaf indices, cross-checked against the dump's own tree structure.
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qgbm/c_api.h"

namespace {

using Json = nlohmann::json;

const std::string kData = std::string(QGBM_SHARED_DATA_DIR) + "/lightgbm_examples/binary.train";
constexpr int kFeatures = 28;

QGBMBoosterHandle TrainBinary(const std::string& extra = "") {
  QGBMBoosterHandle booster = nullptr;
  const std::string params = "data=" + kData +
                             " objective=binary num_iterations=6 num_leaves=7 verbosity=-1"
                             " output_model=unused " +
                             extra;
  EXPECT_EQ(QGBM_TrainFromParameters(params.c_str(), &booster), 0) << QGBM_GetLastError();
  return booster;
}

Json DumpOf(QGBMBoosterHandle booster, int start, int num, int type) {
  int64_t len = 0;
  EXPECT_EQ(QGBM_BoosterDumpModel(booster, start, num, type, 0, &len, nullptr), 0)
      << QGBM_GetLastError();
  std::string text(static_cast<size_t>(len), 'x');
  int64_t len2 = 0;
  EXPECT_EQ(QGBM_BoosterDumpModel(booster, start, num, type, len, &len2, text.data()), 0);
  EXPECT_EQ(len2, len);
  EXPECT_EQ(text.back(), '\0');
  text.pop_back();
  return Json::parse(text);
}

// Counts splits (gain > 0) per feature in a dumped tree_structure.
void CountSplits(const Json& node, std::vector<double>* split, std::vector<double>* gain) {
  if (node.contains("leaf_index")) return;
  const auto f = node["split_feature"].get<size_t>();
  if (node["split_gain"].get<double>() > 0) {
    (*split)[f] += 1;
    (*gain)[f] += node["split_gain"].get<double>();
  }
  CountSplits(node["left_child"], split, gain);
  CountSplits(node["right_child"], split, gain);
}

// The leaf a row reaches, walking the dump (value <= threshold goes left, NaN by default_left).
int LeafOf(const Json& node, const float* row) {
  if (node.contains("leaf_index")) return node["leaf_index"].get<int>();
  const float v = row[node["split_feature"].get<size_t>()];
  const bool left = std::isnan(v) ? node["default_left"].get<bool>()
                                  : static_cast<double>(v) <= node["threshold"].get<double>();
  return LeafOf(node[left ? "left_child" : "right_child"], row);
}

std::vector<float> TestRows(int64_t nrow, int ncol) {
  std::mt19937_64 rng(2);
  std::normal_distribution<float> normal(0.8f, 0.6f);
  std::vector<float> rows(static_cast<size_t>(nrow * ncol));
  for (float& v : rows) v = rng() % 7 == 0 ? NAN : normal(rng);
  return rows;
}

TEST(CApiInsightTest, ImportanceMatchesTheDumpedTrees) {
  QGBMBoosterHandle booster = TrainBinary();
  for (const int num_iteration : {0, 2}) {
    std::vector<double> split(kFeatures), gain(kFeatures);
    ASSERT_EQ(QGBM_BoosterFeatureImportance(booster, num_iteration, QGBM_FEATURE_IMPORTANCE_SPLIT,
                                            split.data()),
              0)
        << QGBM_GetLastError();
    ASSERT_EQ(QGBM_BoosterFeatureImportance(booster, num_iteration, QGBM_FEATURE_IMPORTANCE_GAIN,
                                            gain.data()),
              0);
    const Json dump = DumpOf(booster, 0, num_iteration, QGBM_FEATURE_IMPORTANCE_GAIN);
    ASSERT_EQ(dump["tree_info"].size(), num_iteration == 0 ? 6u : 2u);
    std::vector<double> want_split(kFeatures), want_gain(kFeatures);
    double num_splits = 0;
    for (const Json& tree : dump["tree_info"]) {
      CountSplits(tree["tree_structure"], &want_split, &want_gain);
      num_splits += tree["num_leaves"].get<double>() - 1;
    }
    EXPECT_EQ(split, want_split);
    double total_splits = 0;
    for (int f = 0; f < kFeatures; ++f) {
      EXPECT_NEAR(gain[f], want_gain[f], 1e-9 * (1 + want_gain[f]));
      total_splits += split[f];
      const std::string name = dump["feature_names"][f];
      if (gain[f] > 0) {
        EXPECT_EQ(dump["feature_importances"][name].get<double>(), gain[f]);
      } else {
        EXPECT_FALSE(dump["feature_importances"].contains(name));
      }
    }
    EXPECT_EQ(total_splits, num_splits);  // every split a tree grows has a positive gain
    EXPECT_GT(num_splits, 0);
  }
  QGBM_BoosterFree(booster);
}

TEST(CApiInsightTest, DumpNegotiatesTheBufferAndNamesFeatures) {
  QGBMBoosterHandle booster = TrainBinary();
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterDumpModel(booster, 0, 0, 0, 0, &len, nullptr), 0);
  ASSERT_GT(len, 100);
  std::string small(10, '#');  // too small: nothing is written
  int64_t len2 = 0;
  ASSERT_EQ(QGBM_BoosterDumpModel(booster, 0, 0, 0, 10, &len2, small.data()), 0);
  EXPECT_EQ(len2, len);
  EXPECT_EQ(small, std::string(10, '#'));
  const Json dump = DumpOf(booster, 0, 0, QGBM_FEATURE_IMPORTANCE_SPLIT);
  EXPECT_EQ(dump["num_class"], 1);
  EXPECT_EQ(dump["objective"], "binary");
  EXPECT_EQ(dump["feature_names"].size(), static_cast<size_t>(kFeatures));
  const Json& root = dump["tree_info"][0]["tree_structure"];
  EXPECT_EQ(root["split_feature_name"], dump["feature_names"][root["split_feature"].get<int>()]);
  // Skipping iterations: tree indices continue from the start.
  const Json tail = DumpOf(booster, 4, 0, QGBM_FEATURE_IMPORTANCE_SPLIT);
  ASSERT_EQ(tail["tree_info"].size(), 2u);
  EXPECT_EQ(tail["tree_info"][0]["tree_index"], 4);
  QGBM_BoosterFree(booster);
}

TEST(CApiInsightTest, LeafIndicesFollowTheDumpedTrees) {
  QGBMBoosterHandle booster = TrainBinary();
  constexpr int64_t kRows = 40;
  const std::vector<float> rows = TestRows(kRows, kFeatures);
  const Json dump = DumpOf(booster, 0, 0, 0);
  std::vector<double> leaves(kRows * 6);
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterPredictForMat(booster, rows.data(), kRows, kFeatures,
                                      QGBM_PREDICT_LEAF_INDEX, 0, 2, leaves.data(), &len),
            0);
  ASSERT_EQ(len, kRows * 6);
  for (int64_t r = 0; r < kRows; ++r) {
    for (int t = 0; t < 6; ++t) {
      EXPECT_EQ(leaves[static_cast<size_t>(r * 6 + t)],
                LeafOf(dump["tree_info"][t]["tree_structure"], &rows[r * kFeatures]));
    }
  }
  QGBM_BoosterFree(booster);
}

void ExpectContribsSumToRaw(QGBMBoosterHandle booster, int num_iteration) {
  int32_t k = 0, features = 0;
  ASSERT_EQ(QGBM_BoosterGetNumOutputs(booster, &k), 0);
  ASSERT_EQ(QGBM_BoosterGetNumFeature(booster, &features), 0);
  constexpr int64_t kRows = 60;
  const int ncol = features + 1;  // a spare column
  const std::vector<float> rows = TestRows(kRows, ncol);
  int64_t want = 0;
  ASSERT_EQ(QGBM_BoosterCalcNumPredict(booster, kRows, QGBM_PREDICT_CONTRIB, num_iteration, &want),
            0);
  ASSERT_EQ(want, kRows * k * (features + 1));
  std::vector<double> contrib(static_cast<size_t>(want)), raw(static_cast<size_t>(kRows * k));
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterPredictForMat(booster, rows.data(), kRows, ncol, QGBM_PREDICT_CONTRIB,
                                      num_iteration, 3, contrib.data(), &len),
            0)
      << QGBM_GetLastError();
  EXPECT_EQ(len, want);
  ASSERT_EQ(QGBM_BoosterPredictForMat(booster, rows.data(), kRows, ncol, QGBM_PREDICT_RAW_SCORE,
                                      num_iteration, 1, raw.data(), &len),
            0);
  for (int64_t r = 0; r < kRows; ++r) {
    for (int c = 0; c < k; ++c) {
      double sum = 0;
      for (int f = 0; f <= features; ++f)
        sum += contrib[static_cast<size_t>((r * k + c) * (features + 1) + f)];
      EXPECT_NEAR(sum, raw[static_cast<size_t>(r * k + c)], 1e-6) << "row " << r << " output " << c;
    }
  }
}

TEST(CApiInsightTest, ContributionsSumToRawScores) {
  for (const char* extra : {"", "use_quantized_grad=false"}) {
    QGBMBoosterHandle booster = TrainBinary(extra);
    ExpectContribsSumToRaw(booster, 0);
    ExpectContribsSumToRaw(booster, 3);
    QGBM_BoosterFree(booster);
  }
}

// K = 2 outputs, hand-written: output 0's tree splits feature 1, output 1's tree feature 0.
TEST(CApiInsightTest, MulticlassContributionsAreLaidOutPerOutput) {
  const std::string model = R"({"format":"qgbm","format_version":1,"objective":"multiclass",
    "output_transform":"softmax","sigmoid":1.0,"num_tree_per_iteration":2,"num_features":2,
    "feature_names":["a","b"],"init_score":[0.5,-0.5],"best_iteration":0,"parameters":{},
    "trees":[
     {"num_leaves":2,"split_feature":[1],"threshold":[0.0],"default_left":[true],
      "left_child":[-1],"right_child":[-2],"split_gain":[1.0],"internal_value":[0.0],
      "internal_count":[10],"leaf_value":[1.0,-1.0],"leaf_count":[3,7],"leaf_weight":[1.0,1.0]},
     {"num_leaves":2,"split_feature":[0],"threshold":[0.0],"default_left":[false],
      "left_child":[-1],"right_child":[-2],"split_gain":[2.0],"internal_value":[0.0],
      "internal_count":[10],"leaf_value":[2.0,4.0],"leaf_count":[5,5],"leaf_weight":[1.0,1.0]}]})";
  QGBMBoosterHandle booster = nullptr;
  ASSERT_EQ(QGBM_BoosterLoadModelFromString(model.data(), model.size(), &booster), 0)
      << QGBM_GetLastError();
  const float row[2] = {1.0f, NAN};  // output 0: NaN goes left (1.0); output 1: right (4.0)
  std::vector<double> out(6);
  int64_t len = 0;
  ASSERT_EQ(
      QGBM_BoosterPredictForMat(booster, row, 1, 2, QGBM_PREDICT_CONTRIB, 0, 1, out.data(), &len),
      0);
  ASSERT_EQ(len, 6);
  // Output 0: expected 0.3 * 1 + 0.7 * -1 = -0.4, so phi_b = 1.4; bias 0.5 - 0.4.
  EXPECT_EQ(out[0], 0.0);
  EXPECT_NEAR(out[1], 1.4, 1e-12);
  EXPECT_NEAR(out[2], 0.1, 1e-12);
  // Output 1: expected 3, phi_a = 1; bias -0.5 + 3.
  EXPECT_NEAR(out[3], 1.0, 1e-12);
  EXPECT_EQ(out[4], 0.0);
  EXPECT_NEAR(out[5], 2.5, 1e-12);
  ExpectContribsSumToRaw(booster, 0);
  std::vector<double> split(2);
  ASSERT_EQ(QGBM_BoosterFeatureImportance(booster, 0, QGBM_FEATURE_IMPORTANCE_GAIN, split.data()),
            0);
  EXPECT_EQ(split, (std::vector<double>{2.0, 1.0}));
  QGBM_BoosterFree(booster);
}

TEST(CApiInsightTest, FeatureNames) {
  QGBMBoosterHandle booster = TrainBinary();
  int n = 0;
  size_t longest = 0;
  ASSERT_EQ(QGBM_BoosterGetFeatureNames(booster, 0, &n, 0, &longest, nullptr), 0);
  EXPECT_EQ(n, kFeatures);
  EXPECT_EQ(longest, std::string("Column_27").size() + 1);
  std::vector<std::vector<char>> storage(static_cast<size_t>(n), std::vector<char>(longest));
  std::vector<char*> ptrs;
  for (auto& s : storage) ptrs.push_back(s.data());
  ASSERT_EQ(QGBM_BoosterGetFeatureNames(booster, n, &n, longest, &longest, ptrs.data()), 0);
  EXPECT_STREQ(ptrs[0], "Column_0");
  EXPECT_STREQ(ptrs[27], "Column_27");
  QGBM_BoosterFree(booster);
}

TEST(CApiInsightTest, BadArgumentsAreErrors) {
  QGBMBoosterHandle booster = TrainBinary();
  std::vector<double> out(kFeatures);
  EXPECT_EQ(QGBM_BoosterFeatureImportance(booster, 0, 2, out.data()), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("importance_type 2"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterFeatureImportance(nullptr, 0, 0, out.data()), -1);
  EXPECT_EQ(QGBM_BoosterFeatureImportance(booster, 0, 0, nullptr), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("out_results"), std::string::npos);
  int64_t len = 0;
  EXPECT_EQ(QGBM_BoosterDumpModel(booster, 7, 0, 0, 0, &len, nullptr), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("start_iteration 7 is outside [0, 6]"),
            std::string::npos);
  EXPECT_EQ(QGBM_BoosterDumpModel(booster, -1, 0, 0, 0, &len, nullptr), -1);
  EXPECT_EQ(QGBM_BoosterDumpModel(booster, 0, 0, 5, 0, &len, nullptr), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("feature_importance_type 5"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterDumpModel(booster, 0, 0, 0, 100, &len, nullptr), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("out_str"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterDumpModel(booster, 0, 0, 0, 0, nullptr, nullptr), -1);
  const std::vector<float> row(kFeatures, 0.5f);
  EXPECT_EQ(QGBM_BoosterPredictForMat(booster, row.data(), 1, kFeatures, 5, 0, 1, out.data(), &len),
            -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("unknown predict_type 5"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterCalcNumPredict(booster, 1, -1, 0, &len), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("unknown predict_type -1"), std::string::npos);
  // num_iteration past the model's end uses every tree, as prediction does.
  std::vector<double> all(kFeatures), many(kFeatures);
  ASSERT_EQ(QGBM_BoosterFeatureImportance(booster, 0, 0, all.data()), 0);
  ASSERT_EQ(QGBM_BoosterFeatureImportance(booster, 1000, 0, many.data()), 0);
  EXPECT_EQ(all, many);
  QGBM_BoosterFree(booster);
}

}  // namespace
