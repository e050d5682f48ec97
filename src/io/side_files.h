// LightGBM's side files next to a data file: `<data>.weight` (one weight per line),
// `<data>.init` (initial scores: one value per line, or k values per line for k outputs) and
// `<data>.query` (query group sizes, one per line). For `data.csv.gz` they are
// `data.csv.gz.weight` and so on.
#pragma once

#include <string>

#include "qgbm/status.h"

#include "io/raw_data.h"

namespace qgbm::io {

// Loads whichever side files exist into `data` (whose rows are already parsed). Errors when a
// side file's line count does not match the rows, when a value is malformed, or when a side
// file and a column of the data both give weights or groups.
Status ReadSideFiles(const std::string& data_path, RawData* data);

}  // namespace qgbm::io
