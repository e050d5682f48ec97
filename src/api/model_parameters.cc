#include "api/model_parameters.h"

#include <string_view>

namespace qgbm {

KeyValues ModelParameters(const Params& params) {
  // Runtime settings, then data-location and prediction-only parameters: they say where data
  // came from or what to do with a model, not what was learned.
  static constexpr std::string_view kNotLearned[] = {
      "num_threads",
      "verbosity",
      "task",
      "output_model",
      "output_result",
      "metric_freq",
      "snapshot_freq",
      "is_training_metric",
      "histogram_pool_size",
      "data",
      "valid",
      "header",
      "label_column",
      "weight_column",
      "group_column",
      "ignore_column",
      "input_model",
      "model_format",
      "predict_raw_score",
      "predict_leaf_index",
      "predict_contrib",
      "num_iteration_predict",
      "saved_feature_importance_type",
  };
  KeyValues kept;
  for (auto& [key, value] : ParamsToKeyValues(params)) {
    bool learned = true;
    for (std::string_view k : kNotLearned) learned = learned && key != k;
    if (learned) kept.emplace_back(key, value);
  }
  return kept;
}

}  // namespace qgbm
