// Parsing LibSVM / SVMlight rows: `label [qid:N] idx:value ... [# comment]`.
//
// Feature indices are used as written (index k is feature k, as in LightGBM), entries that are
// not written are 0.0 (not missing), and consecutive rows with equal qid form one query group.
#pragma once

#include <string_view>
#include <vector>

#include "qgbm/status.h"

#include "io/line_chunks.h"
#include "io/raw_data.h"

namespace qgbm::io {

struct LibSvmOptions {
  bool has_label = true;           // false: rows hold only idx:value tokens
  int expected_num_features = -1;  // >= 0: width of the output; a larger index is an error
  int num_threads = 1;
};

// Fills out->values (dense, row-major), out->labels, out->num_rows/num_features and, when the
// rows carry qid tokens, out->group_sizes.
Status ParseLibSvmRows(std::string_view text, const std::vector<LineChunk>& chunks,
                       const LibSvmOptions& options, RawData* out);

// A LibSVM row starts with its label unless its first token is already `idx:value`.
bool LibSvmLineHasLabel(std::string_view line);

}  // namespace qgbm::io
