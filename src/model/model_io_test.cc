#include "model/model_io.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "model/model_json.h"
#include "model/testing_models.h"

namespace qgbm {
namespace {

namespace fs = std::filesystem;

class ModelIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("qgbm_model_io_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string PathOf(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(ModelIoTest, SaveAndLoadBothFormats) {
  const Model model = testing::MakeTestModel();
  for (const auto format : {ModelFileFormat::kJson, ModelFileFormat::kCbor}) {
    // The file name says nothing about the format: detection is by content.
    const std::string path = PathOf(format == ModelFileFormat::kJson ? "a.model" : "b.model");
    ASSERT_TRUE(SaveModel(model, path, format).ok());
    const std::string bytes = ReadAll(path);
    EXPECT_EQ(bytes, format == ModelFileFormat::kJson ? ModelToJson(model) : ModelToCbor(model));
    const StatusOr<Model> back = LoadModel(path);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(back->trees.size(), model.trees.size());
    EXPECT_TRUE(testing::SameBits(back->trees[0].leaf_value()[2], -0.0));
    EXPECT_EQ(back->parameters, model.parameters);
  }
}

TEST_F(ModelIoTest, DetectsFormatAfterLeadingWhitespace) {
  const Model model = testing::MakeTestModel();
  EXPECT_TRUE(DeserializeModel("\n  " + ModelToJson(model)).ok());
  EXPECT_TRUE(DeserializeModel(ModelToCbor(model)).ok());
}

TEST_F(ModelIoTest, NonFiniteModelIsNotSaved) {
  Model model = testing::MakeTestModel();
  model.trees[3].set_leaf_value(1, std::numeric_limits<double>::quiet_NaN());
  const std::string path = PathOf("nan.model");
  const Status s = SaveModel(model, path, ModelFileFormat::kJson);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("trees[3]: leaf_value[1] is not finite"), std::string::npos)
      << s.message();
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(SerializeModel(model, ModelFileFormat::kCbor).status().code(), StatusCode::kInternal);
}

TEST_F(ModelIoTest, InconsistentModelIsNotSaved) {
  Model model = testing::MakeTestModel();
  model.init_score.pop_back();
  EXPECT_EQ(SaveModel(model, PathOf("bad.model")).code(), StatusCode::kInternal);
}

TEST_F(ModelIoTest, MissingFile) {
  const StatusOr<Model> m = LoadModel(PathOf("absent.model"));
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
  EXPECT_NE(m.status().message().find("absent.model"), std::string::npos);
}

TEST_F(ModelIoTest, TruncatedFilesNameThePathAndOffset) {
  const Model model = testing::MakeTestModel();
  for (const auto format : {ModelFileFormat::kJson, ModelFileFormat::kCbor}) {
    const std::string bytes = SerializeModel(model, format).value();
    const std::string path = PathOf("cut.model");
    std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() * 2 / 3);
    const StatusOr<Model> m = LoadModel(path);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().code(), StatusCode::kDataError);
    EXPECT_EQ(m.status().message().rfind("model file '" + path + "': model is not valid", 0), 0U)
        << m.status().message();
    EXPECT_NE(m.status().message().find("parse error at byte"), std::string::npos);
  }
}

TEST_F(ModelIoTest, SaveOverwritesAtomically) {
  const std::string path = PathOf("m.model");
  Model model = testing::MakeTestModel();
  ASSERT_TRUE(SaveModel(model, path, ModelFileFormat::kCbor).ok());
  model.objective = "changed";
  ASSERT_TRUE(SaveModel(model, path, ModelFileFormat::kJson).ok());
  EXPECT_EQ(LoadModel(path)->objective, "changed");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace qgbm
