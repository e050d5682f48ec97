/* qgbm C API: a stable C ABI over the C++ core, for Python (ctypes) and other bindings.
 *
 * Every function returns 0 on success and -1 on failure; on failure QGBM_GetLastError() returns
 * the message (thread-local, valid until the next failing call on the same thread). Handles are
 * owned by the caller and released with QGBM_BoosterFree (boosters) or QGBM_FastConfigFree (fast
 * single-row configs). Nothing here throws or aborts on bad input. */
#ifndef QGBM_C_API_H_
#define QGBM_C_API_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QGBM_EXPORT __attribute__((visibility("default")))

typedef void* QGBMBoosterHandle;
typedef void* QGBMFastConfigHandle;

/* Prediction kinds for QGBM_BoosterPredictForMat and QGBM_BoosterPredictForRowFastInit. */
#define QGBM_PREDICT_NORMAL 0     /* transformed (probabilities for binary) */
#define QGBM_PREDICT_RAW_SCORE 1  /* raw scores */
#define QGBM_PREDICT_LEAF_INDEX 2 /* leaf index of each row in each tree (as doubles) */
/* SHAP feature contributions (path-dependent TreeSHAP, LightGBM's pred_contrib): per row, for
 * each output k (K = QGBM_BoosterGetNumOutputs), num_features values followed by the bias
 * (expected value); each block of num_features + 1 sums to the raw score of output k. Row r,
 * output k, feature f is at (r * K + k) * (num_features + 1) + f. Batch prediction only. */
#define QGBM_PREDICT_CONTRIB 3

/* Importance types for QGBM_BoosterFeatureImportance and QGBM_BoosterDumpModel (LightGBM's
 * C_API_FEATURE_IMPORTANCE_*): the number of splits on a feature, or the sum of their gains. */
#define QGBM_FEATURE_IMPORTANCE_SPLIT 0
#define QGBM_FEATURE_IMPORTANCE_GAIN 1

QGBM_EXPORT const char* QGBM_GetLastError(void);

/* Trains from files with LightGBM-style "key=value key=value ..." parameters (data=..., etc.). */
QGBM_EXPORT int QGBM_TrainFromParameters(const char* parameters, QGBMBoosterHandle* out);

QGBM_EXPORT int QGBM_BoosterCreateFromModelfile(const char* filename, QGBMBoosterHandle* out);
QGBM_EXPORT int QGBM_BoosterLoadModelFromString(const char* model, size_t length,
                                                QGBMBoosterHandle* out);
/* format: 0 = JSON, 1 = CBOR. Written atomically. */
QGBM_EXPORT int QGBM_BoosterSaveModel(QGBMBoosterHandle handle, const char* filename, int format);
QGBM_EXPORT int QGBM_BoosterGetNumFeature(QGBMBoosterHandle handle, int32_t* out);
QGBM_EXPORT int QGBM_BoosterGetNumTrees(QGBMBoosterHandle handle, int32_t* out);
QGBM_EXPORT int QGBM_BoosterGetNumOutputs(QGBMBoosterHandle handle, int32_t* out);

/* Space needed in `out` for nrow rows: nrow * outputs, nrow * trees for leaf indices, or
 * nrow * outputs * (features + 1) for contributions. */
QGBM_EXPORT int QGBM_BoosterCalcNumPredict(QGBMBoosterHandle handle, int64_t nrow, int predict_type,
                                           int num_iteration, int64_t* out_len);

/* data: row-major float32, nrow x ncol (ncol >= the model's feature count), NaN = missing.
 * num_iteration <= 0 uses every tree (or the best iteration when early stopping ran).
 * num_threads <= 0 uses every core. Results do not depend on num_threads.
 * out must hold QGBM_BoosterCalcNumPredict values; *out_len receives how many were written.
 * The booster compiles its trees into a prediction layout once, when it is created, so repeated
 * calls pay only for the rows. Calls on one booster may run concurrently. */
