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
 * count. It starts no threads, allocates nothing (models of more than 128 features use a buffer
 * that each calling thread allocates once) and returns exactly what QGBM_BoosterPredictForMat
 * returns for that row.
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

QGBM_EXPORT int QGBM_BoosterFree(QGBMBoosterHandle handle);

#ifdef __cplusplus
}
#endif

#endif /* QGBM_C_API_H_ */
