#include "io/side_files.h"

#include <string>

#include <gtest/gtest.h>

#include "io/io_test_util.h"
#include "io/text_reader.h"

namespace qgbm {
namespace {

using io::testing::ScratchDir;

TEST(SideFilesTest, WeightInitAndQueryFilesNextToTheData) {
  ScratchDir dir;
  const std::string path = dir.Write("d.tsv", "1\t2\n0\t3\n1\t4\n");
  dir.Write("d.tsv.weight", "0.5\n1\n2\n");
  dir.Write("d.tsv.init", "0.1\t1.1\n0.2\t1.2\n0.3\t1.3\n");
  dir.Write("d.tsv.query", "2\n1\n");
  const StatusOr<RawData> data = ReadTextFile(path, {});
  ASSERT_TRUE(data.ok()) << data.status().message();
  EXPECT_EQ(data->weights, (std::vector<float>{0.5f, 1, 2}));
  EXPECT_EQ(data->init_scores, (std::vector<double>{0.1, 0.2, 0.3, 1.1, 1.2, 1.3}));
  EXPECT_EQ(data->group_sizes, (std::vector<int32_t>{2, 1}));
}

TEST(SideFilesTest, GzipDataUsesTheFullNameForSideFiles) {
  ScratchDir dir;
  const std::string path = dir.WriteGzip("d.csv.gz", "1,2\n0,3\n");
  dir.Write("d.csv.gz.init", "0.5\n-0.5\n");
  const StatusOr<RawData> data = ReadTextFile(path, {});
  ASSERT_TRUE(data.ok()) << data.status().message();
  EXPECT_EQ(data->init_scores, (std::vector<double>{0.5, -0.5}));
}

struct SideFileError {
  const char* suffix;
  const char* content;
  StatusCode code;
  const char* needle;
};

class SideFileErrorTest : public ::testing::TestWithParam<SideFileError> {};

TEST_P(SideFileErrorTest, ReportsFileAndProblem) {
  ScratchDir dir;
  const std::string path = dir.Write("d.csv", "1,2\n0,3\n1,4\n");
  const std::string side = dir.Write(std::string("d.csv") + GetParam().suffix, GetParam().content);
  const StatusOr<RawData> data = ReadTextFile(path, {});
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), GetParam().code);
  EXPECT_NE(data.status().message().find(side), std::string::npos) << data.status().message();
  EXPECT_NE(data.status().message().find(GetParam().needle), std::string::npos)
      << data.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    All, SideFileErrorTest,
    ::testing::Values(SideFileError{".weight", "1\n2\n", StatusCode::kDataError, "has 2 lines"},
                      SideFileError{".weight", "1\n-2\n3\n", StatusCode::kDataError, "line 2"},
                      SideFileError{".weight", "1\nabc\n3\n", StatusCode::kDataError, "line 2"},
                      SideFileError{".init", "1\n2\n3\n4\n", StatusCode::kDataError, "has 4 lines"},
                      SideFileError{".init", "1\t2\n2\t3\n3\n", StatusCode::kDataError, "line 3"},
                      SideFileError{".query", "1\n1\n", StatusCode::kDataError, "sum to 2"},
                      SideFileError{".query", "1\n1.5\n", StatusCode::kDataError, "line 2"}));

TEST(SideFilesTest, WeightGivenTwiceIsAnError) {
  ScratchDir dir;
  const std::string path = dir.Write("d.csv", "1,2,3\n0,3,4\n");
  dir.Write("d.csv.weight", "1\n1\n");
  TextReadOptions options;
  options.weight_column = "1";  // file column 2: indices skip the label
  const StatusOr<RawData> data = ReadTextFile(path, options);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(data.status().message().find("d.csv.weight"), std::string::npos);
}

TEST(SideFilesTest, QueryFileAndQidTokensConflict) {
  ScratchDir dir;
  const std::string path = dir.Write("r.svm", "1 qid:1 0:1\n0 qid:1 0:2\n");
  dir.Write("r.svm.query", "2\n");
  const StatusOr<RawData> data = ReadTextFile(path, {});
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qgbm
