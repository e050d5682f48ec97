// The CLI's model-insight jobs: SHAP contributions of a data file, the LightGBM-style JSON dump
// and the feature importance listing. Iterations follow prediction: num_iteration_predict > 0
// uses that many (clamped to the model), otherwise the best iteration when early stopping ran,
// otherwise every iteration.
#pragma once

#include <string>

#include "qgbm/params.h"
#include "qgbm/status.h"

#include "common/context.h"
#include "model/model.h"
#include "predict/predictor.h"

namespace qgbm {

// Contributions of every row of `rows` (num_rows x row_stride, row_stride >= num_features), one
// row per line: K * (num_features + 1) tab-separated values in LightGBM's pred_contrib order.
std::string ContribText(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                        const PredictOptions& options);

// task=dump: params.io.input_model as dump JSON (model_dump.h), written atomically to
// params.io.output_result.
Status DumpModelToFile(const Params& params, const Context& ctx);

// task=importance: LightGBM's model-file section, "feature_importances:" then one
// "name=value" line per feature with importance > 0, most important first.
StatusOr<std::string> FeatureImportanceText(const Params& params);

}  // namespace qgbm
