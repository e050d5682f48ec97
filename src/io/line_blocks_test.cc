#include "io/line_blocks.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/io_test_util.h"
#include "io/text_reader.h"

namespace qgbm::io {
namespace {

using testing::ScratchDir;

// The blocks put back together are the file, each ends after a '\n' (but the last), and the
// line numbers count the lines before each block.
TEST(LineBlockReaderTest, BlocksAreWholeLinesInOrder) {
  ScratchDir dir;
  const std::string text = "a,b\n1,2\n\n333333333333333333,4\r\n5,6";
  const std::string path = dir.Write("f.csv", text);
  for (size_t block_bytes : {1, 2, 5, 9, 64, 1 << 20}) {
    auto reader = LineBlockReader::Open(path, block_bytes);
    ASSERT_TRUE(reader.ok());
    std::string joined;
    std::string_view block;
    int64_t first_line = 0, expected_line = 1;
    for (;;) {
      auto more = reader->Next(&block, &first_line);
      ASSERT_TRUE(more.ok());
      if (!*more) break;
      EXPECT_EQ(first_line, expected_line);
      expected_line += static_cast<int64_t>(std::count(block.begin(), block.end(), '\n'));
      joined.append(block);
      if (joined.size() < text.size()) {
        EXPECT_EQ(block.back(), '\n');
      }
    }
    EXPECT_EQ(joined, text) << block_bytes;
  }
}

void ExpectSameData(const RawData& a, const RawData& b) {
  ASSERT_EQ(a.num_rows, b.num_rows);
  ASSERT_EQ(a.num_features, b.num_features);
  ASSERT_EQ(a.values.size(), b.values.size());
  for (size_t i = 0; i < a.values.size(); ++i) {
    ASSERT_TRUE(a.values[i] == b.values[i] || (std::isnan(a.values[i]) && std::isnan(b.values[i])))
        << i;
  }
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.weights, b.weights);
  EXPECT_EQ(a.group_sizes, b.group_sizes);
  EXPECT_EQ(a.feature_names, b.feature_names);
  EXPECT_EQ(a.category_names, b.category_names);
}

// Reading in tiny blocks gives the same data and the same errors (with the same line numbers)
// as reading in one block.
TEST(LineBlockReaderTest, BlockSizeDoesNotChangeWhatIsRead) {
  ScratchDir dir;
  std::string text = "y,w,q,x1,x2\n";
  for (int r = 0; r < 200; ++r) {
    text += std::to_string(r % 2) + "," + std::to_string(1 + r % 3) + "," + std::to_string(r / 7) +
            "," + (r % 11 == 0 ? "" : std::to_string(r * 0.25)) + "," +
            (r % 13 == 0 ? "s" + std::to_string(r % 3) : std::to_string(-r)) + "\n";
    if (r % 50 == 0) text += "\n";
  }
  const std::string good = dir.Write("good.csv", text);
  const std::string bad = dir.Write("bad.csv", text + "1,x,99,1,2\n");
  TextReadOptions options;
  options.header = true;
  options.weight_column = "name:w";
  options.group_column = "name:q";
  options.num_threads = 2;
  const RawData whole = testing::MustRead(good, options);
  ASSERT_EQ(whole.num_rows, 200);
  ASSERT_EQ(whole.category_names[1].size(), 187u);  // x2: 3 texts and 184 distinct numbers
  const std::string whole_error = ReadTextFile(bad, options).status().message();
  for (size_t block_bytes : {1, 13, 100, 4096}) {
    options.block_bytes = block_bytes;
    ExpectSameData(testing::MustRead(good, options), whole);
    EXPECT_EQ(ReadTextFile(bad, options).status().message(), whole_error);
  }
  EXPECT_NE(whole_error.find("206"), std::string::npos) << whole_error;
}

}  // namespace
}  // namespace qgbm::io
