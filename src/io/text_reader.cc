#include "io/text_reader.h"

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/parallel_for.h"
#include "io/column_plan.h"
#include "io/dense_text_parser.h"
#include "io/file_contents.h"
#include "io/libsvm_parser.h"
#include "io/line_blocks.h"
#include "io/line_chunks.h"
#include "io/side_files.h"
#include "io/text_cells.h"
#include "io/text_format.h"

namespace qgbm {
namespace {

using io::BlankRule;
using io::LineChunk;
using io::TextLayout;

std::string ShortestText(double value) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof(buf), value);
  return {buf, result.ptr};
}

// Consecutive rows with equal ids form one query; an id that comes back after another one is an
// error rather than a second query (a query's rows must be consecutive).
StatusOr<std::vector<int32_t>> GroupSizesFromIds(const std::vector<double>& ids,
                                                 const std::string& path) {
  std::vector<int32_t> sizes;
  std::unordered_map<double, size_t> first_row;
  for (size_t row = 0; row < ids.size(); ++row) {
    if (row > 0 && ids[row] == ids[row - 1]) {
      ++sizes.back();
      continue;
    }
    const auto [it, inserted] = first_row.emplace(ids[row], row);
    if (!inserted) {
      return Status::DataError(
          "file " + path + ": data row " + std::to_string(row + 1) + " has group id " +
          ShortestText(ids[row]) + ", which already appeared at data row " +
          std::to_string(it->second + 1) + "; the rows of one query must be consecutive");
    }
    sizes.push_back(1);
  }
  return sizes;
}

Status ReadDense(std::string_view text, const TextLayout& layout, const TextReadOptions& options,
                 int threads, RawData* data, std::vector<io::StringCells>* strings) {
  QGBM_ASSIGN_OR_RETURN(const io::ColumnPlan plan, io::PlanColumns(options, layout, data->source));
  const std::vector<LineChunk> chunks = io::SplitIntoChunks(
      text, layout.data_begin, layout.data_begin_line, BlankRule::kDense, threads);
  std::vector<double> group_ids;
  QGBM_RETURN_IF_ERROR(
      io::ParseDenseRows(text, chunks, plan, layout.delimiter, threads, data, &group_ids, strings));
  data->feature_names = plan.feature_names;
  data->categorical = plan.categorical;
  if (plan.group_column >= 0) {
    QGBM_ASSIGN_OR_RETURN(data->group_sizes, GroupSizesFromIds(group_ids, data->source));
  }
  return Status::Ok();
}

std::string_view FirstLibSvmLine(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    const std::string_view line = io::NextLine(text, pos);
    if (!io::IsBlankLibSvmLine(line)) return line;
  }
  return {};
}

Status ReadLibSvm(std::string_view text, const TextLayout& layout, const TextReadOptions& options,
                  int threads, RawData* data) {
  QGBM_RETURN_IF_ERROR(io::CheckLibSvmOptions(options, data->source));
  io::LibSvmOptions libsvm;
  libsvm.has_label = options.expected_num_features >= 0
                         ? io::LibSvmLineHasLabel(FirstLibSvmLine(text, layout.data_begin))
                         : options.has_label;
  libsvm.expected_num_features = options.expected_num_features;
  libsvm.num_threads = threads;
  const std::vector<LineChunk> chunks = io::SplitIntoChunks(
      text, layout.data_begin, layout.data_begin_line, BlankRule::kLibSvm, threads);
  return io::ParseLibSvmRows(text, chunks, libsvm, data);
}

}  // namespace

