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
typedef void* QGBMDatasetHandle;

/* Element types of arrays passed in (LightGBM's C_API_DTYPE_*). */
#define QGBM_DTYPE_FLOAT32 0
#define QGBM_DTYPE_FLOAT64 1
#define QGBM_DTYPE_INT32 2
#define QGBM_DTYPE_INT64 3

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

/* Routes the core's log messages (level 0 = warning, 1 = info, 2 = debug; those the verbosity
 * parameter lets through) to `callback` instead of stderr, for the whole process (in the spirit
 * of LGBM_RegisterLogCallback). NULL restores stderr. The message is valid during the call. */
QGBM_EXPORT int QGBM_RegisterLogCallback(void (*callback)(int level, const char* message));

/* ---- Datasets (in the spirit of LGBM_DatasetCreateFrom*) ------------------------------------
 *
 * A dataset is binned when it is created. `parameters` is LightGBM-style "key=value ..." text;
 * every name must be a known parameter (unknown names are an error), and the ones that shape a
 * dataset are used: max_bin, min_data_in_bin, bin_construct_sample_cnt, data_random_seed,
 * categorical_feature (indices; for files also name:), num_threads, verbosity, and for files
 * header, label_column, weight_column, group_column, ignore_column. Other training parameters
 * are accepted and ignored, so a caller may pass the whole training configuration.
 *
 * reference (may be NULL): a dataset whose bin boundaries, categorical features, feature names
 * and category names this one reuses (validation data); feature counts must match.
 *
 * Values are converted to float32 as the text reader does (so an array and a file holding the
 * same numbers give the same bins); NaN is missing. The caller's arrays are read during the call
 * only. A dataset may be used by any number of boosters; its fields must be set before the first
 * booster uses it (setting one afterwards is an error). Release with QGBM_DatasetFree; boosters
 * keep what they need alive. */

/* A text file, read as the CLI reads it (side files <file>.weight, .init, .query included). */
QGBM_EXPORT int QGBM_DatasetCreateFromFile(const char* filename, const char* parameters,
                                           QGBMDatasetHandle reference, QGBMDatasetHandle* out);
/* Dense nrow x ncol values of data_type FLOAT32 or FLOAT64, row-major when is_row_major != 0,
 * else column-major (Fortran order). */
QGBM_EXPORT int QGBM_DatasetCreateFromMat(const void* data, int data_type, int64_t nrow,
                                          int32_t ncol, int is_row_major, const char* parameters,
                                          QGBMDatasetHandle reference, QGBMDatasetHandle* out);
/* Compressed sparse rows: indptr (INT32 or INT64, nindptr = rows + 1 entries), column indices
 * (int32, ascending within a row), values (FLOAT32 or FLOAT64, nelem of them). Entries not stored
 * are 0 (not missing), as in LightGBM. num_col may exceed the largest index + 1. */
QGBM_EXPORT int QGBM_DatasetCreateFromCSR(const void* indptr, int indptr_type,
                                          const int32_t* indices, const void* data, int data_type,
                                          int64_t nindptr, int64_t nelem, int64_t num_col,
                                          const char* parameters, QGBMDatasetHandle reference,
                                          QGBMDatasetHandle* out);
/* Compressed sparse columns: col_ptr (INT32 or INT64, ncol_ptr = columns + 1 entries), row
 * indices (int32), values; num_row rows. Entries not stored are 0. */
QGBM_EXPORT int QGBM_DatasetCreateFromCSC(const void* col_ptr, int col_ptr_type,
                                          const int32_t* indices, const void* data, int data_type,
                                          int64_t ncol_ptr, int64_t nelem, int64_t num_row,
                                          const char* parameters, QGBMDatasetHandle reference,
                                          QGBMDatasetHandle* out);
/* The rows used_row_indices (ascending, in [0, rows)) of `handle`, with its bins and fields
 * (labels, weights, init scores of those rows; query groups must be whole: a subset that cuts a
 * group is an error). For cross-validation folds. */
QGBM_EXPORT int QGBM_DatasetGetSubset(QGBMDatasetHandle handle, const int32_t* used_row_indices,
                                      int64_t num_used_row_indices, const char* parameters,
                                      QGBMDatasetHandle* out);

