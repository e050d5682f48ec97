// Predictor: raw scores, transformed predictions and leaf indices for dense float rows.
//
// Glossary
//   K            model.num_tree_per_iteration, the number of outputs per row
//   iteration    K consecutive trees; tree t feeds output t % K
//   used trees   trees of iterations [begin, end) after clamping the options to the model
//
// The raw score of output k is init_score[k] plus the leaf values of the used trees of output k,
// added one by one in tree order into a double that starts at init_score[k]. Training adds in the
// same order, so a saved and reloaded model predicts its training scores bit for bit. Rows are
// split into fixed blocks; every row is computed the same way whichever thread runs its block,
// so results do not depend on the thread count. The model must be valid (loaded, or built by the
// booster); rows are not checked beyond row_stride >= num_features.
#pragma once

#include <cstdint>

#include "model/model.h"

namespace qgbm {

struct PredictOptions {
  int start_iteration = 0;  // clamped to [0, num_iterations]
  int num_iterations = -1;  // <= 0: all from start_iteration; clamped to what the model has
  bool raw_score = false;   // Predict only: skip the output transform
  int threads = 1;          // <= 0: DefaultThreadCount()
};

struct IterationRange {
  int begin = 0;
  int end = 0;
};

// The iterations the options select, clamped to the model.
IterationRange UsedIterations(const Model& model, const PredictOptions& options);

// Trees used per row: (end - begin) * K; PredictLeafIndex writes this many values per row.
int64_t NumTreesUsed(const Model& model, const PredictOptions& options);

// rows: row-major, num_rows x row_stride floats (row_stride >= model.num_features); NaN = missing.
// out: num_rows * K values, row-major (row r, output k at r * K + k).
void PredictRaw(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                const PredictOptions& options, double* out);

// PredictRaw, then the model's transform unless options.raw_score: sigmoid 1 / (1 + exp(-s x)),
// softmax across the K outputs of each row, exponential exp(x).
void Predict(const Model& model, const float* rows, int64_t num_rows, int row_stride,
             const PredictOptions& options, double* out);

// out: num_rows * NumTreesUsed values; row r, used tree j (in model order) at r * NumTreesUsed + j.
void PredictLeafIndex(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                      const PredictOptions& options, int32_t* out);

// Applies `transform` in place to num_rows rows of k raw scores each.
void TransformScores(OutputTransform transform, double sigmoid, int k, int64_t num_rows,
                     double* scores);

}  // namespace qgbm
