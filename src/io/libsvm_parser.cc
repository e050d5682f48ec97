#include "io/libsvm_parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <utility>

#include "common/parallel_for.h"
#include "io/text_cells.h"

namespace qgbm::io {
namespace {

// Rows of one chunk in sparse form, scattered into the dense output once the width is known.
struct SparseChunk {
  std::vector<float> labels;
  std::vector<int64_t> qids;
  std::vector<std::pair<int64_t, int64_t>>
      qid_runs;                 // (qid, line) where each run of equal qids starts
  std::vector<size_t> row_end;  // entries of row r are [row_end[r-1], row_end[r])
  std::vector<int32_t> indices;
  std::vector<float> values;
  int32_t max_index = -1;
  int64_t first_line_with_qid = -1;
  int64_t first_line_without_qid = -1;
  Status error;
};

// Keeps dense output to a size a machine can hold even for a stray huge index.
constexpr int32_t kMaxFeatureIndex = (1 << 24) - 1;

bool ParseIndex(std::string_view s, int64_t* value) {
  const auto result = std::from_chars(s.data(), s.data() + s.size(), *value);
  return result.ec == std::errc() && result.ptr == s.data() + s.size();
}

class LineParser {
 public:
  LineParser(const std::string& path, bool has_label) : path_(path), has_label_(has_label) {}

  Status Parse(std::string_view line, int64_t line_number, SparseChunk& out) const {
    CellSplitter tokens(StripComment(line), ' ');
    if (has_label_) QGBM_RETURN_IF_ERROR(ParseLabel(tokens.Next(), line_number, out));
    bool has_qid = false;
    while (!tokens.Done()) {
      const std::string_view token = tokens.Next();
      if (token.substr(0, 4) == "qid:") {
        int64_t qid = 0;
        if (has_qid || !ParseIndex(token.substr(4), &qid)) return Bad(token, line_number);
        if (out.qid_runs.empty() || out.qid_runs.back().first != qid) {
          out.qid_runs.emplace_back(qid, line_number);
        }
        out.qids.push_back(qid);
        has_qid = true;
        continue;
      }
      QGBM_RETURN_IF_ERROR(ParseEntry(token, line_number, out));
    }
    int64_t& first = has_qid ? out.first_line_with_qid : out.first_line_without_qid;
    if (first < 0) first = line_number;
    if (!has_qid) out.qids.push_back(std::numeric_limits<int64_t>::min());
    out.row_end.push_back(out.indices.size());
    return Status::Ok();
  }

 private:
  Status ParseLabel(std::string_view token, int64_t line_number, SparseChunk& out) const {
    double label = 0.0;
    if (token.find(':') != std::string_view::npos) {
      return Status::DataError(Where(path_, line_number) + ": expected a label before " +
                               Quoted(token) + " (for files without labels set has_label=false)");
    }
    if (!ParseCell(token, &label) || !std::isfinite(label)) {
      return Status::DataError(Where(path_, line_number) + ": the label must be a finite " +
                               "number, found " + Quoted(token));
    }
    out.labels.push_back(static_cast<float>(label));
    return Status::Ok();
  }

  Status ParseEntry(std::string_view token, int64_t line_number, SparseChunk& out) const {
    const size_t colon = token.find(':');
    int64_t index = -1;
    double value = 0.0;
    if (colon == std::string_view::npos || !ParseIndex(token.substr(0, colon), &index) ||
        index < 0 || !ParseCell(token.substr(colon + 1), &value) || colon + 1 == token.size()) {
      return Bad(token, line_number);
    }
    if (index > kMaxFeatureIndex) {
      return Status::DataError(Where(path_, line_number) + ": feature index " +
                               std::to_string(index) + " is larger than the supported " +
                               std::to_string(kMaxFeatureIndex));
    }
    out.indices.push_back(static_cast<int32_t>(index));
    out.values.push_back(static_cast<float>(value));
    out.max_index = std::max(out.max_index, static_cast<int32_t>(index));
    return Status::Ok();
  }

  Status Bad(std::string_view token, int64_t line_number) const {
    return Status::DataError(Where(path_, line_number) + ": bad LibSVM token " + Quoted(token) +
                             " (expected index:value with an integer index >= 0, or qid:N)");
  }

