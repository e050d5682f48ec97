#include "io/column_plan.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "io/text_cells.h"

namespace qgbm::io {
namespace {

constexpr std::string_view kNamePrefix = "name:";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string ListColumns(const std::vector<std::string>& header) {
  constexpr size_t kMaxListed = 20;
  std::string list;
  for (size_t i = 0; i < header.size() && i < kMaxListed; ++i) {
    list += (i ? ", " : "") + header[i];
  }
  if (header.size() > kMaxListed) list += ", ...";
  return list;
}

// Resolves one item ("3" or a bare name when by_name) to a column index. As in LightGBM, an
// integer index of a weight/group/ignore column does not count the label column: with the label
// at column `label_column` (>= 0), indices from there on are shifted by one.
StatusOr<int> ResolveItem(std::string_view item, bool by_name, const char* option,
                          const TextLayout& layout, const std::string& path, int label_column) {
  item = Trim(item);
  if (by_name) {
    const auto it = std::find(layout.header.begin(), layout.header.end(), item);
    if (it == layout.header.end()) {
      return Status::NotFound(std::string(option) + ": file " + path + " has no column named '" +
                              std::string(item) +
                              "'; its columns are: " + ListColumns(layout.header));
    }
    return static_cast<int>(it - layout.header.begin());
  }
  int index = -1;
  const auto result = std::from_chars(item.data(), item.data() + item.size(), index);
  if (result.ec != std::errc() || result.ptr != item.data() + item.size() || index < 0) {
    return Status::InvalidArgument(std::string(option) + "='" + std::string(item) +
                                   "' is neither a column index nor name:<column name> (file " +
                                   path + ")");
  }
  const int given = index;
  if (label_column >= 0 && index >= label_column) ++index;
  if (index >= layout.num_columns) {
    return Status::NotFound(std::string(option) + "=" + std::to_string(given) + " but file " +
                            path + " has only " + std::to_string(layout.num_columns) +
                            " columns (indices count from 0" +
                            (label_column >= 0 ? std::string(" and skip the label column)") : ")"));
  }
  return index;
}

// Parses "" (none), "3", "name:x", "1,4" or "name:a,b" into column indices.
StatusOr<std::vector<int>> ResolveSpec(std::string_view spec, const char* option,
                                       const TextLayout& layout, const std::string& path,
                                       int label_column = -1) {
  std::vector<int> columns;
  spec = Trim(spec);
  if (spec.empty()) return columns;
  const bool all_by_name = StartsWith(spec, kNamePrefix);
  if (all_by_name) spec.remove_prefix(kNamePrefix.size());
  while (true) {
    const size_t comma = spec.find(',');
    std::string_view item = Trim(spec.substr(0, comma));
    const bool by_name = all_by_name || StartsWith(item, kNamePrefix);
    if (!all_by_name && by_name) item.remove_prefix(kNamePrefix.size());
    if (by_name && layout.header.empty()) {
      return Status::InvalidArgument(std::string(option) + " selects a column by name, which " +
                                     "needs header=true, but file " + path +
                                     " is read without a header");
    }
    QGBM_ASSIGN_OR_RETURN(int column,
                          ResolveItem(item, by_name, option, layout, path, label_column));
    columns.push_back(column);
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  return columns;
}

StatusOr<int> ResolveSingle(std::string_view spec, const char* option, const TextLayout& layout,
                            const std::string& path, int label_column = -1) {
  QGBM_ASSIGN_OR_RETURN(std::vector<int> columns,
                        ResolveSpec(spec, option, layout, path, label_column));
  if (columns.size() > 1) {
    return Status::InvalidArgument(std::string(option) + "='" + std::string(spec) +
                                   "' names more than one column");
  }
  return columns.empty() ? -1 : columns[0];
}

Status Assign(ColumnPlan& plan, int column, ColumnRole role, const char* option,
              const std::string& path) {
  if (column < 0) return Status::Ok();
  if (plan.roles[column] != ColumnRole::kFeature) {
    return Status::InvalidArgument(std::string(option) + " selects " +
                                   DescribeColumn(column, plan.header) + " of file " + path +
                                   ", which another column option already uses");
  }
  plan.roles[column] = role;
  return Status::Ok();
}

// With expected_num_features, the column count tells whether a label column is present.
StatusOr<bool> DecideHasLabel(const TextReadOptions& options, const ColumnPlan& plan,
                              const std::string& path) {
  if (options.expected_num_features < 0) return options.has_label;
  const auto usable = std::count(plan.roles.begin(), plan.roles.end(), ColumnRole::kFeature);
  if (usable == options.expected_num_features + 1) return true;
  if (usable == options.expected_num_features) return false;
  return Status::DataError("file " + path + " has " + std::to_string(usable) +
                           " feature columns but the model expects " +
                           std::to_string(options.expected_num_features) + " features (or " +
                           std::to_string(options.expected_num_features + 1) +
                           " columns with a label)");
}

// Flags the features listed in categorical_feature. As in LightGBM, an ignored column may be
// listed (it stays ignored); a label, weight or group column may not.
Status MarkCategorical(const std::vector<int>& columns, const std::string& path, ColumnPlan* plan) {
  plan->categorical.assign(static_cast<size_t>(plan->num_features), 0);
  for (int column : columns) {
    const ColumnRole role = plan->roles[static_cast<size_t>(column)];
    if (role == ColumnRole::kIgnore) continue;
    if (role != ColumnRole::kFeature) {
      return Status::InvalidArgument("categorical_feature selects " +
                                     DescribeColumn(column, plan->header) + " of file " + path +
                                     ", which is the label, weight or group column");
    }
    plan->categorical[static_cast<size_t>(plan->feature_of[static_cast<size_t>(column)])] = 1;
  }
  return Status::Ok();
}

}  // namespace

std::string DescribeColumn(int column, const std::vector<std::string>& header) {
  std::string text = "column " + std::to_string(column);
  if (column >= 0 && column < static_cast<int>(header.size()))
    text += " ('" + header[column] + "')";
  return text;
}

StatusOr<ColumnPlan> PlanColumns(const TextReadOptions& options, const TextLayout& layout,
                                 const std::string& path) {
  ColumnPlan plan;
  plan.header = layout.header;
  plan.roles.assign(layout.num_columns, ColumnRole::kFeature);
  const std::string label_spec = Trim(options.label_column).empty() ? "0" : options.label_column;
  int label_guess = -1;
  if (options.has_label) {
    QGBM_ASSIGN_OR_RETURN(label_guess, ResolveSingle(label_spec, "label_column", layout, path));
  }
  QGBM_ASSIGN_OR_RETURN(plan.weight_column, ResolveSingle(options.weight_column, "weight_column",
                                                          layout, path, label_guess));
  QGBM_ASSIGN_OR_RETURN(plan.group_column, ResolveSingle(options.group_column, "group_column",
                                                         layout, path, label_guess));
  QGBM_RETURN_IF_ERROR(
      Assign(plan, plan.weight_column, ColumnRole::kWeight, "weight_column", path));
  QGBM_RETURN_IF_ERROR(Assign(plan, plan.group_column, ColumnRole::kGroup, "group_column", path));
  QGBM_ASSIGN_OR_RETURN(
      std::vector<int> ignored,
      ResolveSpec(options.ignore_column, "ignore_column", layout, path, label_guess));
  for (int column : ignored) {
    if (plan.roles[column] == ColumnRole::kIgnore) continue;
    QGBM_RETURN_IF_ERROR(Assign(plan, column, ColumnRole::kIgnore, "ignore_column", path));
  }
  QGBM_ASSIGN_OR_RETURN(
      const std::vector<int> categorical,
      ResolveSpec(options.categorical_column, "categorical_feature", layout, path, label_guess));
  QGBM_ASSIGN_OR_RETURN(const bool has_label, DecideHasLabel(options, plan, path));
  if (has_label) {
    QGBM_ASSIGN_OR_RETURN(plan.label_column,
                          ResolveSingle(label_spec, "label_column", layout, path));
    QGBM_RETURN_IF_ERROR(Assign(plan, plan.label_column, ColumnRole::kLabel, "label_column", path));
  }
  plan.feature_of.assign(layout.num_columns, -1);
  for (int column = 0; column < layout.num_columns; ++column) {
    if (plan.roles[column] != ColumnRole::kFeature) continue;
    plan.feature_of[column] = plan.num_features++;
    plan.feature_names.push_back(layout.header.empty()
                                     ? "Column_" + std::to_string(plan.num_features - 1)
                                     : layout.header[column]);
  }
  QGBM_RETURN_IF_ERROR(MarkCategorical(categorical, path, &plan));
  return plan;
}

Status CheckLibSvmOptions(const TextReadOptions& options, const std::string& path) {
  const std::string_view label = Trim(options.label_column);
  const char* bad = !label.empty() && label != "0" ? "label_column"
                    : !options.categorical_column.empty() &&
                            options.categorical_column.find("name:") != std::string::npos
                        ? "categorical_feature by name"
                    : !options.weight_column.empty() ? "weight_column"
                    : !options.group_column.empty()  ? "group_column"
                    : !options.ignore_column.empty() ? "ignore_column"
                                                     : nullptr;
  if (bad == nullptr) return Status::Ok();
  return Status::InvalidArgument(std::string(bad) + " does not apply to LibSVM file " + path +
                                 " (its label comes first on each line; use the .weight and "
                                 ".query side files for weights and groups)");
}

}  // namespace qgbm::io
