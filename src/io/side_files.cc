#include "io/side_files.h"

#include <charconv>
#include <cmath>
#include <vector>

#include "io/file_contents.h"
#include "io/text_cells.h"

namespace qgbm::io {
namespace {

// Numeric cells of one side file, line by line (blank lines skipped).
struct SideTable {
  std::vector<double> cells;          // row-major
  std::vector<int64_t> line_numbers;  // 1-based file line of each table row
  int64_t num_lines = 0;
  int width = 0;
};

char SideDelimiter(std::string_view line) {
  if (line.find('\t') != std::string_view::npos) return '\t';
  return line.find(',') != std::string_view::npos ? ',' : ' ';
}

StatusOr<SideTable> ReadSideTable(const std::string& path, const char* what) {
  QGBM_ASSIGN_OR_RETURN(const std::string text, ReadFileContents(path));
  SideTable table;
  int64_t line_number = 1;
  for (size_t pos = 0; pos < text.size(); ++line_number) {
    const std::string_view line = NextLine(text, pos);
    if (Trim(line).empty()) continue;
    int width = 0;
    for (CellSplitter cells(Trim(line), SideDelimiter(line)); !cells.Done(); ++width) {
      const std::string_view cell = cells.Next();
      double value = 0.0;
      if (!ParseCell(cell, &value) || std::isnan(value)) {
        return Status::DataError(Where(path, line_number) + ": cannot parse " + Quoted(cell) +
                                 " as " + what);
      }
      table.cells.push_back(value);
    }
    if (table.num_lines > 0 && width != table.width) {
      return Status::DataError(Where(path, line_number) + ": expected " +
                               std::to_string(table.width) + " values, found " +
                               std::to_string(width));
    }
    table.width = width;
    table.line_numbers.push_back(line_number);
    ++table.num_lines;
  }
  return table;
}

Status CheckLineCount(const SideTable& table, const std::string& path, const RawData& data) {
  if (table.num_lines == data.num_rows) return Status::Ok();
  return Status::DataError("file " + path + " has " + std::to_string(table.num_lines) +
                           " lines but data file " + data.source + " has " +
                           std::to_string(data.num_rows) + " rows");
}

Status ReadWeights(const std::string& path, RawData* data) {
  if (!data->weights.empty()) {
    return Status::InvalidArgument("weights given twice: by weight_column and by file " + path);
  }
  QGBM_ASSIGN_OR_RETURN(const SideTable table, ReadSideTable(path, "a weight"));
  QGBM_RETURN_IF_ERROR(CheckLineCount(table, path, *data));
  if (table.width != 1) {
    return Status::DataError("file " + path + ": expected one weight per line");
  }
  for (int64_t i = 0; i < table.num_lines; ++i) {
    if (!(table.cells[i] >= 0.0) || std::isinf(table.cells[i])) {
      return Status::DataError(Where(path, table.line_numbers[i]) +
                               ": a weight must be finite and >= 0");
    }
  }
  data->weights.assign(table.cells.begin(), table.cells.end());
  return Status::Ok();
}

Status ReadInitScores(const std::string& path, RawData* data) {
  QGBM_ASSIGN_OR_RETURN(const SideTable table, ReadSideTable(path, "an initial score"));
  QGBM_RETURN_IF_ERROR(CheckLineCount(table, path, *data));
  const int64_t rows = table.num_lines;
  data->init_scores.resize(table.cells.size());
  for (int64_t row = 0; row < rows; ++row) {
    for (int k = 0; k < table.width; ++k) {
      data->init_scores[k * rows + row] = table.cells[row * table.width + k];
    }
  }
  return Status::Ok();
}

Status ReadQuery(const std::string& path, RawData* data) {
  if (!data->group_sizes.empty()) {
    return Status::InvalidArgument(
        "query groups given twice: by the data file (group_column or "
        "qid) and by file " +
        path);
  }
  QGBM_ASSIGN_OR_RETURN(const SideTable table, ReadSideTable(path, "a group size"));
  int64_t total = 0;
  for (int64_t i = 0; i < table.num_lines; ++i) {
    const double size = table.cells[i];
    if (table.width != 1 || !(size >= 0.0) || size != std::floor(size) || size > 2e9) {
      return Status::DataError(Where(path, table.line_numbers[i]) +
                               ": expected one group size (an integer >= 0)");
    }
    data->group_sizes.push_back(static_cast<int32_t>(size));
    total += data->group_sizes.back();
  }
  if (total != data->num_rows) {
    return Status::DataError("file " + path + ": group sizes sum to " + std::to_string(total) +
                             " but data file " + data->source + " has " +
                             std::to_string(data->num_rows) + " rows");
  }
  return Status::Ok();
}

}  // namespace

Status ReadSideFiles(const std::string& data_path, RawData* data) {
  if (RegularFileExists(data_path + ".weight")) {
    QGBM_RETURN_IF_ERROR(ReadWeights(data_path + ".weight", data));
  }
  if (RegularFileExists(data_path + ".init")) {
    QGBM_RETURN_IF_ERROR(ReadInitScores(data_path + ".init", data));
  }
  if (RegularFileExists(data_path + ".query")) {
    QGBM_RETURN_IF_ERROR(ReadQuery(data_path + ".query", data));
  }
  return Status::Ok();
}

}  // namespace qgbm::io
