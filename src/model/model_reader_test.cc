// Reader strictness: every malformed input gives a DataError that names the problem.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model/model_json.h"
#include "model/testing_models.h"

namespace qgbm {
namespace {

using Json = nlohmann::ordered_json;

// A version-1 file as written by the first release; it must keep loading in every later one.
constexpr const char* kGoldenV1 = R"({
  "format": "qgbm",
  "format_version": 1,
  "objective": "binary",
  "output_transform": "sigmoid",
  "sigmoid": 1.0,
  "num_tree_per_iteration": 1,
  "num_features": 2,
  "feature_names": ["f0", "f1"],
  "init_score": [-0.5],
  "best_iteration": 1,
  "parameters": {"objective": "binary", "learning_rate": "0.1"},
  "trees": [
    {"num_leaves":3,"split_feature":[0,1],"threshold":[0.5,-1.0],"default_left":[1,0],
     "left_child":[-1,-2],"right_child":[1,-3],"split_gain":[4.0,1.5],"internal_value":[0.0,0.25],
     "internal_count":[100,40],"leaf_value":[-0.2,0.1,0.3],"leaf_count":[60,10,30],
     "leaf_weight":[15.0,2.5,7.5]}
  ]
})";

TEST(ModelReaderTest, GoldenV1Loads) {
  const StatusOr<Model> m = ModelFromJson(kGoldenV1);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->format_version, 1);
  EXPECT_EQ(m->transform, OutputTransform::kSigmoid);
  EXPECT_EQ(m->parameters[0].first, "objective");
  EXPECT_EQ(m->parameters[1].first, "learning_rate");
  ASSERT_EQ(m->trees.size(), 1U);
  const Tree& t = m->trees[0];
  EXPECT_EQ(t.default_left(), (std::vector<uint8_t>{1, 0}));
  const float left[] = {0.5f, 0.0f}, right_left[] = {1.0f, -1.0f}, right_right[] = {1.0f, 0.0f};
  EXPECT_EQ(t.Predict(left), -0.2);
  EXPECT_EQ(t.Predict(right_left), 0.1);
  EXPECT_EQ(t.Predict(right_right), 0.3);
}

// Applies `edit` to the golden document and expects loading to fail with `expected` in the message.
void ExpectDataError(const std::function<void(Json&)>& edit, const std::string& expected) {
  Json doc = Json::parse(kGoldenV1);
  edit(doc);
  for (const bool cbor : {false, true}) {
    const std::string bytes = cbor ? [&] { auto v = Json::to_cbor(doc); return std::string(v.begin(), v.end()); }()
                                   : doc.dump();
    const StatusOr<Model> m = cbor ? ModelFromCbor(bytes) : ModelFromJson(bytes);
    ASSERT_FALSE(m.ok()) << expected;
    EXPECT_EQ(m.status().code(), StatusCode::kDataError);
    EXPECT_NE(m.status().message().find(expected), std::string::npos)
        << "message: " << m.status().message() << "\nexpected to contain: " << expected;
  }
}

Json& Tree0(Json& doc) { return doc["trees"][0]; }

TEST(ModelReaderTest, HeaderErrors) {
  ExpectDataError([](Json& d) { d["format"] = "xgboost"; }, "format is 'xgboost'");
  ExpectDataError([](Json& d) { d["format_version"] = 3; },
                  "format_version 3 is newer than this build of qgbm reads (versions 1 to 2)");
  ExpectDataError([](Json& d) { d["format_version"] = 0; }, "format_version 0 is not valid");
  ExpectDataError([](Json& d) { d["num_features"] = "2"; },
                  "num_features: expected a 32-bit integer, got string");
  ExpectDataError([](Json& d) { d["num_features"] = 2.5; },
                  "num_features: expected a 32-bit integer, got number 2.5");
  ExpectDataError([](Json& d) { d["output_transform"] = "tanh"; },
                  "output_transform: unknown value 'tanh'");
  ExpectDataError([](Json& d) { d["parameters"]["eta"] = 0.3; },
                  "parameters.eta: expected a string");
  ExpectDataError([](Json& d) { d["feature_names"].push_back("f2"); },
                  "feature_names has 3 entries, expected num_features = 2");
  ExpectDataError([](Json& d) { d["init_score"].push_back(0.0); },
                  "init_score has 2 entries, expected num_tree_per_iteration = 1");
  ExpectDataError(
      [](Json& d) {
        d["num_tree_per_iteration"] = 2;
        d["init_score"].push_back(0.0);
      },
      "not a multiple of num_tree_per_iteration = 2");
  ExpectDataError([](Json& d) { d["best_iteration"] = 5; }, "best_iteration = 5 is outside [0, 1]");
  ExpectDataError([](Json& d) { d["trees"] = Json::object(); },
                  "trees: expected an array, got object");
}

