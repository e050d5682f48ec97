// C API: single-row prediction with everything settled once in a fast config (the iteration
// range, the output kind, the forest), so that each call only walks the trees: no allocation,
// no option parsing, no thread pool.
#include <memory>
#include <string>

#include "qgbm/c_api.h"

#include "c_api/c_api_booster.h"
#include "c_api/c_api_error.h"
#include "predict/predictor.h"
#include "predict/row_predictor.h"

namespace qgbm::capi {
namespace {

// Immutable after QGBM_BoosterPredictForRowFastInit, so several threads may share one.
struct FastConfig {
  std::shared_ptr<const FlatForest> forest;  // keeps the forest alive after QGBM_BoosterFree
  IterationRange used;
  int predict_type = QGBM_PREDICT_NORMAL;
  int64_t out_len = 0;
};

int FailArgument(const std::string& message) { return Fail(Status::InvalidArgument(message)); }

}  // namespace
}  // namespace qgbm::capi

using qgbm::capi::FailArgument;
using qgbm::capi::FastConfig;

extern "C" int QGBM_BoosterPredictForRowFastInit(QGBMBoosterHandle handle, int predict_type,
                                                 int num_iteration, int32_t ncol,
                                                 QGBMFastConfigHandle* out) {
  if (handle == nullptr) return FailArgument("argument 'handle' is null");
  if (out == nullptr) return FailArgument("argument 'out' is null");
  const qgbm::Status synced = qgbm::capi::SyncModel(qgbm::capi::BoosterOf(handle));
  if (!synced.ok()) return qgbm::capi::Fail(synced);
  const qgbm::capi::Booster& booster = *qgbm::capi::BoosterOf(handle);
  if (predict_type == QGBM_PREDICT_CONTRIB) {
    return FailArgument(
        "predict_type 3 (contributions) is not offered by the single-row fast path; use "
        "QGBM_BoosterPredictForMat");
  }
  if (predict_type < QGBM_PREDICT_NORMAL || predict_type > QGBM_PREDICT_LEAF_INDEX)
    return FailArgument("unknown predict_type " + std::to_string(predict_type));
  if (ncol < booster.model.num_features) {
    return FailArgument("rows have " + std::to_string(ncol) + " columns but the model needs " +
                        std::to_string(booster.model.num_features) + " features");
  }
  const qgbm::PredictOptions o =
      qgbm::capi::MakePredictOptions(booster.model, predict_type, num_iteration, 1);
  auto config = std::make_unique<FastConfig>();
  config->forest = booster.forest;
  config->used = qgbm::UsedIterations(*booster.forest, o);
  config->predict_type = predict_type;
  config->out_len = predict_type == QGBM_PREDICT_LEAF_INDEX ? qgbm::NumTreesUsed(*booster.forest, o)
                                                            : booster.forest->num_outputs();
  *out = config.release();
  return 0;
}

extern "C" int QGBM_BoosterPredictForRowFast(QGBMFastConfigHandle fast, const float* row,
                                             double* out, int64_t* out_len) {
  if (fast == nullptr || row == nullptr || out == nullptr || out_len == nullptr) {
    return FailArgument(std::string("argument '") +
                        (fast == nullptr  ? "fast"
                         : row == nullptr ? "row"
                         : out == nullptr ? "out"
                                          : "out_len") +
                        "' is null");
  }
  const FastConfig& config = *static_cast<const FastConfig*>(fast);
  const qgbm::FlatForest& forest = *config.forest;
  if (config.predict_type == QGBM_PREDICT_LEAF_INDEX) {
    qgbm::PredictRowLeafIndex(forest, row, config.used, out);
  } else {
    qgbm::PredictRowRaw(forest, row, config.used, out);
    if (config.predict_type == QGBM_PREDICT_NORMAL)
      qgbm::TransformScores(forest.transform(), forest.sigmoid(), forest.num_outputs(), 1, out);
  }
  *out_len = config.out_len;
  return 0;
}

extern "C" int QGBM_FastConfigFree(QGBMFastConfigHandle fast) {
  delete static_cast<FastConfig*>(fast);
  return 0;
}
