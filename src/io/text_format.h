// Detecting the layout of a text data file: CSV, TSV, space-separated or LibSVM, and the header.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qgbm/status.h"

namespace qgbm::io {

enum class TextFormat { kCsv, kTsv, kSpace, kLibSvm };

const char* TextFormatName(TextFormat format);

struct TextLayout {
  TextFormat format = TextFormat::kCsv;
  char delimiter = ',';             // ',', '\t' or ' ' (runs of blanks); unused for LibSVM
  size_t data_begin = 0;            // byte offset of the first line after the header
  int64_t data_begin_line = 1;      // 1-based line number of the line at data_begin
  int num_columns = 0;              // dense: cells in the first data line; LibSVM: 0
  std::vector<std::string> header;  // column names when the file has a header
};

// Looks at the first data lines of `text` (the whole decompressed file). LibSVM is recognised by
// `idx:value` tokens, otherwise the delimiter is the first of tab, comma, space found in the first
// data line. Errors: no data line at all, header count mismatch, header on a LibSVM file.
StatusOr<TextLayout> DetectLayout(std::string_view text, const std::string& path, bool header);

}  // namespace qgbm::io
