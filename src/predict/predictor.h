// Predictor: raw scores, transformed predictions and leaf indices for dense float rows.
//
// Glossary
//   K            model.num_tree_per_iteration, the number of outputs per row
//   iteration    K consecutive trees; tree t feeds output t % K
//   used trees   trees of iterations [begin, end) after clamping the options to the model
//   forest       the model compiled into a FlatForest, the layout every prediction walks
//
// The raw score of output k is init_score[k] plus the leaf values of the used trees of output k,
// added one by one in tree order into a double that starts at init_score[k]. Training adds in the
// same order, so a saved and reloaded model predicts its training scores bit for bit. Batches
// are split into blocks of rows (their size depends on the model only); each block turns its
// rows into keys once (row_keys.h) and walks the used trees one after another, the tree loop
// outside the row loop, so a tree's nodes and the block's keys stay in L1 while its rows walk it
// (forest_walk.h). Every row is computed the same way whichever thread runs its block, so results
// do not depend on the thread count. Rows are not checked beyond row_stride >= num_features.
//
// The Model overloads compile a FlatForest for the call; callers that predict more than once
// with one model (the C API booster, the CLI) keep a FlatForest and use the forest overloads.
#pragma once

#include <cstdint>

#include "model/model.h"
#include "predict/flat_forest.h"

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
IterationRange UsedIterations(const FlatForest& forest, const PredictOptions& options);

// Trees used per row: (end - begin) * K; PredictLeafIndex writes this many values per row.
int64_t NumTreesUsed(const Model& model, const PredictOptions& options);
int64_t NumTreesUsed(const FlatForest& forest, const PredictOptions& options);

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

// The same three on a compiled forest.
void PredictRaw(const FlatForest& forest, const float* rows, int64_t num_rows, int row_stride,
                const PredictOptions& options, double* out);
void Predict(const FlatForest& forest, const float* rows, int64_t num_rows, int row_stride,
             const PredictOptions& options, double* out);
void PredictLeafIndex(const FlatForest& forest, const float* rows, int64_t num_rows, int row_stride,
                      const PredictOptions& options, int32_t* out);

// Applies `transform` in place to num_rows rows of k raw scores each.
void TransformScores(OutputTransform transform, double sigmoid, int k, int64_t num_rows,
                     double* scores);

}  // namespace qgbm