QGBM_EXPORT int QGBM_BoosterPredictForMat(QGBMBoosterHandle handle, const float* data, int64_t nrow,
                                          int32_t ncol, int predict_type, int num_iteration,
                                          int num_threads, double* out, int64_t* out_len);

/* Single-row fast path, for latency-bound callers (in the spirit of LightGBM's
 * LGBM_BoosterPredictForMatSingleRowFastInit / ...SingleRowFast).
 *
 * QGBM_BoosterPredictForRowFastInit settles once what every call would otherwise redo: the
 * prediction kind, the iterations (num_iteration as in QGBM_BoosterPredictForMat) and the row
 * length ncol (>= the model's feature count). QGBM_BoosterPredictForRowFast then predicts one
 * row of ncol float32 values (NaN = missing) into out, which must hold QGBM_BoosterCalcNumPredict
 * values for nrow = 1 (the outputs, or one leaf index per used tree); *out_len receives that
 * count. Contributions (QGBM_PREDICT_CONTRIB) need per-call scratch, so they are batch only. It
 * starts no threads, allocates nothing (models of more than 128 features use a buffer that each
 * calling thread allocates once) and returns exactly what QGBM_BoosterPredictForMat returns for
 * that row.
 *
 * Thread safety: a fast config is never written after Init, so any number of threads may call
 * QGBM_BoosterPredictForRowFast with one config at once. It holds its own reference to the
 * compiled trees and stays valid after QGBM_BoosterFree; release it with QGBM_FastConfigFree. */
QGBM_EXPORT int QGBM_BoosterPredictForRowFastInit(QGBMBoosterHandle handle, int predict_type,
                                                  int num_iteration, int32_t ncol,
                                                  QGBMFastConfigHandle* out);
QGBM_EXPORT int QGBM_BoosterPredictForRowFast(QGBMFastConfigHandle fast, const float* row,
                                              double* out, int64_t* out_len);
QGBM_EXPORT int QGBM_FastConfigFree(QGBMFastConfigHandle fast);

/* Model insight (in the spirit of LGBM_BoosterFeatureImportance, LGBM_BoosterDumpModel and
 * LGBM_BoosterGetFeatureNames). num_iteration as in QGBM_BoosterPredictForMat: <= 0 uses the
 * best iteration when early stopping ran, else every iteration; more than the model has uses
 * them all. */

/* out_results must hold QGBM_BoosterGetNumFeature values, one per feature. Only splits with a
 * positive gain count, as in LightGBM; a multiclass model sums its K trees per iteration. */
QGBM_EXPORT int QGBM_BoosterFeatureImportance(QGBMBoosterHandle handle, int num_iteration,
                                              int importance_type, double* out_results);

/* The model as JSON in the shape of LightGBM's dump_model (tree_info with nested
 * tree_structure, feature_names, feature_importances of feature_importance_type), from
 * iteration start_iteration (0 <= start_iteration <= number of iterations) for num_iteration
 * iterations (<= 0: all the rest). *out_len receives the length including the terminating NUL;
 * the text is copied into out_str only when buffer_len >= *out_len, so callers ask once with
 * buffer_len = 0 and again with a buffer of *out_len bytes. out_str may be NULL when
 * buffer_len is 0. */
QGBM_EXPORT int QGBM_BoosterDumpModel(QGBMBoosterHandle handle, int start_iteration,
                                      int num_iteration, int feature_importance_type,
                                      int64_t buffer_len, int64_t* out_len, char* out_str);

/* Feature names: *out_len receives the number of features and *out_buffer_len the longest name
 * plus its NUL. Names are copied (NUL-terminated, cut to buffer_len - 1 bytes) into out_strs[i]
 * for i < min(len, number of features); out_strs may be NULL when len is 0. */
QGBM_EXPORT int QGBM_BoosterGetFeatureNames(QGBMBoosterHandle handle, int len, int* out_len,
                                            size_t buffer_len, size_t* out_buffer_len,
                                            char** out_strs);

QGBM_EXPORT int QGBM_BoosterFree(QGBMBoosterHandle handle);

#ifdef __cplusplus
}
#endif

#endif /* QGBM_C_API_H_ */
