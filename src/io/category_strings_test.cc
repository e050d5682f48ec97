#include "io/category_strings.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/io_test_util.h"
#include "io/text_reader.h"

namespace qgbm {
namespace {

using io::testing::MustRead;
using io::testing::ScratchDir;

TextReadOptions HeaderOptions() {
  TextReadOptions o;
  o.header = true;
  return o;
}

TEST(CategoryStringsTest, TextColumnsBecomeSortedCodes) {
  ScratchDir dir;
  const std::string path =
      dir.Write("train.csv", "y,color,x\n1,red,1\n0,blue,2\n1, red ,3\n0,\"green\",4\n1,,5\n");
  const RawData d = MustRead(path, HeaderOptions());
  ASSERT_EQ(d.num_features, 2);
  EXPECT_EQ(d.categorical, (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(d.category_names[0], (std::vector<std::string>{"blue", "green", "red"}));
  EXPECT_TRUE(d.category_names[1].empty());
  const std::vector<float> codes = {d.values[0], d.values[2], d.values[4], d.values[6]};
  EXPECT_EQ(codes, (std::vector<float>{2, 0, 2, 1}));
  EXPECT_TRUE(std::isnan(d.values[8]));  // an empty cell stays missing
  EXPECT_EQ(d.values[9], 5.0f);          // numeric columns are untouched
}

// A number in a text column is the category of its shortest text: 1 and 1.0 are one category.
TEST(CategoryStringsTest, NumbersInTextColumnsAreKeys) {
  ScratchDir dir;
  const RawData d = MustRead(dir.Write("t.csv", "1,a\n0,1\n1,1.0\n0,2.5\n"), {});
  EXPECT_EQ(d.category_names[0], (std::vector<std::string>{"1", "2.5", "a"}));
  EXPECT_EQ(d.values, (std::vector<float>{2, 0, 0, 1}));
}

TEST(CategoryStringsTest, KnownNamesCodeValidationRowsAndUnseenIsMissing) {
  ScratchDir dir;
  const std::vector<std::vector<std::string>> known = {{"blue", "green", "red"}, {}};
  TextReadOptions o = HeaderOptions();
  o.known_categories = &known;
  const RawData d =
      MustRead(dir.Write("valid.csv", "y,color,x\n1,purple,1\n0,blue,2\n1,red,3\n"), o);
  EXPECT_TRUE(std::isnan(d.values[0]));
  EXPECT_EQ(d.values[2], 0.0f);
  EXPECT_EQ(d.values[4], 2.0f);
}

TEST(CategoryStringsTest, TextInAColumnThatWasNumericIsAnError) {
  ScratchDir dir;
  const std::vector<std::vector<std::string>> known = {{"blue", "red"}, {}};
  TextReadOptions o = HeaderOptions();
  o.known_categories = &known;
  const std::string path = dir.Write("p.csv", "y,color,x\n1,red,1\n0,blue,abc\n");
  const StatusOr<RawData> d = ReadTextFile(path, o);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kDataError);
  EXPECT_NE(d.status().message().find(path + " data row 2, feature 1 ('x'): cannot parse 'abc'"),
            std::string::npos)
      << d.status().message();
}

TEST(CategoryStringsTest, DeclaredIntegerColumnsKeepCodesAndNegativeIsMissing) {
  ScratchDir dir;
  TextReadOptions o;
  o.categorical_column = "1";  // counted without the label: the file's column 2
  const RawData d = MustRead(dir.Write("c.csv", "1,0.5,3\n0,0.25,-1\n1,0.75,7\n"), o);
  EXPECT_EQ(d.categorical, (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(d.values[1], 3.0f);
  EXPECT_TRUE(std::isnan(d.values[3]));
  EXPECT_EQ(d.values[5], 7.0f);
  EXPECT_TRUE(d.category_names[1].empty());
}

TEST(CategoryStringsTest, TextThatIsNotUtf8IsAnError) {
  ScratchDir dir;
  const StatusOr<RawData> ok =
      ReadTextFile(dir.Write("u.csv", "1,caf\xc3\xa9\n0,\xe2\x82\xac\n"), {});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->category_names[0], (std::vector<std::string>{"caf\xc3\xa9", "\xe2\x82\xac"}));
  const std::string path = dir.Write("latin1.csv", "1,a\n0,caf\xe9\n");
  const StatusOr<RawData> bad = ReadTextFile(path, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(path + " data row 2, feature 0 ('Column_0'): a text that "
                                               "is not valid UTF-8"),
            std::string::npos)
      << bad.status().message();
}

// LibSVM features are numbered by the file, so categorical_feature lists those numbers.
TEST(CategoryStringsTest, LibSvmCategoricalFeatures) {
  ScratchDir dir;
  const std::string path = dir.Write("d.svm", "1 0:3 1:0.5\n0 0:1 1:0.25\n1 0:-2\n");
  TextReadOptions o;
  o.categorical_column = "0";
  const RawData d = MustRead(path, o);
  EXPECT_EQ(d.categorical, (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(d.values[0], 3.0f);
  EXPECT_TRUE(std::isnan(d.values[4]));  // negative: missing
  o.categorical_column = "1";
  const StatusOr<RawData> bad = ReadTextFile(path, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("data row 1, feature 1 ('Column_1'): a categorical value "
                                        "that is not an integer: 0.5"),
            std::string::npos)
      << bad.status().message();
  o.categorical_column = "4";
  EXPECT_EQ(ReadTextFile(path, o).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qgbm
