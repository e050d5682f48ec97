// Reading CSV, TSV, space-separated and LibSVM text files (optionally gzip-compressed) into
// RawData, with LightGBM's conventions for label/weight/group columns and side files.
//
// label_column's index counts every column of the file. As in LightGBM, integer indices in
// weight/group/ignore specs skip the label column (with the label at column 0, weight_column=0
// is the file's second column); `name:` specs name columns directly. Features are the remaining
// columns in file order. Side files next to the data
// (`<path>.weight`, `<path>.init`, `<path>.query`) are picked up when present.
//
// Missing cells (empty, NA, na, nan, NaN, ?, null) become NaN; `inf`/`-inf` are numbers. gzip input
// is recognised by its magic bytes. Parsing runs on `num_threads` threads (<= 0: all cores); the
// result, errors included, does not depend on the thread count.
#pragma once

#include <string>
#include <vector>

#include "qgbm/status.h"

#include "io/raw_data.h"

namespace qgbm {

struct TextReadOptions {
  bool header = false;        // first line has column names (CSV/TSV only)
  std::string label_column;   // "" = column 0; "3" = column index 3; "name:target" = by name
  std::string weight_column;  // "" = none; index or "name:..."
  std::string group_column;   // "" = none; index or "name:..." (equal consecutive ids = group)
  std::string ignore_column;  // "" = none; comma list "1,4" or "name:a,b"
  // "" = none; comma list "1,4" or "name:a,b", indices counted like ignore_column. Text columns
  // are categorical whether listed or not (io/category_strings.h).
  std::string categorical_column;
  // The training data's category names per feature (validation and prediction files): text is
  // coded with them, unseen text becomes missing. nullptr: the names come from this file.
  const std::vector<std::vector<std::string>>* known_categories = nullptr;
  bool has_label = true;  // false: every column is a feature (prediction files)
  // >= 0 (prediction): with expected + 1 columns (after weight/group/ignored ones) the label column
  // is dropped, with `expected` columns all are features, otherwise an error.
  int expected_num_features = -1;
  int num_threads = 1;
  // Plain dense files are read in blocks of about this many bytes (a file of one block is parsed
  // directly; larger ones in two passes: count the rows, then parse into place), so their text is
  // never in memory all at once. gzip and LibSVM files
  // are read whole.
  size_t block_bytes = size_t{32} << 20;
};

// Errors: kNotFound (missing file or column), kIoError (unreadable file), kDataError (malformed
// content: the message names the file, the 1-based line and the column), kInvalidArgument
// (inconsistent options). Never throws.
StatusOr<RawData> ReadTextFile(const std::string& path, const TextReadOptions& options);

}  // namespace qgbm