/* Fields (LightGBM's names): "label" (FLOAT32 or FLOAT64, one per row), "weight" (FLOAT32 or
 * FLOAT64, one per row; num_element 0 removes the weights), "init_score" (FLOAT64 or FLOAT32,
 * rows x outputs, output-major: all rows of output 0, then output 1, ...; 0 removes), "group"
 * (INT32 or INT64 query group sizes summing to the row count; 0 removes). Values are checked
 * (count, NaN, sizes) and the error names the field. */
QGBM_EXPORT int QGBM_DatasetSetField(QGBMDatasetHandle handle, const char* field_name,
                                     const void* field_data, int64_t num_element, int type);
/* *out_ptr points into the dataset (valid until the field is set again or the dataset freed);
 * *out_type is FLOAT32 for label and weight, FLOAT64 for init_score, INT32 for group (sizes).
 * An unset field gives *out_len = 0 and *out_ptr = NULL. */
QGBM_EXPORT int QGBM_DatasetGetField(QGBMDatasetHandle handle, const char* field_name,
                                     int64_t* out_len, const void** out_ptr, int* out_type);
QGBM_EXPORT int QGBM_DatasetGetNumData(QGBMDatasetHandle handle, int64_t* out);
QGBM_EXPORT int QGBM_DatasetGetNumFeature(QGBMDatasetHandle handle, int32_t* out);
/* num_feature_names must equal the feature count; names must be non-empty and unique. */
QGBM_EXPORT int QGBM_DatasetSetFeatureNames(QGBMDatasetHandle handle, const char** feature_names,
                                            int num_feature_names);
/* As QGBM_BoosterGetFeatureNames. */
QGBM_EXPORT int QGBM_DatasetGetFeatureNames(QGBMDatasetHandle handle, int len, int* out_len,
                                            size_t buffer_len, size_t* out_buffer_len,
                                            char** out_strs);
/* The text of each code of categorical feature `feature` (code i is names[i]), saved in models
 * trained on this dataset like a text column's categories (pandas category dtypes use it). The
 * feature must be categorical. */
QGBM_EXPORT int QGBM_DatasetSetCategoryNames(QGBMDatasetHandle handle, int feature,
                                             const char** names, int num_names);
QGBM_EXPORT int QGBM_DatasetFree(QGBMDatasetHandle handle);

/* ---- Training step by step (LGBM_BoosterCreate / UpdateOneIter / GetEval ...) ---------------
 *
 * QGBM_BoosterCreate makes a booster that trains on train_data with `parameters` (all training
 * parameters; num_iterations and early_stopping_round are ignored: the caller drives the
 * iterations). init_model (may be NULL) is continued: its trees are kept, and the datasets'
 * init_score fields must then hold its raw predictions. Validation sets are added with
 * QGBM_BoosterAddValidData before the first iteration. Data index 0 is the training data and
 * i >= 1 the i-th validation set added. A training booster answers every booster call below
 * (predict, save, dump, importance) with the model trained so far; training calls must not run
 * concurrently with other calls on the same booster. Same data, parameters and seed give the
 * same model bytes as `qgbm train` on the same data. */
QGBM_EXPORT int QGBM_BoosterCreate(QGBMDatasetHandle train_data, const char* parameters,
                                   QGBMBoosterHandle init_model, QGBMBoosterHandle* out);
/* name is used in messages (e.g. "valid_0"). */
QGBM_EXPORT int QGBM_BoosterAddValidData(QGBMBoosterHandle handle, QGBMDatasetHandle valid_data,
                                         const char* name);
/* One boosting iteration; *is_finished = 1 when no tree could split any more (nothing added). */
QGBM_EXPORT int QGBM_BoosterUpdateOneIter(QGBMBoosterHandle handle, int* is_finished);
/* One iteration from the caller's gradients and hessians (a custom objective): grad and hess
 * hold rows x outputs float32 values, output-major. The booster must have been created with
 * objective=none (alias custom). */
