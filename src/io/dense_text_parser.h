// Parsing the rows of a CSV/TSV/space-separated file straight into RawData arrays.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qgbm/status.h"

#include "io/category_strings.h"
#include "io/column_plan.h"
#include "io/line_chunks.h"
#include "io/raw_data.h"

namespace qgbm::io {

// Fills out->values/labels/weights (sized here from the chunks' row counts) and, when the plan has
// a group column, one query id per row in *group_ids. Feature cells that are not numbers are
// appended to *strings (chunks in file order) with NaN in their place. On malformed content returns
// the error of the first bad line in file order, so the message does not depend on the thread
// count.
Status ParseDenseRows(std::string_view text, const std::vector<LineChunk>& chunks,
                      const ColumnPlan& plan, char delimiter, int num_threads, RawData* out,
                      std::vector<double>* group_ids, std::vector<StringCells>* strings);

// Sizes out->values/labels/weights and *group_ids for `num_rows` rows of `plan` (for
// ParseDenseRowsInto, which fills them one block of text at a time).
void AllocateDenseRows(int64_t num_rows, const ColumnPlan& plan, RawData* out,
                       std::vector<double>* group_ids);

// Like ParseDenseRows into arrays already sized by AllocateDenseRows; each chunk's first_row is
// its row's index in the whole file.
Status ParseDenseRowsInto(std::string_view text, const std::vector<LineChunk>& chunks,
                          const ColumnPlan& plan, char delimiter, int num_threads, RawData* out,
                          std::vector<double>* group_ids, std::vector<StringCells>* strings);

}  // namespace qgbm::io
