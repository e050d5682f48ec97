#include "io/line_chunks.h"

#include <string>

#include <gtest/gtest.h>

namespace qgbm::io {
namespace {

TEST(LineChunksTest, ChunksCoverWholeLinesWithExactLineAndRowNumbers) {
  std::string text = "header\n";
  for (int i = 0; i < 1000; ++i) text += (i % 10 == 3) ? "\n" : "row " + std::to_string(i) + "\n";
  for (int threads : {1, 2, 7}) {
    for (size_t min_bytes : {size_t{1}, size_t{100}, size_t{1} << 20}) {
      const auto chunks = SplitIntoChunks(text, 7, 2, BlankRule::kDense, threads, min_bytes);
      ASSERT_FALSE(chunks.empty());
      EXPECT_EQ(chunks.front().begin, 7u);
      EXPECT_EQ(chunks.back().end, text.size());
      EXPECT_EQ(TotalRows(chunks), 900);
      for (size_t c = 0; c < chunks.size(); ++c) {
        if (c > 0) {
          EXPECT_EQ(chunks[c].begin, chunks[c - 1].end);
        }
        EXPECT_EQ(text[chunks[c].begin - 1], '\n');
        // Line k (2-based after the header) holds "row k-2" or is blank.
        const int64_t line_index = chunks[c].first_line - 2;
        const std::string expected =
            line_index % 10 == 3 ? "\n" : "row " + std::to_string(line_index) + "\n";
        EXPECT_EQ(text.substr(chunks[c].begin, expected.size()), expected);
      }
    }
  }
}

TEST(LineChunksTest, LastLineWithoutNewlineAndCommentOnlyLines) {
  const std::string text = "# comment\n1 0:1\n  # another\n0 1:2";
  const auto chunks = SplitIntoChunks(text, 0, 1, BlankRule::kLibSvm, 4, 1);
  EXPECT_EQ(TotalRows(chunks), 2);
  EXPECT_EQ(chunks.back().end, text.size());
}

TEST(LineChunksTest, EmptyRange) {
  const auto chunks = SplitIntoChunks("abc\n", 4, 2, BlankRule::kDense, 4);
  EXPECT_EQ(TotalRows(chunks), 0);
}

}  // namespace
}  // namespace qgbm::io