TEST(ModelReaderTest, EveryFieldIsRequired) {
  for (const char* field : {"format", "format_version", "objective", "output_transform", "sigmoid",
                            "num_tree_per_iteration", "num_features", "feature_names", "init_score",
                            "best_iteration", "parameters", "trees"}) {
    ExpectDataError([&](Json& d) { d.erase(field); }, std::string(field) + ": missing field");
  }
  for (const char* field : {"num_leaves", "split_feature", "threshold", "default_left",
                            "left_child", "right_child", "split_gain", "internal_value",
                            "internal_count", "leaf_value", "leaf_count", "leaf_weight"}) {
    ExpectDataError([&](Json& d) { Tree0(d).erase(field); },
                    std::string("trees[0].") + field + ": missing field");
  }
}

TEST(ModelReaderTest, TreeArrayErrors) {
  ExpectDataError([](Json& d) { Tree0(d)["threshold"][1] = "x"; },
                  "trees[0].threshold[1]: expected a number, got string");
  ExpectDataError([](Json& d) { Tree0(d)["default_left"][0] = 2; },
                  "trees[0].default_left[0]: expected a boolean or 0/1");
  ExpectDataError([](Json& d) { Tree0(d)["threshold"].erase(1); },
                  "trees[0]: threshold has 1 entries, expected num_leaves - 1 = 2");
  ExpectDataError([](Json& d) { Tree0(d)["leaf_count"].push_back(1); },
                  "trees[0]: leaf_count has 4 entries, expected num_leaves = 3");
  ExpectDataError([](Json& d) { Tree0(d)["num_leaves"] = 4; },
                  "trees[0]: leaf_value has 3 entries, expected num_leaves = 4");
  ExpectDataError([](Json& d) { Tree0(d)["num_leaves"] = 0; },
                  "trees[0].num_leaves must be at least 1");
  ExpectDataError([](Json& d) { Tree0(d)["split_feature"][1] = 2; },
                  "trees[0]: split_feature[1] = 2 is outside [0, num_features = 2)");
  ExpectDataError([](Json& d) { Tree0(d)["split_feature"][0] = -1; },
                  "split_feature[0] = -1 is outside");
  ExpectDataError([](Json& d) { d["trees"][0] = 3; }, "trees[0]: expected an object, got number 3");
}

TEST(ModelReaderTest, NonFiniteValuesAreRejected) {
  // CBOR can carry NaN and Inf; JSON has no literal for them, and the parser refuses numbers
  // that overflow a double.
  const double inf = std::numeric_limits<double>::infinity();
  for (const double bad : {inf, -inf, std::numeric_limits<double>::quiet_NaN()}) {
    Json doc = Json::parse(kGoldenV1);
    Tree0(doc)["threshold"][1] = bad;
    const auto bytes = Json::to_cbor(doc);
    const StatusOr<Model> m = ModelFromCbor(std::string(bytes.begin(), bytes.end()));
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.status().message().find("trees[0]: threshold[1] is not finite"), std::string::npos)
        << m.status().message();
  }
  std::string text = kGoldenV1;
  text.replace(text.find("0.3]"), 3, "1e999");
  const StatusOr<Model> m = ModelFromJson(text);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("number overflow parsing '1e999'"), std::string::npos)
      << m.status().message();
  Json doc = Json::parse(kGoldenV1);
  doc["init_score"][0] = std::numeric_limits<double>::quiet_NaN();
  const auto bytes = Json::to_cbor(doc);
  EXPECT_NE(ModelFromCbor(std::string(bytes.begin(), bytes.end()))
                .status()
                .message()
                .find("init_score[0] is not finite"),
            std::string::npos);
}