  const std::string& path_;
  bool has_label_;
};

SparseChunk ParseChunk(std::string_view text, const LineChunk& chunk, const LineParser& parser) {
  SparseChunk out;
  out.row_end.reserve(chunk.num_rows);
  const std::string_view chunk_text = text.substr(0, chunk.end);
  int64_t line_number = chunk.first_line;
  for (size_t pos = chunk.begin; pos < chunk.end; ++line_number) {
    const std::string_view line = NextLine(chunk_text, pos);
    if (IsBlankLibSvmLine(line)) continue;
    out.error = parser.Parse(line, line_number, out);
    if (!out.error.ok()) break;
  }
  return out;
}

// Checks that qid tokens are on every row or on none; returns whether they are on every row.
StatusOr<bool> CheckQids(const std::vector<SparseChunk>& parts, const std::string& path) {
  int64_t with = -1, without = -1;
  for (const SparseChunk& part : parts) {
    if (with < 0) with = part.first_line_with_qid;
    if (without < 0) without = part.first_line_without_qid;
  }
  if (with >= 0 && without >= 0) {
    return Status::DataError(Where(path, without) + ": no qid token, but line " +
                             std::to_string(with) + " has one (use qid on every row or on none)");
  }
  return with >= 0;
}

// A query's rows must be consecutive (LightGBM's rule too): a qid that comes back after another
// one would otherwise silently become a second query.
Status CheckQidRuns(const std::vector<SparseChunk>& parts, const std::string& path) {
  std::unordered_map<int64_t, int64_t> first_line;
  bool first = true;
  int64_t previous = 0;
  for (const SparseChunk& part : parts) {
    for (const auto& [qid, line] : part.qid_runs) {
      if (!first && qid == previous) continue;  // the run goes on from the previous chunk
      const auto [it, inserted] = first_line.emplace(qid, line);
      if (!inserted) {
        return Status::DataError(Where(path, line) + ": qid " + std::to_string(qid) +
                                 " already appeared at line " + std::to_string(it->second) +
                                 "; the rows of one query must be consecutive");
      }
      previous = qid;
      first = false;
    }
  }
  return Status::Ok();
}

void AppendGroups(const std::vector<SparseChunk>& parts, std::vector<int32_t>* group_sizes) {
  bool first = true;
  int64_t previous = 0;
  for (const SparseChunk& part : parts) {
    for (int64_t qid : part.qids) {
      if (first || qid != previous) group_sizes->push_back(0);
      ++group_sizes->back();
      previous = qid;
      first = false;
    }
  }
}

StatusOr<int> OutputWidth(const std::vector<SparseChunk>& parts, int expected,
                          const std::string& path) {
  int32_t max_index = -1;
  for (const SparseChunk& part : parts) max_index = std::max(max_index, part.max_index);
  if (expected < 0) return max_index + 1;
  if (max_index >= expected) {
    return Status::DataError("file " + path + " has feature index " + std::to_string(max_index) +
                             " but the model expects " + std::to_string(expected) +
                             " features (indices 0.." + std::to_string(expected - 1) + ")");
  }
  return expected;
}

void Scatter(const SparseChunk& part, int64_t first_row, RawData* out) {
  size_t entry = 0;
  for (size_t r = 0; r < part.row_end.size(); ++r) {
    float* row = out->values.data() + (first_row + static_cast<int64_t>(r)) * out->num_features;
    for (; entry < part.row_end[r]; ++entry) row[part.indices[entry]] = part.values[entry];
    if (!part.labels.empty()) out->labels[first_row + static_cast<int64_t>(r)] = part.labels[r];
  }
}

}  // namespace

bool LibSvmLineHasLabel(std::string_view line) {
  CellSplitter tokens(StripComment(line), ' ');
  return tokens.Done() || tokens.Next().find(':') == std::string_view::npos;
}

Status ParseLibSvmRows(std::string_view text, const std::vector<LineChunk>& chunks,
                       const LibSvmOptions& options, RawData* out) {
  const LineParser parser(out->source, options.has_label);
  std::vector<SparseChunk> parts(chunks.size());
  ParallelForDynamic(static_cast<int64_t>(chunks.size()), options.num_threads,
                     [&](int64_t c) { parts[c] = ParseChunk(text, chunks[c], parser); });
  for (const SparseChunk& part : parts) QGBM_RETURN_IF_ERROR(part.error);
  QGBM_ASSIGN_OR_RETURN(const bool grouped, CheckQids(parts, out->source));
  QGBM_ASSIGN_OR_RETURN(out->num_features,
                        OutputWidth(parts, options.expected_num_features, out->source));
  out->num_rows = TotalRows(chunks);
  out->values.assign(static_cast<size_t>(out->num_rows) * out->num_features, 0.0f);
  if (options.has_label) out->labels.resize(out->num_rows);
  ParallelFor(static_cast<int64_t>(parts.size()), options.num_threads,
              [&](int64_t c) { Scatter(parts[c], chunks[c].first_row, out); });
  if (grouped) {
    QGBM_RETURN_IF_ERROR(CheckQidRuns(parts, out->source));
    AppendGroups(parts, &out->group_sizes);
  }
  out->feature_names.clear();
  for (int f = 0; f < out->num_features; ++f)
    out->feature_names.push_back("Column_" + std::to_string(f));
  return Status::Ok();
}

}  // namespace qgbm::io
