// RawData: what a text reader produces. Values only, no binning.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qgbm {

struct RawData {
  int64_t num_rows = 0;
  int num_features = 0;
  std::vector<float> values;               // row-major num_rows x num_features; NaN = missing
  std::vector<float> labels;               // size num_rows; empty when the file has no label
  std::vector<float> weights;              // size num_rows, or empty (no weights)
  std::vector<double> init_scores;         // size num_rows * k (column-major by output), or empty
  std::vector<int32_t> group_sizes;        // query group sizes, or empty
  std::vector<std::string> feature_names;  // size num_features (from the header, else Column_i)
  std::string source;                      // file path, for error messages
  // Per feature (size num_features, or empty = none): 1 for a categorical feature (declared with
  // categorical_feature, or a column of text); the text of each code of a text column, else empty.
  std::vector<uint8_t> categorical;
  std::vector<std::vector<std::string>> category_names;
};

}  // namespace qgbm
