#include "io/text_cells.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm::io {
namespace {

double Parsed(std::string_view cell) {
  double value = -12345;
  EXPECT_TRUE(ParseCell(cell, &value)) << cell;
  return value;
}

TEST(TextCellsTest, ParsesNumbersInCommonSpellings) {
  EXPECT_EQ(Parsed("1e-3"), 1e-3);
  EXPECT_EQ(Parsed("-0.5"), -0.5);
  EXPECT_EQ(Parsed("+2"), 2.0);
  EXPECT_EQ(Parsed(" 3 "), 3.0);
  EXPECT_EQ(Parsed("\"4.5\""), 4.5);
  EXPECT_EQ(Parsed("inf"), INFINITY);
  EXPECT_EQ(Parsed("-inf"), -INFINITY);
  EXPECT_EQ(Parsed("1e999"), INFINITY);
  EXPECT_EQ(Parsed("-1e999"), -INFINITY);
  EXPECT_EQ(Parsed("1e-999"), 0.0);
}

TEST(TextCellsTest, MissingSpellingsAreNaN) {
  for (const char* cell : {"", "NA", "na", "nan", "NaN", "?", "null", "NULL", " "}) {
    EXPECT_TRUE(std::isnan(Parsed(cell))) << "'" << cell << "'";
  }
}

TEST(TextCellsTest, RejectsNonNumbers) {
  double value = 0;
  for (const char* cell : {"abc", "1.5x", "1,5", "--1", "+", "0x10"}) {
    EXPECT_FALSE(ParseCell(cell, &value)) << cell;
  }
}

std::vector<std::string> Split(std::string_view line, char delimiter) {
  std::vector<std::string> cells;
  for (CellSplitter s(line, delimiter); !s.Done();) cells.emplace_back(s.Next());
  return cells;
}

TEST(TextCellsTest, SplitsCells) {
  EXPECT_EQ(Split("a,,b,", ','), (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(Split("\t1", '\t'), (std::vector<std::string>{"", "1"}));
  EXPECT_EQ(Split("  a \t b  ", ' '), (std::vector<std::string>{"a", "b"}));
}

TEST(TextCellsTest, NextLineDropsCarriageReturn) {
  const std::string text = "a\r\nb\n\nc";
  size_t pos = 0;
  EXPECT_EQ(NextLine(text, pos), "a");
  EXPECT_EQ(NextLine(text, pos), "b");
  EXPECT_EQ(NextLine(text, pos), "");
  EXPECT_EQ(NextLine(text, pos), "c");
  EXPECT_EQ(pos, text.size());
}

}  // namespace
}  // namespace qgbm::io
