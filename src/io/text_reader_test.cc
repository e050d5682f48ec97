#include "io/text_reader.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "io/io_test_util.h"

namespace qgbm {
namespace {

using io::testing::MustRead;
using io::testing::ScratchDir;

TEST(TextReaderTest, CsvWithHeaderAndNamedLabel) {
  ScratchDir dir;
  const std::string path = dir.Write("a.csv", "x,target,y\n1.5,0,-2\n3,1,4e-1\n");
  TextReadOptions options;
  options.header = true;
  options.label_column = "name:target";
  const RawData data = MustRead(path, options);
  EXPECT_EQ(data.num_rows, 2);
  EXPECT_EQ(data.num_features, 2);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(data.labels, (std::vector<float>{0, 1}));
  EXPECT_EQ(data.values, (std::vector<float>{1.5f, -2.0f, 3.0f, 0.4f}));
  EXPECT_EQ(data.source, path);
  EXPECT_TRUE(data.weights.empty());
  EXPECT_TRUE(data.group_sizes.empty());
}

TEST(TextReaderTest, TsvWithoutHeaderWindowsLineEndsAndBlankLines) {
  ScratchDir dir;
  const std::string path = dir.Write("a.tsv", "1\t0.5\t2\r\n\r\n0\t-1\t+3\r\n\n");
  const RawData data = MustRead(path, {});
  EXPECT_EQ(data.num_rows, 2);
  EXPECT_EQ(data.labels, (std::vector<float>{1, 0}));
  EXPECT_EQ(data.values, (std::vector<float>{0.5f, 2, -1, 3}));
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"Column_0", "Column_1"}));
}

TEST(TextReaderTest, SpaceSeparatedCollapsesRuns) {
  ScratchDir dir;
  const std::string path = dir.Write("a.txt", "  1   2 3\n0 4    5  \n");
  const RawData data = MustRead(path, {});
  EXPECT_EQ(data.num_features, 2);
  EXPECT_EQ(data.values, (std::vector<float>{2, 3, 4, 5}));
}

TEST(TextReaderTest, MissingValuesBecomeNaN) {
  ScratchDir dir;
  const std::string path =
      dir.Write("m.csv", "1,,NA,na,nan,NaN,?,null,inf,-inf,1e400\n0,1,2,3,4,5,6,7,8,9,10\n");
  const RawData data = MustRead(path, {});
  ASSERT_EQ(data.num_features, 10);
  for (int f = 0; f < 7; ++f) EXPECT_TRUE(std::isnan(data.values[f])) << f;
  EXPECT_EQ(data.values[7], INFINITY);
  EXPECT_EQ(data.values[8], -INFINITY);
  EXPECT_EQ(data.values[9], INFINITY);
  EXPECT_EQ(data.values[10], 1.0f);
}

TEST(TextReaderTest, GzipDetectedByMagicBytes) {
  ScratchDir dir;
  const std::string path = dir.WriteGzip("data.bin", "a,b\n1,2\n3,4\n");
  TextReadOptions options;
  options.header = true;
  const RawData data = MustRead(path, options);
  EXPECT_EQ(data.num_rows, 2);
  EXPECT_EQ(data.labels, (std::vector<float>{1, 3}));
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"b"}));
}

// LightGBM's rule: integer indices of weight/group/ignore columns skip the label column.
TEST(TextReaderTest, IgnoreWeightAndGroupIndicesSkipTheLabelColumn) {
  ScratchDir dir;
  // file columns: 0 id(ignored), 1 label, 2 f, 3 weight, 4 query, 5 g, 6 name(ignored);
  // without the label they are 0 id, 1 f, 2 weight, 3 query, 4 g, 5 name.
  const std::string path = dir.Write("g.csv",
                                     "7,1,0.1,2,10,5,abc\n8,0,0.2,1,10,6,def\n"
                                     "9,1,0.3,0.5,11,7,ghi\n");
  TextReadOptions options;
  options.label_column = "1";
  options.weight_column = "2";
  options.group_column = "3";
  options.ignore_column = "0,5";
  const RawData data = MustRead(path, options);
  EXPECT_EQ(data.num_features, 2);
  EXPECT_EQ(data.values, (std::vector<float>{0.1f, 5, 0.2f, 6, 0.3f, 7}));
  EXPECT_EQ(data.labels, (std::vector<float>{1, 0, 1}));
  EXPECT_EQ(data.weights, (std::vector<float>{2, 1, 0.5f}));
  EXPECT_EQ(data.group_sizes, (std::vector<int32_t>{2, 1}));
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"Column_0", "Column_1"}));
}

