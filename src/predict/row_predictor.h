// Single-row prediction with no allocation, for latency-bound callers (the C API's
// QGBM_BoosterPredictForRowFast).
//
// The row's key row (row_keys.h) is made on the stack for models of up to 128 features; wider
// ones use a buffer each thread allocates once and reuses. A single row has no other rows to
// interleave with, so it walks 8 trees in lockstep instead (forest_walk.h), then adds their leaf
// values in tree order: the scores are those of the batch predictor, bit for bit. The forest is
// only read, so any number of threads may predict with one forest at once.
#pragma once

#include <cstdint>

#include "predict/flat_forest.h"
#include "predict/predictor.h"

namespace qgbm {

// row: at least forest.num_features() floats, NaN = missing. out: K raw scores.
void PredictRowRaw(const FlatForest& forest, const float* row, IterationRange used, double* out);

// out: the leaf index of each used tree, in model order ((used.end - used.begin) * K values).
// The double overload serves the C API, which returns leaf indices as doubles.
void PredictRowLeafIndex(const FlatForest& forest, const float* row, IterationRange used,
                         int32_t* out);
void PredictRowLeafIndex(const FlatForest& forest, const float* row, IterationRange used,
                         double* out);

}  // namespace qgbm
