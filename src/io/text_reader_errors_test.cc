// One case per user-visible error of ReadTextFile: the status code, and a message that names the
// file and (for content errors) the 1-based line.
#include <string>

#include <gtest/gtest.h>

#include "io/io_test_util.h"
#include "io/text_reader.h"

namespace qgbm {
namespace {

using io::testing::ScratchDir;

struct ErrorCase {
  const char* name;
  std::string content;
  TextReadOptions options;
  StatusCode code;
  std::string needle;  // must appear in the message besides the file name
};

void PrintTo(const ErrorCase& error_case, std::ostream* os) { *os << error_case.name; }

TextReadOptions With(void (*set)(TextReadOptions&)) {
  TextReadOptions options;
  set(options);
  return options;
}

std::string Rows(int count, const std::string& row) {
  std::string text;
  for (int i = 0; i < count; ++i) text += row;
  return text;
}

std::vector<ErrorCase> Cases() {
  const auto header = [](TextReadOptions& o) { o.header = true; };
  return {
      {"Ragged", "a,b,c\n" + Rows(15, "1,2,3\n") + "1,2\n", With(header), StatusCode::kDataError,
       "line 17: expected 3 columns, found 2"},
      {"TooManyCells",
       "1\t2\n1\t2\t3\n",
       {},
       StatusCode::kDataError,
       "line 2: expected 2 columns, found 3"},
      {"LabelNotANumber", "y,age\n1,2\n\nabc,3\n", With(header), StatusCode::kDataError,
       "line 4, column 0 ('y'): cannot parse 'abc' as a number"},
      {"TsvTimeCellIsAStringNotLibSvm", "1\t2\t12:30\n",
       With([](TextReadOptions& o) { o.weight_column = "1"; }), StatusCode::kDataError,
       "line 1, column 2: cannot parse '12:30'"},
      {"CategoricalNotAnInteger", "y,age,city\n1,2,3\n0,4,2.5\n", With([](TextReadOptions& o) {
         o.header = true;
         o.categorical_column = "1";
       }),
       StatusCode::kDataError,
       "data row 2, feature 1 ('city'): a categorical value that is not an integer: 2.5"},
      {"CategoricalIndexOutOfRange", "1,2,3\n",
       With([](TextReadOptions& o) { o.categorical_column = "2"; }), StatusCode::kNotFound,
       "categorical_feature=2"},
      {"CategoricalNameUnknown", "y,a\n1,2\n", With([](TextReadOptions& o) {
         o.header = true;
         o.categorical_column = "name:b";
       }),
       StatusCode::kNotFound, "no column named 'b'"},
      {"CategoricalIsTheWeight", "1,2,3\n", With([](TextReadOptions& o) {
         o.weight_column = "0";
         o.categorical_column = "0";
       }),
       StatusCode::kInvalidArgument, "categorical_feature selects column 1"},
      {"LabelMissing", "1,2\nNA,3\n", {}, StatusCode::kDataError, "line 2, column 0"},
      {"LabelInfinite", "1,2\n1,3\ninf,3\n", {}, StatusCode::kDataError, "line 3, column 0"},
      {"WeightNegative", "1,2,3\n1,-2,3\n", With([](TextReadOptions& o) { o.weight_column = "0"; }),
       StatusCode::kDataError, "line 2, column 1"},
      {"WeightMissing", "1,2,3\n1,,3\n", With([](TextReadOptions& o) { o.weight_column = "0"; }),
       StatusCode::kDataError, "line 2, column 1"},
      {"GroupMissing", "1,2,3\n1,2,\n", With([](TextReadOptions& o) { o.group_column = "1"; }),
       StatusCode::kDataError, "line 2, column 2"},
      {"GroupIdComesBack", "1,2,3\n1,2,3\n1,5,3\n1,2,3\n",
       With([](TextReadOptions& o) { o.group_column = "0"; }), StatusCode::kDataError,
       "data row 4 has group id 2, which already appeared at data row 1"},
      {"LibSvmQidComesBack",
       "1 qid:1 0:1\n1 qid:2 0:1\n1 qid:1 0:2\n",
       {},
       StatusCode::kDataError,
       "line 3: qid 1 already appeared at line 1"},
      {"EmptyFile", "", {}, StatusCode::kDataError, "no data rows"},
      {"OnlyBlankLines", "\n  \r\n\n", {}, StatusCode::kDataError, "no data rows"},
      {"HeaderOnly", "a,b\n", With(header), StatusCode::kDataError, "no data rows"},
      {"HeaderCountMismatch", "a,b\n1,2,3\n", With(header), StatusCode::kDataError, "line 1"},
      {"LabelIndexOutOfRange", "1,2\n", With([](TextReadOptions& o) { o.label_column = "5"; }),
       StatusCode::kNotFound, "label_column=5"},
      {"LabelNameUnknown", "a,b\n1,2\n", With([](TextReadOptions& o) {
         o.header = true;
         o.label_column = "name:target";
       }),
       StatusCode::kNotFound, "'target'"},
      {"NameNeedsHeader", "1,2\n", With([](TextReadOptions& o) { o.label_column = "name:y"; }),
       StatusCode::kInvalidArgument, "header=true"},
      {"LabelNotAnIndex", "1,2\n", With([](TextReadOptions& o) { o.label_column = "y"; }),
       StatusCode::kInvalidArgument, "label_column='y'"},
      {"WeightIndexOutOfRange", "1,2\n", With([](TextReadOptions& o) { o.weight_column = "2"; }),
       StatusCode::kNotFound, "weight_column=2"},
      {"GroupNameUnknown", "a,b\n1,2\n", With([](TextReadOptions& o) {
         o.header = true;
         o.group_column = "name:qid";
       }),
       StatusCode::kNotFound, "'qid'"},
      {"IgnoreIndexOutOfRange", "1,2\n", With([](TextReadOptions& o) { o.ignore_column = "0,7"; }),
       StatusCode::kNotFound, "ignore_column=7"},
      {"LabelAlsoWeight", "a,b\n1,2\n", With([](TextReadOptions& o) {
         o.header = true;
         o.label_column = "name:a";
         o.weight_column = "name:a";
       }),
       StatusCode::kInvalidArgument, "column 0"},
      {"LibSvmBadIndex",
       "1 0:1\n1 x:2\n",
       {},
       StatusCode::kDataError,
       "line 2: bad LibSVM token 'x:2'"},
      {"LibSvmNegativeIndex", "1 0:1\n\n1 -1:2\n", {}, StatusCode::kDataError, "line 3"},
      {"LibSvmBadValue", "1 0:1\n1 3:abc\n", {}, StatusCode::kDataError, "line 2"},
      {"LibSvmEmptyValue", "1 0:1\n1 3:\n", {}, StatusCode::kDataError, "line 2"},
      {"LibSvmBadLabel", "1 0:1\nyes 3:1\n", {}, StatusCode::kDataError, "line 2"},
      {"LibSvmMixedQid", "1 qid:1 0:1\n1 0:1\n", {}, StatusCode::kDataError, "line 2: no qid"},
      {"LibSvmHeader", "1 0:1\n1 0:1\n", With(header), StatusCode::kInvalidArgument, "header"},
      {"LibSvmWeightColumn", "1 0:1\n", With([](TextReadOptions& o) { o.weight_column = "1"; }),
       StatusCode::kInvalidArgument, "weight_column"},
      {"CorruptGzip",
       std::string("\x1f\x8b\x08\x00garbage-garbage-garbage", 27),
       {},
       StatusCode::kDataError,
       "gzip"},
  };
}

class TextReaderErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(TextReaderErrorTest, StatusNamesFileAndLine) {
  ScratchDir dir;
  const std::string path = dir.Write("input.data", GetParam().content);
  const StatusOr<RawData> data = ReadTextFile(path, GetParam().options);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), GetParam().code) << data.status().message();
  EXPECT_NE(data.status().message().find(path), std::string::npos) << data.status().message();
  EXPECT_NE(data.status().message().find(GetParam().needle), std::string::npos)
      << data.status().message();
}

