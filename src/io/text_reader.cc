#include "io/text_reader.h"

#include <string_view>
#include <vector>

#include "common/parallel_for.h"
#include "io/column_plan.h"
#include "io/dense_text_parser.h"
#include "io/file_contents.h"
#include "io/libsvm_parser.h"
#include "io/line_chunks.h"
#include "io/side_files.h"
#include "io/text_cells.h"
#include "io/text_format.h"

namespace qgbm {
namespace {

using io::BlankRule;
using io::LineChunk;
using io::TextLayout;

std::vector<int32_t> GroupSizesFromIds(const std::vector<double>& ids) {
  std::vector<int32_t> sizes;
  for (size_t row = 0; row < ids.size(); ++row) {
    if (row == 0 || ids[row] != ids[row - 1]) sizes.push_back(0);
    ++sizes.back();
  }
  return sizes;
}

Status ReadDense(std::string_view text, const TextLayout& layout, const TextReadOptions& options,
                 int threads, RawData* data) {
  QGBM_ASSIGN_OR_RETURN(const io::ColumnPlan plan, io::PlanColumns(options, layout, data->source));
  const std::vector<LineChunk> chunks = io::SplitIntoChunks(
      text, layout.data_begin, layout.data_begin_line, BlankRule::kDense, threads);
  std::vector<double> group_ids;
  QGBM_RETURN_IF_ERROR(
      io::ParseDenseRows(text, chunks, plan, layout.delimiter, threads, data, &group_ids));
  data->feature_names = plan.feature_names;
  if (plan.group_column >= 0) data->group_sizes = GroupSizesFromIds(group_ids);
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

StatusOr<RawData> ReadTextFile(const std::string& path, const TextReadOptions& options) {
  const int threads = options.num_threads > 0 ? options.num_threads : DefaultThreadCount();
  QGBM_ASSIGN_OR_RETURN(const std::string text, io::ReadFileContents(path));
  QGBM_ASSIGN_OR_RETURN(const TextLayout layout, io::DetectLayout(text, path, options.header));
  RawData data;
  data.source = path;
  if (layout.format == io::TextFormat::kLibSvm) {
    QGBM_RETURN_IF_ERROR(ReadLibSvm(text, layout, options, threads, &data));
  } else {
    QGBM_RETURN_IF_ERROR(ReadDense(text, layout, options, threads, &data));
  }
  if (data.num_rows == 0) return Status::DataError("file " + path + " has no data rows");
  QGBM_RETURN_IF_ERROR(io::ReadSideFiles(path, &data));
  return data;
}

}  // namespace qgbm
