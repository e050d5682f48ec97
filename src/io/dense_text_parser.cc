#include "io/dense_text_parser.h"

#include <cmath>

#include "common/parallel_for.h"
#include "io/text_cells.h"

namespace qgbm::io {
namespace {

// Output pointers for one parse; rows are written at row * num_features.
struct DenseSink {
  float* values;
  float* labels;
  float* weights;
  double* group_ids;
  int num_features;
};

class RowParser {
 public:
  RowParser(const ColumnPlan& plan, char delimiter, const std::string& path, DenseSink sink)
      : plan_(plan), delimiter_(delimiter), path_(path), sink_(sink) {}

  // String cells of feature columns go to *strings (their value stays NaN until the file is
  // read: io/category_strings.h).
  Status Parse(std::string_view line, int64_t row, int64_t line_number,
               StringCells* strings) const {
    const int num_columns = static_cast<int>(plan_.roles.size());
    float* row_values = sink_.values + row * sink_.num_features;
    int column = 0;
    for (CellSplitter cells(line, delimiter_); !cells.Done(); ++column) {
      const std::string_view cell = cells.Next();
      if (column >= num_columns) return RaggedRow(line, line_number);
      const ColumnRole role = plan_.roles[column];
      if (role == ColumnRole::kIgnore) continue;
      double value = 0.0;
      if (!ParseCell(cell, &value)) {
        if (role != ColumnRole::kFeature) return NotANumber(cell, line_number, column);
        strings->Add(row, plan_.feature_of[column], StringText(cell));
        value = std::nan("");
      }
      if (role == ColumnRole::kFeature) {
        row_values[plan_.feature_of[column]] = static_cast<float>(value);
      } else {
        QGBM_RETURN_IF_ERROR(StoreSpecial(role, value, cell, row, line_number, column));
      }
    }
    if (column != num_columns) return RaggedRow(line, line_number);
    return Status::Ok();
  }

 private:
  Status StoreSpecial(ColumnRole role, double value, std::string_view cell, int64_t row,
                      int64_t line_number, int column) const {
    const char* problem = nullptr;
    if (role == ColumnRole::kLabel) {
      sink_.labels[row] = static_cast<float>(value);
      if (!std::isfinite(value)) problem = "the label must be a finite number";
    } else if (role == ColumnRole::kWeight) {
      sink_.weights[row] = static_cast<float>(value);
      if (!(value >= 0.0) || std::isinf(value)) problem = "a weight must be finite and >= 0";
    } else {
      sink_.group_ids[row] = value;
      if (!std::isfinite(value)) problem = "the group id must be a finite number";
    }
    if (problem == nullptr) return Status::Ok();
    return Status::DataError(Where(path_, line_number) + ", " +
                             DescribeColumn(column, plan_.header) + ": " + problem + ", found " +
                             Quoted(cell));
  }

  Status RaggedRow(std::string_view line, int64_t line_number) const {
    int found = 0;
    for (CellSplitter cells(line, delimiter_); !cells.Done(); cells.Next()) ++found;
    return Status::DataError(Where(path_, line_number) + ": expected " +
                             std::to_string(plan_.roles.size()) + " columns, found " +
                             std::to_string(found));
  }

  Status NotANumber(std::string_view cell, int64_t line_number, int column) const {
    return Status::DataError(Where(path_, line_number) + ", " +
                             DescribeColumn(column, plan_.header) + ": cannot parse " +
                             Quoted(cell) + " as a number");
  }

  // A category's text: without surrounding blanks and quotes.
  static std::string_view StringText(std::string_view cell) {
    cell = Trim(cell);
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"')
      cell = cell.substr(1, cell.size() - 2);
    return cell;
  }

  const ColumnPlan& plan_;
  char delimiter_;
  const std::string& path_;
  DenseSink sink_;
};

Status ParseChunk(std::string_view text, const LineChunk& chunk, const RowParser& parser,
                  StringCells* strings) {
  const std::string_view chunk_text = text.substr(0, chunk.end);
  int64_t line_number = chunk.first_line, row = chunk.first_row;
  for (size_t pos = chunk.begin; pos < chunk.end; ++line_number) {
    const std::string_view line = NextLine(chunk_text, pos);
    if (IsBlankDenseLine(line)) continue;
    QGBM_RETURN_IF_ERROR(parser.Parse(line, row++, line_number, strings));
  }
  return Status::Ok();
}

}  // namespace

void AllocateDenseRows(int64_t num_rows, const ColumnPlan& plan, RawData* out,
                       std::vector<double>* group_ids) {
  out->num_rows = num_rows;
  out->num_features = plan.num_features;
  out->values.resize(static_cast<size_t>(num_rows) * static_cast<size_t>(plan.num_features));
  if (plan.label_column >= 0) out->labels.resize(num_rows);
  if (plan.weight_column >= 0) out->weights.resize(num_rows);
  if (plan.group_column >= 0) group_ids->resize(num_rows);
}

Status ParseDenseRowsInto(std::string_view text, const std::vector<LineChunk>& chunks,
                          const ColumnPlan& plan, char delimiter, int num_threads, RawData* out,
                          std::vector<double>* group_ids, std::vector<StringCells>* strings) {
  const DenseSink sink{out->values.data(), out->labels.data(), out->weights.data(),
                       group_ids->data(), plan.num_features};
  const RowParser parser(plan, delimiter, out->source, sink);
  std::vector<Status> errors(chunks.size());
  std::vector<StringCells> chunk_strings(chunks.size());
  ParallelForDynamic(static_cast<int64_t>(chunks.size()), num_threads, [&](int64_t c) {
    errors[c] = ParseChunk(text, chunks[c], parser, &chunk_strings[c]);
  });
  for (StringCells& s : chunk_strings) {
    if (s.size() > 0) strings->push_back(std::move(s));
  }
  for (Status& error : errors) {
    if (!error.ok()) return error;
  }
  return Status::Ok();
}

Status ParseDenseRows(std::string_view text, const std::vector<LineChunk>& chunks,
                      const ColumnPlan& plan, char delimiter, int num_threads, RawData* out,
                      std::vector<double>* group_ids, std::vector<StringCells>* strings) {
  AllocateDenseRows(TotalRows(chunks), plan, out, group_ids);
  return ParseDenseRowsInto(text, chunks, plan, delimiter, num_threads, out, group_ids, strings);
}

}  // namespace qgbm::io