INSTANTIATE_TEST_SUITE_P(All, TextReaderErrorTest, ::testing::ValuesIn(Cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(TextReaderErrorsTest, MissingFileIsNotFound) {
  ScratchDir dir;
  const std::string path = dir.Path("nope.csv");
  const StatusOr<RawData> data = ReadTextFile(path, {});
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kNotFound);
  EXPECT_NE(data.status().message().find(path), std::string::npos);
}

TEST(TextReaderErrorsTest, DirectoryIsAnIoError) {
  ScratchDir dir;
  const StatusOr<RawData> data = ReadTextFile(dir.Path(""), {});
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kIoError);
}

TEST(TextReaderErrorsTest, TruncatedGzipIsADataError) {
  ScratchDir dir;
  std::string rows;
  for (int i = 0; i < 2000; ++i) rows += std::to_string(i % 2) + "," + std::to_string(i * 7) + "\n";
  const std::string full = dir.WriteGzip("full.gz", rows);
  std::ifstream in(full, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string path = dir.Write("cut.gz", bytes.substr(0, bytes.size() / 2));
  const StatusOr<RawData> data = ReadTextFile(path, {});
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kDataError);
  EXPECT_NE(data.status().message().find("truncated"), std::string::npos)
      << data.status().message();
}

TEST(TextReaderErrorsTest, FirstErrorInFileOrderWhateverTheThreadCount) {
  ScratchDir dir;
  std::string text;
  for (int i = 0; i < 200000; ++i) text += i == 150000 || i == 190000 ? "x,1\n" : "1,2\n";
  const std::string path = dir.Write("many.csv", text);
  for (int threads : {1, 3}) {
    TextReadOptions options;
    options.num_threads = threads;
    const StatusOr<RawData> data = ReadTextFile(path, options);
    ASSERT_FALSE(data.ok());
    EXPECT_NE(data.status().message().find("line 150001,"), std::string::npos)
        << data.status().message();
  }
}

}  // namespace
}  // namespace qgbm