// A plain dense file, block by block: one pass counts the rows, the second parses each block
// straight into the arrays. Returns false (and reads nothing into data) when the file turns out
// not to be dense text, for the whole-file path.
StatusOr<bool> ReadDenseInBlocks(const std::string& path, const TextReadOptions& options,
                                 int threads, RawData* data,
                                 std::vector<io::StringCells>* strings) {
  std::optional<io::LineBlockReader> reader;
  {
    QGBM_ASSIGN_OR_RETURN(io::LineBlockReader opened,
                          io::LineBlockReader::Open(path, options.block_bytes));
    reader.emplace(std::move(opened));
  }
  std::string_view block;
  int64_t first_line = 1;
  QGBM_ASSIGN_OR_RETURN(bool more, reader->Next(&block, &first_line));
  if (!more) return false;  // empty file: the whole-file path reports it
  // The layout (format, delimiter, header) comes from the first block, which holds at least the
  // header and the first data line (a block always ends after a whole line).
  auto layout_or = io::DetectLayout(block, path, options.header);
  if (!layout_or.ok()) return false;  // let the whole-file path give its exact error
  const TextLayout layout = *layout_or;
  if (layout.format == io::TextFormat::kLibSvm) return false;
  QGBM_ASSIGN_OR_RETURN(const io::ColumnPlan plan, io::PlanColumns(options, layout, data->source));
  auto chunks_of = [&](std::string_view text, int64_t line, bool first) {
    return io::SplitIntoChunks(text, first ? layout.data_begin : 0,
                               first ? layout.data_begin_line : line, BlankRule::kDense, threads);
  };
  std::vector<double> group_ids;
  auto finish = [&]() -> Status {
    data->feature_names = plan.feature_names;
    data->categorical = plan.categorical;
    if (plan.group_column >= 0) {
      QGBM_ASSIGN_OR_RETURN(data->group_sizes, GroupSizesFromIds(group_ids, data->source));
    }
    return Status::Ok();
  };
  if (reader->AtEnd()) {
    // The whole file is one block (the common case for files below the block size): parse it
    // now instead of reading it a second time.
    const std::vector<LineChunk> chunks = chunks_of(block, first_line, true);
    io::AllocateDenseRows(io::TotalRows(chunks), plan, data, &group_ids);
    QGBM_RETURN_IF_ERROR(io::ParseDenseRowsInto(block, chunks, plan, layout.delimiter, threads,
                                                data, &group_ids, strings));
    QGBM_RETURN_IF_ERROR(finish());
    return true;
  }
  int64_t rows = 0;
  for (bool first = true; more; first = false) {
    rows += io::TotalRows(chunks_of(block, first_line, first));
    QGBM_ASSIGN_OR_RETURN(more, reader->Next(&block, &first_line));
  }
  io::AllocateDenseRows(rows, plan, data, &group_ids);
  // Second pass; the first reader (and its buffer) goes first.
  reader.reset();
  {
    QGBM_ASSIGN_OR_RETURN(io::LineBlockReader opened,
                          io::LineBlockReader::Open(path, options.block_bytes));
    reader.emplace(std::move(opened));
  }
  int64_t rows_before = 0;
  QGBM_ASSIGN_OR_RETURN(more, reader->Next(&block, &first_line));
  for (bool first = true; more; first = false) {
    std::vector<LineChunk> chunks = chunks_of(block, first_line, first);
    const int64_t block_rows = io::TotalRows(chunks);
    if (rows_before + block_rows > rows) {
      return Status::IoError("file " + path + " changed while it was read");
    }
    for (LineChunk& c : chunks) c.first_row += rows_before;
    QGBM_RETURN_IF_ERROR(io::ParseDenseRowsInto(block, chunks, plan, layout.delimiter, threads,
                                                data, &group_ids, strings));
    rows_before += block_rows;
    QGBM_ASSIGN_OR_RETURN(more, reader->Next(&block, &first_line));
  }
  if (rows_before != rows) return Status::IoError("file " + path + " changed while it was read");
  QGBM_RETURN_IF_ERROR(finish());
  return true;
}

// LibSVM features are numbered by the file: categorical_feature lists those numbers.
Status MarkLibSvmCategorical(const TextReadOptions& options, RawData* data) {
  data->categorical.assign(static_cast<size_t>(data->num_features), 0);
  std::string_view spec = io::Trim(options.categorical_column);
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    const std::string_view item = io::Trim(spec.substr(0, comma));
    int index = -1;
    const auto res = std::from_chars(item.data(), item.data() + item.size(), index);
    if (res.ec != std::errc() || res.ptr != item.data() + item.size() || index < 0 ||
        index >= data->num_features) {
      return Status::InvalidArgument(
          "categorical_feature='" + std::string(item) + "' is not a feature index of LibSVM file " +
          data->source + " (it has " + std::to_string(data->num_features) + " features)");
    }
    data->categorical[static_cast<size_t>(index)] = 1;
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
  }
  return Status::Ok();
}

// Text columns become category codes; integer-coded categorical columns are checked.
Status FinishCategories(const TextReadOptions& options, const std::vector<io::StringCells>& strings,
                        RawData* data) {
  QGBM_RETURN_IF_ERROR(io::ResolveStringColumns(strings, options.known_categories, data));
  return io::CheckIntegerCategories(data);
}

StatusOr<RawData> ReadTextFile(const std::string& path, const TextReadOptions& options) {
  const int threads = options.num_threads > 0 ? options.num_threads : DefaultThreadCount();
  QGBM_ASSIGN_OR_RETURN(const bool gzip, io::IsGzipFile(path));
  std::vector<io::StringCells> strings;
  if (!gzip) {
    RawData data;
    data.source = path;
    QGBM_ASSIGN_OR_RETURN(const bool done,
                          ReadDenseInBlocks(path, options, threads, &data, &strings));
    if (done) {
      if (data.num_rows == 0) return Status::DataError("file " + path + " has no data rows");
      QGBM_RETURN_IF_ERROR(FinishCategories(options, strings, &data));
      QGBM_RETURN_IF_ERROR(io::ReadSideFiles(path, &data));
      return data;
    }
  }
  QGBM_ASSIGN_OR_RETURN(const std::string text, io::ReadFileContents(path));
  QGBM_ASSIGN_OR_RETURN(const TextLayout layout, io::DetectLayout(text, path, options.header));
  RawData data;
  data.source = path;
  if (layout.format == io::TextFormat::kLibSvm) {
    QGBM_RETURN_IF_ERROR(ReadLibSvm(text, layout, options, threads, &data));
    QGBM_RETURN_IF_ERROR(MarkLibSvmCategorical(options, &data));
  } else {
    QGBM_RETURN_IF_ERROR(ReadDense(text, layout, options, threads, &data, &strings));
  }
  if (data.num_rows == 0) return Status::DataError("file " + path + " has no data rows");
  QGBM_RETURN_IF_ERROR(FinishCategories(options, strings, &data));
  QGBM_RETURN_IF_ERROR(io::ReadSideFiles(path, &data));
  return data;
}

}  // namespace qgbm
