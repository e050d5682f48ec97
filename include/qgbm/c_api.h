/* qgbm C API: a stable C ABI over the C++ core, for Python (ctypes) and other bindings.
 *
 * Every function returns 0 on success and -1 on failure; on failure QGBM_GetLastError() returns
 * the message (thread-local, valid until the next failing call on the same thread). Handles are
 * owned by the caller and released with QGBM_BoosterFree. Nothing here throws or aborts on bad
 * input. */
#ifndef QGBM_C_API_H_
#define QGBM_C_API_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QGBM_EXPORT __attribute__((visibility("default")))

typedef void* QGBMBoosterHandle;

/* Prediction kinds for QGBM_BoosterPredictForMat. */
#define QGBM_PREDICT_NORMAL 0     /* transformed (probabilities for binary) */
#define QGBM_PREDICT_RAW_SCORE 1  /* raw scores */
#define QGBM_PREDICT_LEAF_INDEX 2 /* leaf index of each row in each tree (as doubles) */

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

/* Space needed in `out` for nrow rows: nrow * outputs, or nrow * trees for leaf indices. */
QGBM_EXPORT int QGBM_BoosterCalcNumPredict(QGBMBoosterHandle handle, int64_t nrow, int predict_type,
                                           int num_iteration, int64_t* out_len);

/* data: row-major float32, nrow x ncol (ncol >= the model's feature count), NaN = missing.
 * num_iteration <= 0 uses every tree (or the best iteration when early stopping ran).
 * out must hold QGBM_BoosterCalcNumPredict values; *out_len receives how many were written. */
QGBM_EXPORT int QGBM_BoosterPredictForMat(QGBMBoosterHandle handle, const float* data, int64_t nrow,
                                          int32_t ncol, int predict_type, int num_iteration,
                                          int num_threads, double* out, int64_t* out_len);

QGBM_EXPORT int QGBM_BoosterFree(QGBMBoosterHandle handle);

#ifdef __cplusplus
}
#endif

#endif /* QGBM_C_API_H_ */
