#include "model/model_dump.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model/testing_models.h"

namespace qgbm {
namespace {

using Json = nlohmann::ordered_json;

Json Dump(const Model& m, const DumpOptions& o = {}) {
  StatusOr<std::string> text = DumpModelJson(m, o);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return Json::parse(*text);
}

TEST(ModelDumpTest, HeaderNamesFeaturesAndOutputs) {
  const Model m = testing::MakeTestModel();
  const Json d = Dump(m);
  EXPECT_EQ(d["num_class"], 2);
  EXPECT_EQ(d["num_tree_per_iteration"], 2);
  EXPECT_EQ(d["objective"], "multiclass");
  EXPECT_EQ(d["output_transform"], "softmax");
  EXPECT_EQ(d["max_feature_idx"], 2);
  EXPECT_EQ(d["feature_names"], (std::vector<std::string>{"age", "income", "größe"}));
  EXPECT_EQ(d["init_score"].get<std::vector<double>>(), m.init_score);
  ASSERT_EQ(d["tree_info"].size(), 4u);
  EXPECT_EQ(d["tree_info"][3]["tree_index"], 3);
  EXPECT_EQ(d["tree_info"][3]["class"], 1);
}

// The nested structure holds every node and leaf of the tree with its numbers, bit for bit.
TEST(ModelDumpTest, TreeStructureMirrorsTheArrays) {
  const Model m = testing::MakeTestModel();
  const Json d = Dump(m);
  const Json& root = d["tree_info"][0]["tree_structure"];
  EXPECT_EQ(root["split_index"], 0);
  EXPECT_EQ(root["split_feature"], 0);
  EXPECT_EQ(root["split_feature_name"], "age");
  EXPECT_EQ(root["threshold"], 0.5);
  EXPECT_EQ(root["decision_type"], "<=");
  EXPECT_EQ(root["default_left"], false);
  EXPECT_EQ(root["missing_type"], "NaN");
  EXPECT_EQ(root["split_gain"], 10.0);
  EXPECT_EQ(root["internal_count"], 100);
  EXPECT_EQ(root["left_child"]["leaf_index"], 0);
  EXPECT_EQ(root["left_child"]["leaf_value"], 0.1);
  EXPECT_EQ(root["left_child"]["leaf_count"], 60);
  const Json& right = root["right_child"];
  EXPECT_EQ(right["split_index"], 1);
  EXPECT_EQ(right["split_feature_name"], "größe");
  EXPECT_EQ(right["threshold"], -1.25);
  EXPECT_EQ(right["default_left"], true);
  EXPECT_EQ(right["left_child"]["leaf_index"], 1);
  EXPECT_TRUE(testing::SameBits(right["left_child"]["leaf_value"].get<double>(), 1e-300));
  EXPECT_EQ(right["right_child"]["leaf_index"], 2);
  EXPECT_EQ(right["right_child"]["leaf_count"], 15);
  // A one-leaf tree is a single leaf object.
  const Json& single = d["tree_info"][1]["tree_structure"];
  EXPECT_EQ(single["leaf_index"], 0);
  EXPECT_TRUE(testing::SameBits(single["leaf_value"].get<double>(), m.trees[1].leaf_value()[0]));
}

// A categorical node lists the codes that go left, LightGBM-style, and says "==".
TEST(ModelDumpTest, CategoricalNodeListsItsLeftCategories) {
  Model m = testing::MakeTestModel();
  Tree tree;
  tree.SplitCategorical(0, 1, {0, 5, 33}, 4.0, -0.5, 0.5, 30, 70, 3.0, 7.0);
  m.trees = {tree};
  m.num_tree_per_iteration = 1;
  const Json d = Dump(m);
  const Json& root = d["tree_info"][0]["tree_structure"];
  EXPECT_EQ(root["decision_type"], "==");
  EXPECT_EQ(root["threshold"], "0||5||33");
  EXPECT_EQ(root["default_left"], false);
  EXPECT_EQ(root["left_child"]["leaf_value"], -0.5);
}

TEST(ModelDumpTest, ImportancesByNameMostImportantFirst) {
  const Model m = testing::MakeTestModel();
  const Json split = Dump(m);
  EXPECT_EQ(split["feature_importance_type"], "split");
  EXPECT_EQ(split["feature_importances"].dump(), R"({"income":2,"größe":2,"age":1})");
  DumpOptions gain;
  gain.importance_type = ImportanceType::kGain;
  const Json g = Dump(m, gain);
  EXPECT_EQ(g["feature_importances"]["age"], 10.0);
  EXPECT_EQ(g["feature_importances"]["income"], 0.875);
  EXPECT_EQ(g["feature_importances"].begin().key(), "age");
}

TEST(ModelDumpTest, IterationRangeAndErrors) {
  const Model m = testing::MakeTestModel();
  DumpOptions o;
  o.start_iteration = 1;
  Json d = Dump(m, o);
  ASSERT_EQ(d["tree_info"].size(), 2u);
  EXPECT_EQ(d["tree_info"][0]["tree_index"], 2);
  EXPECT_EQ(d["num_iterations"], 1);
  EXPECT_EQ(d["feature_importances"].dump(), R"({"income":2,"größe":1})");
  o.start_iteration = 0;
  o.num_iterations = 100;  // clamped, as prediction clamps
  EXPECT_EQ(Dump(m, o)["tree_info"].size(), 4u);
  o.start_iteration = 2;  // nothing left: an empty dump
  d = Dump(m, o);
  EXPECT_TRUE(d["tree_info"].empty());
  EXPECT_TRUE(d["feature_importances"].empty());
  o.start_iteration = 3;
  StatusOr<std::string> bad = DumpModelJson(m, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("start_iteration 3 is outside [0, 2]"), std::string::npos);
  o.start_iteration = -1;
  EXPECT_FALSE(DumpModelJson(m, o).ok());
}

TEST(ModelDumpTest, SharedFeatureNamesGetDistinctKeys) {
  Model m = testing::MakeTestModel();
  m.feature_names = {"x", "x", "y"};
  const Json d = Dump(m);
  EXPECT_EQ(d["feature_importances"].dump(), R"({"x#1":2,"y":2,"x#0":1})");
}

// A chain thousands of levels deep is written without recursion.
TEST(ModelDumpTest, DeepTreeIsWrittenIteratively) {
  Model m;
  m.num_features = 1;
  m.feature_names = {"f"};
  m.init_score = {0.0};
  Tree t;
  constexpr int kDepth = 5000;
  for (int i = 0; i < kDepth; ++i) t.Split(i, 0, -i, false, 1.0, 0.0, 1.0, 1, 1, 1.0, 1.0);
  m.trees = {t};
  const StatusOr<std::string> text = DumpModelJson(m, {});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(std::count(text->begin(), text->end(), '{'),
            std::count(text->begin(), text->end(), '}'));
  EXPECT_NE(text->find("\"leaf_index\":5000"), std::string::npos);
}

}  // namespace
}  // namespace qgbm
