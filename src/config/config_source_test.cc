#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/config_parser.h"

namespace qgbm {
namespace {

namespace fs = std::filesystem;

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("qgbm_config_" + std::string(info->name()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  static StatusOr<KeyValues> Parse(std::vector<std::string> args) {
    std::vector<const char*> argv = {"qgbm"};
    for (const std::string& a : args) argv.push_back(a.c_str());
    return ParseCommandLineArgs(static_cast<int>(argv.size()), argv.data());
  }

  fs::path dir_;
};

const char kLightGbmBinaryExample[] = R"(# LightGBM examples/binary_classification/train.conf
task = train
boosting_type = gbdt
objective = binary
metric = binary_logloss,auc
metric_freq = 1
is_training_metric = true
max_bin = 255
data = binary.train
valid_data = binary.test
num_trees = 100
learning_rate = 0.1
num_leaves = 63
tree_learner = serial
num_threads = 2
feature_fraction = 0.8
bagging_freq = 5
bagging_fraction = 0.8
min_data_in_leaf = 50
min_sum_hessian_in_leaf = 5.0
is_enable_sparse = true
use_two_round_loading = false
is_save_binary_file = false
output_model = LightGBM_model.txt
)";

TEST_F(ConfigFileTest, ReadsCommentsBlankLinesAndWhitespace) {
  const std::string path =
      Write("a.conf", "# comment\n\n  num_leaves =  7  # trailing\r\n\tdata=x=y.csv\n");
  auto kv = ReadConfigFile(path);
  ASSERT_TRUE(kv.ok()) << kv.status().message();
  EXPECT_EQ(*kv, (KeyValues{{"num_leaves", "7"}, {"data", "x=y.csv"}}));
}

TEST_F(ConfigFileTest, LineWithoutEqualsNamesFileAndLine) {
  const std::string path = Write("bad.conf", "num_leaves = 7\n\nnum_trees 10\n");
  auto kv = ReadConfigFile(path);
  ASSERT_FALSE(kv.ok());
  EXPECT_EQ(kv.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(kv.status().message().find(path + ":3"), std::string::npos) << kv.status().message();
}

TEST_F(ConfigFileTest, MissingFileIsNotFound) {
  auto kv = ReadConfigFile((dir_ / "nope.conf").string());
  EXPECT_EQ(kv.status().code(), StatusCode::kNotFound);
}

TEST_F(ConfigFileTest, LightGbmBinaryExampleRunsUnchanged) {
  const std::string path = Write("train.conf", kLightGbmBinaryExample);
  auto kv = Parse({"config=" + path});
  ASSERT_TRUE(kv.ok()) << kv.status().message();
  Params p;
  ASSERT_TRUE(ApplyParams(*kv, &p).ok());
  ASSERT_TRUE(ValidateParams(p).ok());
  EXPECT_EQ(p.io.task, "train");
  EXPECT_EQ(p.boosting.boosting, "gbdt");
  EXPECT_EQ(p.boosting.objective, "binary");
  EXPECT_EQ(p.boosting.metric, (std::vector<std::string>{"binary_logloss", "auc"}));
  EXPECT_TRUE(p.io.is_training_metric);
  EXPECT_EQ(p.io.data, "binary.train");
  EXPECT_EQ(p.io.valid, (std::vector<std::string>{"binary.test"}));
  EXPECT_EQ(p.boosting.num_iterations, 100);
  EXPECT_EQ(p.tree.num_leaves, 63);
  EXPECT_EQ(p.system.num_threads, 2);
  EXPECT_DOUBLE_EQ(p.boosting.feature_fraction, 0.8);
  EXPECT_EQ(p.boosting.bagging_freq, 5);
  EXPECT_DOUBLE_EQ(p.boosting.bagging_fraction, 0.8);
  EXPECT_EQ(p.tree.min_data_in_leaf, 50);
  EXPECT_DOUBLE_EQ(p.tree.min_sum_hessian_in_leaf, 5.0);
  EXPECT_EQ(p.io.output_model, "LightGBM_model.txt");
}

TEST_F(ConfigFileTest, CommandLineWinsOverFileWhateverTheOrder) {
  const std::string path =
      Write("c.conf", "num_trees = 100\nlearning_rate = 0.5\nnum_leaves = 9\n");
  for (const auto& args : {std::vector<std::string>{"num_iterations=7", "config=" + path},
                           std::vector<std::string>{"config_file=" + path, "num_iterations=7"}}) {
    auto kv = Parse(args);
    ASSERT_TRUE(kv.ok()) << kv.status().message();
    Params p;
    ASSERT_TRUE(ApplyParams(*kv, &p).ok());
    EXPECT_EQ(p.boosting.num_iterations, 7);  // not a conflict: different sources
    EXPECT_DOUBLE_EQ(p.boosting.learning_rate, 0.5);
    EXPECT_EQ(p.tree.num_leaves, 9);
  }
}

TEST_F(ConfigFileTest, LaterLinesOverrideEarlierOnes) {
  const std::string path = Write("d.conf", "num_leaves = 9\nnum_leaves = 12\n");
  auto kv = Parse({"config=" + path});
  ASSERT_TRUE(kv.ok());
  Params p;
  ASSERT_TRUE(ApplyParams(*kv, &p).ok());
  EXPECT_EQ(p.tree.num_leaves, 12);
}

TEST_F(ConfigFileTest, TwoAliasesInOneFileMustAgree) {
  const std::string path = Write("e.conf", "num_trees = 10\nnum_iterations = 20\n");
  auto kv = Parse({"config=" + path});
  ASSERT_TRUE(kv.ok());
  Params p;
  const Status s = ApplyParams(*kv, &p);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("'num_iterations'"), std::string::npos) << s.message();
}

TEST_F(ConfigFileTest, CommandLineErrors) {
  EXPECT_EQ(Parse({"num_leaves"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse({"=3"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse({"config=a.conf", "config=b.conf"}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse({"config=" + (dir_ / "missing.conf").string()}).status().code(),
            StatusCode::kNotFound);
  const std::string nested = Write("n.conf", "config = other.conf\n");
  EXPECT_EQ(Parse({"config=" + nested}).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ConfigFileTest, NoConfigKeepsCommandLineOrder) {
  auto kv = Parse({"num_leaves = 5", " eta=0.3 "});
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(*kv, (KeyValues{{"num_leaves", "5"}, {"eta", "0.3"}}));
}

}  // namespace
}  // namespace qgbm
