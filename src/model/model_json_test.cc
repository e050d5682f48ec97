#include "model/model_json.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/testing_models.h"

namespace qgbm {
namespace {

using testing::MakeTestModel;
using testing::SameBits;

void ExpectSameDoubles(const std::vector<double>& a, const std::vector<double>& b,
                       const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(SameBits(a[i], b[i])) << what << "[" << i << "]: " << a[i] << " vs " << b[i];
  }
}

void ExpectSameTree(const Tree& a, const Tree& b) {
  EXPECT_EQ(a.split_feature(), b.split_feature());
  ExpectSameDoubles(a.threshold(), b.threshold(), "threshold");
  EXPECT_EQ(a.default_left(), b.default_left());
  EXPECT_EQ(a.left_child(), b.left_child());
  EXPECT_EQ(a.right_child(), b.right_child());
  ExpectSameDoubles(a.split_gain(), b.split_gain(), "split_gain");
  ExpectSameDoubles(a.internal_value(), b.internal_value(), "internal_value");
  EXPECT_EQ(a.internal_count(), b.internal_count());
  ExpectSameDoubles(a.leaf_value(), b.leaf_value(), "leaf_value");
  EXPECT_EQ(a.leaf_count(), b.leaf_count());
  ExpectSameDoubles(a.leaf_weight(), b.leaf_weight(), "leaf_weight");
  EXPECT_EQ(a.leaf_depth(), b.leaf_depth());
  EXPECT_EQ(a.leaf_parent(), b.leaf_parent());
}

void ExpectSameModel(const Model& a, const Model& b) {
  EXPECT_EQ(a.format_version, b.format_version);
  EXPECT_EQ(a.objective, b.objective);
  EXPECT_EQ(a.transform, b.transform);
  EXPECT_TRUE(SameBits(a.sigmoid, b.sigmoid));
  EXPECT_EQ(a.num_tree_per_iteration, b.num_tree_per_iteration);
  EXPECT_EQ(a.num_features, b.num_features);
  EXPECT_EQ(a.feature_names, b.feature_names);
  ExpectSameDoubles(a.init_score, b.init_score, "init_score");
  EXPECT_EQ(a.best_iteration, b.best_iteration);
  EXPECT_EQ(a.parameters, b.parameters);  // order included
  ASSERT_EQ(a.trees.size(), b.trees.size());
  for (size_t t = 0; t < a.trees.size(); ++t) ExpectSameTree(a.trees[t], b.trees[t]);
}

TEST(ModelJsonTest, JsonRoundTripIsBitExact) {
  const Model model = MakeTestModel();
  const StatusOr<Model> back = ModelFromJson(ModelToJson(model));
  ASSERT_TRUE(back.ok()) << back.status().message();
  ExpectSameModel(model, back.value());
}

TEST(ModelJsonTest, CborRoundTripIsBitExact) {
  const Model model = MakeTestModel();
  const std::string cbor = ModelToCbor(model);
  EXPECT_LT(cbor.size(), ModelToJson(model).size());
  const StatusOr<Model> back = ModelFromCbor(cbor);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ExpectSameModel(model, back.value());
}

TEST(ModelJsonTest, HardDoublesRoundTrip) {
  const std::vector<double> values = {0.1,
                                      1e-300,
                                      -0.0,
                                      0.0,
                                      std::numeric_limits<double>::denorm_min(),
                                      std::numeric_limits<double>::min() / 3.0,
                                      std::numeric_limits<double>::max(),
                                      -std::numeric_limits<double>::max(),
                                      std::numeric_limits<double>::epsilon(),
                                      1.0 / 3.0,
                                      std::nextafter(1.0, 2.0),
                                      123456789012345678.0,
                                      0.30000000000000004,
                                      5e-324,
                                      2.5e-308,
                                      static_cast<double>(0.1f),
                                      1e21,
                                      1e-7};
  Model model;
  model.num_features = 1;
  model.feature_names = {"x"};
  model.init_score = {0.0};
  for (double v : values) {
    Tree t;
    t.Split(0, 0, v, false, v, v, -v, 1, 1, v, v);
    model.trees.push_back(t);
  }
  for (const bool cbor : {false, true}) {
    const StatusOr<Model> back =
        cbor ? ModelFromCbor(ModelToCbor(model)) : ModelFromJson(ModelToJson(model));
    ASSERT_TRUE(back.ok()) << back.status().message();
    ExpectSameModel(model, back.value());
  }
}

TEST(ModelJsonTest, JsonLayoutIsOneTreePerLine) {
  const std::string json = ModelToJson(MakeTestModel());
  EXPECT_EQ(json.rfind("{\n  \"format\": \"qgbm\",\n  \"format_version\": 2,\n", 0), 0U) << json;
  size_t tree_lines = 0;
  for (size_t pos = json.find("\n    {\"num_leaves\""); pos != std::string::npos;
       pos = json.find("\n    {\"num_leaves\"", pos + 1)) {
    ++tree_lines;
  }
  EXPECT_EQ(tree_lines, 4U);
  EXPECT_NE(json.find("\"default_left\":[false,true]"), std::string::npos) << json;
  EXPECT_NE(
      json.find(
          "\"parameters\": {\"num_leaves\":\"31\",\"learning_rate\":\"0.1\",\"alpha\":\"0.9\"}"),
      std::string::npos);
}

TEST(ModelJsonTest, EmptyModelRoundTrips) {
  Model model;
  model.init_score = {0.5};
  for (const bool cbor : {false, true}) {
    const StatusOr<Model> back =
        cbor ? ModelFromCbor(ModelToCbor(model)) : ModelFromJson(ModelToJson(model));
    ASSERT_TRUE(back.ok()) << back.status().message();
    ExpectSameModel(model, back.value());
  }
}

TEST(ModelJsonTest, InvalidUtf8NameDoesNotThrow) {
  Model model;
  model.num_features = 1;
  model.feature_names = {std::string("bad\xff")};
  model.init_score = {0.0};
  const StatusOr<Model> back = ModelFromJson(ModelToJson(model));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->feature_names[0], "bad\xEF\xBF\xBD");  // replaced by U+FFFD
}

}  // namespace
}  // namespace qgbm