TEST(ModelReaderTest, TreeStructureErrors) {
  ExpectDataError([](Json& d) { Tree0(d)["right_child"][0] = 2; },
                  "trees[0]: right_child[0] = 2 is outside");
  ExpectDataError([](Json& d) { Tree0(d)["left_child"][1] = -4; },
                  "trees[0]: left_child[1] = -4 is outside");
  ExpectDataError([](Json& d) { Tree0(d)["left_child"][1] = 0; },
                  "trees[0]: left_child[1] points at node 0, the root");
  // Leaf 0 used twice, leaf 1 never.
  ExpectDataError([](Json& d) { Tree0(d)["left_child"][1] = -1; },
                  "trees[0]: leaf 0 is a child of more than one node");
  // Node 1 points back at itself.
  ExpectDataError([](Json& d) { Tree0(d)["left_child"][1] = 1; },
                  "trees[0]: internal node 1 is a child of more than one node (or of a cycle)");
  // Node 1 detached and pointing at itself.
  ExpectDataError(
      [](Json& d) {
        Tree0(d)["right_child"][0] = -2;
        Tree0(d)["left_child"][1] = 1;
      },
      "trees[0]: internal node 1 is not reachable from the root");
}

TEST(ModelReaderTest, DetachedCycleIsReported) {
  // Internal nodes 1 and 2 point at each other and hang off nothing; every node is referenced
  // exactly once, so only the walk from the root finds the problem.
  ExpectDataError(
      [](Json& d) {
        Json& t = Tree0(d);
        t["num_leaves"] = 4;
        t["split_feature"] = {0, 0, 1};
        t["threshold"] = {0.0, 0.0, 0.0};
        t["default_left"] = {0, 0, 0};
        t["left_child"] = {-1, 2, 1};
        t["right_child"] = {-2, -3, -4};
        t["split_gain"] = t["internal_value"] = {0.0, 0.0, 0.0};
        t["internal_count"] = {1, 1, 1};
        t["leaf_value"] = t["leaf_weight"] = {0.0, 0.0, 0.0, 0.0};
        t["leaf_count"] = {1, 1, 1, 1};
      },
      "trees[0]: internal node 1 is not reachable from the root");
}

TEST(ModelReaderTest, NotAModel) {
  for (const std::string text : {"", "hello", "[1, 2]", R"({"format": "qgbm")", "{} trailing"}) {
    const StatusOr<Model> m = ModelFromJson(text);
    ASSERT_FALSE(m.ok()) << text;
    EXPECT_EQ(m.status().code(), StatusCode::kDataError);
  }
  EXPECT_NE(ModelFromJson("[1, 2]").status().message().find("expected an object at the top level"),
            std::string::npos);
  EXPECT_NE(ModelFromJson("{} trailing").status().message().find("parse error at byte"),
            std::string::npos);
}

TEST(ModelReaderTest, TruncatedInputReportsByteOffset) {
  const std::string json = ModelToJson(testing::MakeTestModel());
  const std::string cbor = ModelToCbor(testing::MakeTestModel());
  for (size_t cut : {size_t{1}, size_t{10}, json.size() / 2, json.size() - 3}) {
    const StatusOr<Model> m = ModelFromJson(json.substr(0, cut));
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.status().message().find("model is not valid JSON (parse error at byte"),
              std::string::npos)
        << m.status().message();
  }
  for (size_t cut : {size_t{1}, cbor.size() / 3, cbor.size() - 1}) {
    const StatusOr<Model> m = ModelFromCbor(cbor.substr(0, cut));
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.status().message().find("model is not valid CBOR (parse error at byte"),
              std::string::npos)
        << m.status().message();
  }
}

TEST(ModelReaderTest, HostileCborDoesNotCrash) {
  const std::string deep(200000, '\x81');  // arrays of one array of one array ...
  EXPECT_NE(ModelFromCbor(deep).status().message().find("nested deeper than"), std::string::npos);
  const std::string huge_array = "\x9b\xff\xff\xff\xff\xff\xff\xff\xf0";  // claims 2^64-16 items
  EXPECT_FALSE(ModelFromCbor(huge_array).ok());
  const std::string huge_map = "\xbb\x7f\xff\xff\xff\xff\xff\xff\xff";
  EXPECT_FALSE(ModelFromCbor(huge_map).ok());
  const std::string huge_string = "\xa1\x7b\x7f\xff\xff\xff\xff\xff\xff\xff";
  EXPECT_FALSE(ModelFromCbor(huge_string).ok());
}

}  // namespace
}  // namespace qgbm
