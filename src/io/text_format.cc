#include "io/text_format.h"

#include "io/text_cells.h"

namespace qgbm::io {
namespace {

constexpr int kSampleLines = 10;

// A LibSVM line: no comma, and every token after the first is `idx:value` (or qid:N). Requiring
// all of them keeps a TSV with a "12:30" cell from passing as LibSVM.
bool LooksLikeLibSvm(std::string_view line) {
  const std::string_view body = Trim(StripComment(line));
  if (body.empty() || body.find(',') != std::string_view::npos) return false;
  bool any_pair = false;
  int index = 0;
  for (CellSplitter tokens(body, ' '); !tokens.Done(); ++index) {
    const bool pair = tokens.Next().find(':') != std::string_view::npos;
    if (index > 0 && !pair) return false;
    any_pair = any_pair || pair;
  }
  return any_pair;
}

char DelimiterOf(std::string_view line) {
  if (line.find('\t') != std::string_view::npos) return '\t';
  if (line.find(',') != std::string_view::npos) return ',';
  return ' ';
}

TextFormat FormatOf(char delimiter) {
  if (delimiter == '\t') return TextFormat::kTsv;
  return delimiter == ',' ? TextFormat::kCsv : TextFormat::kSpace;
}

std::string HeaderName(std::string_view cell) {
  cell = Trim(cell);
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
    cell = cell.substr(1, cell.size() - 2);
  }
  return std::string(cell);
}

int CountCells(std::string_view line, char delimiter) {
  int count = 0;
  for (CellSplitter cells(line, delimiter); !cells.Done(); cells.Next()) ++count;
  return count;
}

// Skips blank lines from `pos`; returns the next line, or false at the end of the text.
bool NextNonBlank(std::string_view text, size_t& pos, int64_t& line_number, std::string_view* line,
                  int64_t* found_at) {
  while (pos < text.size()) {
    *line = NextLine(text, pos);
    *found_at = line_number++;
    if (!IsBlankDenseLine(*line)) return true;
  }
  return false;
}

}  // namespace

const char* TextFormatName(TextFormat format) {
  switch (format) {
    case TextFormat::kCsv:
      return "CSV";
    case TextFormat::kTsv:
      return "TSV";
    case TextFormat::kSpace:
      return "space-separated";
    case TextFormat::kLibSvm:
      return "LibSVM";
  }
  return "unknown";
}

StatusOr<TextLayout> DetectLayout(std::string_view text, const std::string& path, bool header) {
  TextLayout layout;
  size_t pos = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // UTF-8 byte order mark
  int64_t line_number = 1, found_at = 0;
  std::string_view header_line, line;
  if (header && !NextNonBlank(text, pos, line_number, &header_line, &found_at)) {
    return Status::DataError("file " + path + " is empty: header=true but no header line");
  }
  const int64_t header_at = found_at;
  layout.data_begin = pos;
  layout.data_begin_line = line_number;
  std::string_view first_data;
  bool libsvm = false;
  for (int i = 0; i < kSampleLines && NextNonBlank(text, pos, line_number, &line, &found_at); ++i) {
    if (i == 0) first_data = line;
    libsvm = libsvm || LooksLikeLibSvm(line);
  }
  if (first_data.data() == nullptr) {
    return Status::DataError("file " + path + " has no data rows");
  }
  if (libsvm) {
    if (header) {
      return Status::InvalidArgument("file " + path +
                                     " is LibSVM, which has no header line: set header=false");
    }
    layout.format = TextFormat::kLibSvm;
    return layout;
  }
  layout.delimiter = DelimiterOf(first_data);
  layout.format = FormatOf(layout.delimiter);
  layout.num_columns = CountCells(first_data, layout.delimiter);
  if (!header) return layout;
  for (CellSplitter cells(header_line, layout.delimiter); !cells.Done();) {
    layout.header.push_back(HeaderName(cells.Next()));
  }
  if (static_cast<int>(layout.header.size()) != layout.num_columns) {
    return Status::DataError(Where(path, header_at) + ": header has " +
                             std::to_string(layout.header.size()) + " names but the first data " +
                             "row has " + std::to_string(layout.num_columns) + " columns");
  }
  return layout;
}

}  // namespace qgbm::io
