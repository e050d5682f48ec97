#include "model/feature_importance.h"

#include <cstddef>

#include "common/check.h"

namespace qgbm {

std::string_view ImportanceTypeName(ImportanceType type) {
  return type == ImportanceType::kSplit ? "split" : "gain";
}

std::optional<ImportanceType> ImportanceTypeFromInt(int value) {
  if (value == 0) return ImportanceType::kSplit;
  if (value == 1) return ImportanceType::kGain;
  return std::nullopt;
}

std::vector<double> FeatureImportance(const Model& model, ImportanceType type, int begin_iteration,
                                      int end_iteration) {
  QGBM_CHECK(0 <= begin_iteration && begin_iteration <= end_iteration &&
             end_iteration <= model.num_iterations())
      << "iterations [" << begin_iteration << ", " << end_iteration << ") outside the model's "
      << model.num_iterations();
  std::vector<double> importance(static_cast<size_t>(model.num_features), 0.0);
  const auto k = static_cast<size_t>(model.num_tree_per_iteration);
  for (size_t t = static_cast<size_t>(begin_iteration) * k;
       t < static_cast<size_t>(end_iteration) * k; ++t) {
    const Tree& tree = model.trees[t];
    for (size_t node = 0; node < static_cast<size_t>(tree.num_internal()); ++node) {
      const double gain = tree.split_gain()[node];
      if (!(gain > 0.0)) continue;  // LightGBM skips splits that removed no loss
      importance[static_cast<size_t>(tree.split_feature()[node])] +=
          type == ImportanceType::kSplit ? 1.0 : gain;
    }
  }
  return importance;
}

}  // namespace qgbm
