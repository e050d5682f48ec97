#include "io/libsvm_parser.h"

#include <fstream>
#include <numeric>
#include <string>

#include <gtest/gtest.h>

#include "io/io_test_util.h"
#include "io/text_reader.h"

namespace qgbm {
namespace {

using io::testing::MustRead;
using io::testing::ScratchDir;

TEST(LibSvmTest, IndicesAsWrittenAndUnwrittenEntriesAreZero) {
  ScratchDir dir;
  const std::string path = dir.Write("a.svm", "1 0:1.5 3:-2\n0 2:7\n\n-1\n");
  const RawData data = MustRead(path, {});
  EXPECT_EQ(data.num_rows, 3);
  EXPECT_EQ(data.num_features, 4);
  EXPECT_EQ(data.labels, (std::vector<float>{1, 0, -1}));
  EXPECT_EQ(data.values, (std::vector<float>{1.5f, 0, 0, -2, 0, 0, 7, 0, 0, 0, 0, 0}));
  EXPECT_EQ(data.feature_names.back(), "Column_3");
  EXPECT_TRUE(data.group_sizes.empty());
}

TEST(LibSvmTest, QidGroupsAndLetorComments) {
  ScratchDir dir;
  const std::string path = dir.Write("r.txt",
                                     "# a comment line\r\n"
                                     "2 qid:10 1:0.5 2:1 #docid = GX1\r\n"
                                     "0 qid:10 1:0.25 #docid = GX2\r\n"
                                     "1 qid:3 2:4\r\n"
                                     "0 qid:4 1:1\r\n");
  const RawData data = MustRead(path, {});
  EXPECT_EQ(data.num_rows, 4);
  EXPECT_EQ(data.num_features, 3);
  EXPECT_EQ(data.group_sizes, (std::vector<int32_t>{2, 1, 1}));
  EXPECT_EQ(data.labels, (std::vector<float>{2, 0, 1, 0}));
  EXPECT_EQ(data.values[1], 0.5f);
  EXPECT_EQ(data.values[2 * 3 + 2], 4.0f);
}

TEST(LibSvmTest, QidThatComesBackIsAnErrorNamingTheLine) {
  ScratchDir dir;
  const std::string path = dir.Write("r.txt",
                                     "2 qid:10 1:0.5\n"
                                     "0 qid:10 1:0.25\n"
                                     "1 qid:3 2:4\n"
                                     "0 qid:10 1:1\n");
  const StatusOr<RawData> bad = ReadTextFile(path, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataError);
  EXPECT_NE(bad.status().message().find(path + " line 4: qid 10 already appeared at line 1"),
            std::string::npos)
      << bad.status().message();
}

TEST(LibSvmTest, PredictionFileWithoutLabels) {
  ScratchDir dir;
  const std::string path = dir.Write("p.svm", "0:1 2:3\n1:2\n");
  TextReadOptions options;
  options.has_label = false;
  RawData data = MustRead(path, options);
  EXPECT_TRUE(data.labels.empty());
  EXPECT_EQ(data.num_features, 3);
  // With expected_num_features, the first token tells whether a label is present, and the width
  // follows the model.
  options.has_label = true;
  options.expected_num_features = 5;
  data = MustRead(path, options);
  EXPECT_TRUE(data.labels.empty());
  EXPECT_EQ(data.num_features, 5);
  options.expected_num_features = 2;
  const StatusOr<RawData> bad = ReadTextFile(path, options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataError);
  EXPECT_NE(bad.status().message().find("feature index 2"), std::string::npos);
}

TEST(LibSvmTest, GzipLetorFoldWithQids) {
  const std::string dir = QGBM_SHARED_DATA_DIR "/letor_mq2008/Fold1/";
  TextReadOptions options;
  options.num_threads = 2;
  const RawData data = MustRead(dir + "train.txt.gz", options);
  std::ifstream query(dir + "train.txt.query");
  std::vector<int32_t> expected;
  for (int32_t size = 0; query >> size;) expected.push_back(size);
  EXPECT_EQ(data.group_sizes, expected);
  EXPECT_EQ(std::accumulate(expected.begin(), expected.end(), int64_t{0}), data.num_rows);
  EXPECT_EQ(data.num_features, 47);  // indices 1..46 as written, so feature 0 is all zero
}

TEST(LibSvmTest, LightGbmRankTrainWithQueryFile) {
  const RawData data = MustRead(QGBM_SHARED_DATA_DIR "/lightgbm_examples/rank.train", {});
  EXPECT_EQ(data.num_rows, 3005);
  EXPECT_EQ(data.group_sizes.size(), 201u);
  EXPECT_EQ(std::accumulate(data.group_sizes.begin(), data.group_sizes.end(), int64_t{0}), 3005);
}

TEST(LibSvmTest, LineHasLabel) {
  EXPECT_TRUE(io::LibSvmLineHasLabel("1 0:2"));
  EXPECT_TRUE(io::LibSvmLineHasLabel("1"));
  EXPECT_FALSE(io::LibSvmLineHasLabel("  0:2 3:4"));
}

}  // namespace
}  // namespace qgbm