TEST(TextReaderTest, IgnoreColumnsByName) {
  ScratchDir dir;
  const std::string path = dir.Write("n.csv", "y,city,x,\"w\"\n1,Paris,2,3\n0,Rome,4,5\n");
  TextReadOptions options;
  options.header = true;
  options.ignore_column = "name:city";
  options.weight_column = "name:w";
  const RawData data = MustRead(path, options);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x"}));
  EXPECT_EQ(data.values, (std::vector<float>{2, 4}));
  EXPECT_EQ(data.weights, (std::vector<float>{3, 5}));
}

TEST(TextReaderTest, ExpectedNumFeaturesDecidesWhetherALabelIsPresent) {
  ScratchDir dir;
  const std::string path = dir.Write("p.csv", "1,2,3\n4,5,6\n");
  TextReadOptions options;
  options.expected_num_features = 2;
  RawData data = MustRead(path, options);
  EXPECT_EQ(data.num_features, 2);
  EXPECT_EQ(data.labels, (std::vector<float>{1, 4}));
  options.expected_num_features = 3;
  data = MustRead(path, options);
  EXPECT_EQ(data.num_features, 3);
  EXPECT_TRUE(data.labels.empty());
  EXPECT_EQ(data.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  options.expected_num_features = 5;
  const StatusOr<RawData> bad = ReadTextFile(path, options);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("3 feature columns"), std::string::npos);
  EXPECT_NE(bad.status().message().find("expects 5"), std::string::npos);
}

TEST(TextReaderTest, HasLabelFalseMakesEveryColumnAFeature) {
  ScratchDir dir;
  const std::string path = dir.Write("p.tsv", "1\t2\n");
  TextReadOptions options;
  options.has_label = false;
  const RawData data = MustRead(path, options);
  EXPECT_EQ(data.num_features, 2);
  EXPECT_TRUE(data.labels.empty());
}

std::string GeneratedCsv(int rows) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uniform(-100, 100);
  std::string text = "label,a,b,c,d,e,q\n";
  char cell[64];
  for (int r = 0; r < rows; ++r) {
    std::snprintf(cell, sizeof(cell), "%d", r % 2);
    text += cell;
    for (int c = 0; c < 5; ++c) {
      if ((r + c) % 17 == 0) {
        text += ",";
        continue;
      }
      std::snprintf(cell, sizeof(cell), ",%.9g", uniform(rng));
      text += cell;
    }
    text += "," + std::to_string(r / 13) + (r % 1000 == 0 ? "\n\n" : "\n");
  }
  return text;
}

bool SameFloats(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  }
  return true;
}

TEST(TextReaderTest, ResultDoesNotDependOnThreadCount) {
  ScratchDir dir;
  const std::string path = dir.Write("big.csv", GeneratedCsv(50000));
  TextReadOptions options;
  options.header = true;
  options.group_column = "name:q";
  options.num_threads = 1;
  const RawData one = MustRead(path, options);
  options.num_threads = 4;
  const RawData four = MustRead(path, options);
  ASSERT_EQ(one.num_rows, 50000);
  EXPECT_EQ(four.num_rows, one.num_rows);
  EXPECT_EQ(four.num_features, 5);
  EXPECT_TRUE(SameFloats(one.values, four.values));
  EXPECT_EQ(one.labels, four.labels);
  EXPECT_EQ(one.group_sizes, four.group_sizes);
  EXPECT_EQ(one.group_sizes.size(), (50000 + 12) / 13u);
  EXPECT_TRUE(std::isnan(one.values[0]));  // row 0, column a: (0 + 0) % 17 == 0
}

TEST(TextReaderTest, LightGbmBinaryTrain) {
  TextReadOptions options;
  options.num_threads = 2;
  const std::string path = QGBM_SHARED_DATA_DIR "/lightgbm_examples/binary.train";
  const RawData data = MustRead(path, options);
  ASSERT_EQ(data.num_rows, 7000);  // stop here, not index empty arrays, if the read failed
  ASSERT_EQ(data.num_features, 28);
  EXPECT_EQ(data.labels[0], 1.0f);
  EXPECT_FLOAT_EQ(data.values[0], 0.869f);
  // binary.train.weight sits next to the file, so LightGBM (and we) pick it up.
  EXPECT_EQ(data.weights.size(), 7000u);
}

TEST(TextReaderTest, HiggsGzipCsvWithNamedLabel) {
  TextReadOptions options;
  options.header = true;
  options.label_column = "name:label";
  options.num_threads = 2;
  const RawData data = MustRead(QGBM_SHARED_DATA_DIR "/higgs_sas_11k/higgs.csv.gz", options);
  ASSERT_EQ(data.num_rows, 10984);  // stop here, not index empty arrays, if the read failed
  ASSERT_EQ(data.num_features, 28);
  EXPECT_EQ(data.feature_names.front(), "lepton_pT");
  EXPECT_EQ(data.labels[0], 1.0f);
  EXPECT_FLOAT_EQ(data.values[0], 0.34186098f);
}

}  // namespace
}  // namespace qgbm
