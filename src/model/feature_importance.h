// Feature importance of a model: how often each feature splits ("split") or how much loss its
// splits removed ("gain", the sum of split_gain), over the trees of a range of iterations.
//
// As LightGBM's GBDT::FeatureImportance, only splits with split_gain > 0 count, and every output
// (class) of an iteration counts: a multiclass model sums its K trees per iteration.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace qgbm {

// The values match LightGBM's C_API_FEATURE_IMPORTANCE_SPLIT / _GAIN.
enum class ImportanceType { kSplit = 0, kGain = 1 };

std::string_view ImportanceTypeName(ImportanceType type);  // "split" or "gain"
std::optional<ImportanceType> ImportanceTypeFromInt(int value);

// One value per feature (model.num_features), from the trees of iterations [begin, end); the
// range must lie within [0, model.num_iterations()].
std::vector<double> FeatureImportance(const Model& model, ImportanceType type, int begin_iteration,
                                      int end_iteration);

}  // namespace qgbm