QGBM_EXPORT int QGBM_BoosterUpdateOneIterCustom(QGBMBoosterHandle handle, const float* grad,
                                                const float* hess, int64_t num_element,
                                                int* is_finished);
/* Removes the last iteration's trees (and their scores). */
QGBM_EXPORT int QGBM_BoosterRollbackOneIter(QGBMBoosterHandle handle);
/* Iterations in the model (trees / outputs), including a continued model's. */
QGBM_EXPORT int QGBM_BoosterGetCurrentIteration(QGBMBoosterHandle handle, int* out);
/* Changes parameters of a training booster between iterations ("key=value ..."; LightGBM's
 * LGBM_BoosterResetParameter, used for learning-rate schedules). Only learning_rate may change;
 * another parameter given with a different value is an error naming it. The new value applies
 * from the next iteration and is the one saved with the model. */
QGBM_EXPORT int QGBM_BoosterResetParameter(QGBMBoosterHandle handle, const char* parameters);
/* Records the best iteration (1-based; 0 clears it), saved in the model and used by predict and
 * save when they are asked for num_iteration <= 0. */
QGBM_EXPORT int QGBM_BoosterSetBestIteration(QGBMBoosterHandle handle, int best_iteration);
QGBM_EXPORT int QGBM_BoosterGetBestIteration(QGBMBoosterHandle handle, int* out);
/* Metrics (from the metric parameter, or the objective's default; "ndcg"/"map" expand over
 * eval_at): their count, names ("auc", "ndcg@5", ...; names as QGBM_BoosterGetFeatureNames) and
 * whether higher is better (out_higher_better holds QGBM_BoosterGetEvalCounts ints). */
QGBM_EXPORT int QGBM_BoosterGetEvalCounts(QGBMBoosterHandle handle, int* out);
QGBM_EXPORT int QGBM_BoosterGetEvalNames(QGBMBoosterHandle handle, int len, int* out_len,
                                         size_t buffer_len, size_t* out_buffer_len,
                                         char** out_strs);
QGBM_EXPORT int QGBM_BoosterGetEvalHigherBetter(QGBMBoosterHandle handle, int* out_higher_better);
/* The metrics on data set data_idx (0 = training) for the model so far; out_results holds
 * QGBM_BoosterGetEvalCounts values. */
QGBM_EXPORT int QGBM_BoosterGetEval(QGBMBoosterHandle handle, int data_idx, int* out_len,
                                    double* out_results);
/* Current predictions on data set data_idx, transformed (probabilities for binary), rows x
 * outputs, output-major (for custom metrics). *out_len receives the count; out must hold it
 * (ask QGBM_BoosterGetNumPredict). */
QGBM_EXPORT int QGBM_BoosterGetNumPredict(QGBMBoosterHandle handle, int data_idx, int64_t* out_len);
QGBM_EXPORT int QGBM_BoosterGetPredict(QGBMBoosterHandle handle, int data_idx, int64_t* out_len,
                                       double* out_result);

/* The model as text (format 0 = JSON, the file QGBM_BoosterSaveModel writes), keeping the
 * first num_iteration iterations (<= 0: all; best_iteration is kept). Two calls as
 * QGBM_BoosterDumpModel: *out_len receives the length including the NUL. */
QGBM_EXPORT int QGBM_BoosterSaveModelToString(QGBMBoosterHandle handle, int num_iteration,
                                              int64_t buffer_len, int64_t* out_len, char* out_str);
/* The text of each category code of feature `feature` (a text column's or one set with
 * QGBM_DatasetSetCategoryNames); *out_len = 0 for other features. Shape as
 * QGBM_BoosterGetFeatureNames. */
QGBM_EXPORT int QGBM_BoosterGetCategoryNames(QGBMBoosterHandle handle, int feature, int len,
                                             int* out_len, size_t buffer_len,
                                             size_t* out_buffer_len, char** out_strs);
/* Per feature, 1 when the model treats it as categorical; out holds QGBM_BoosterGetNumFeature
 * ints. */
QGBM_EXPORT int QGBM_BoosterGetCategoricalFeatures(QGBMBoosterHandle handle, int* out);

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
