// Resolving label/weight/group/ignore column specs against a dense file's columns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qgbm/status.h"

#include "io/text_format.h"
#include "io/text_reader.h"

namespace qgbm::io {

enum class ColumnRole : uint8_t { kFeature, kLabel, kWeight, kGroup, kIgnore };

// What each column of a dense file becomes.
struct ColumnPlan {
  std::vector<ColumnRole> roles;  // one per file column
  std::vector<int> feature_of;    // feature index of each column, -1 when not a feature
  int label_column = -1;          // -1: the file has no label
  int weight_column = -1;
  int group_column = -1;
  int num_features = 0;
  std::vector<std::string> feature_names;
  std::vector<uint8_t> categorical;  // per feature: listed in categorical_column
  std::vector<std::string> header;   // for error messages; empty without a header
};

StatusOr<ColumnPlan> PlanColumns(const TextReadOptions& options, const TextLayout& layout,
                                 const std::string& path);

// LibSVM rows are `label [qid:N] idx:value ...`: the column options do not apply.
Status CheckLibSvmOptions(const TextReadOptions& options, const std::string& path);

// "column 3 ('age')" or "column 3": how error messages name a file column.
std::string DescribeColumn(int column, const std::vector<std::string>& header);

}  // namespace qgbm::io
