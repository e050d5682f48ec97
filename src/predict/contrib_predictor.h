// Feature contributions (SHAP values) per row, LightGBM's predict_contrib: for each row and each
// output k, num_features Shapley values plus the bias (expected value), which sum to the raw
// score of output k.
//
// Layout, as LightGBM's: row r, output k, feature f at
//   out[(r * K + k) * (num_features + 1) + f],  with f = num_features holding the bias.
// The bias of output k is init_score[k] plus each used tree's expected value (tree_shap.h). The
// used trees are those of PredictRaw (predictor.h: the same start_iteration/num_iterations
// clamping); options.raw_score is ignored, contributions are always in raw-score space. Rows
// are split among threads; each row is computed alone and in tree order, so results do not
// depend on the thread count.
#pragma once

#include <cstdint>

#include "model/model.h"
#include "predict/predictor.h"

namespace qgbm {

// K * (num_features + 1).
int64_t NumContribsPerRow(const Model& model);

// rows: num_rows x row_stride floats (row_stride >= num_features), NaN = missing.
// out: num_rows * NumContribsPerRow(model) values.
void PredictContrib(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                    const PredictOptions& options, double* out);

}  // namespace qgbm
