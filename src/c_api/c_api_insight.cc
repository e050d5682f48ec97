// C API: model insight (feature importance, the JSON dump, feature names). SHAP contributions
// are a predict type of QGBM_BoosterPredictForMat (c_api_booster.cc).
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "qgbm/c_api.h"

#include "c_api/c_api_booster.h"
#include "c_api/c_api_common.h"
#include "c_api/c_api_error.h"
#include "model/feature_importance.h"
#include "model/model_dump.h"
#include "predict/predictor.h"

namespace qgbm::capi {
namespace {

StatusOr<ImportanceType> ImportanceTypeArgument(int value, const char* name) {
  const std::optional<ImportanceType> type = ImportanceTypeFromInt(value);
  if (!type) {
    return Status::InvalidArgument(std::string(name) + " " + std::to_string(value) +
                                   " is neither 0 (split) nor 1 (gain)");
  }
  return *type;
}

}  // namespace
}  // namespace qgbm::capi

using qgbm::capi::Fail;
using qgbm::capi::FailNull;

extern "C" int QGBM_BoosterFeatureImportance(QGBMBoosterHandle handle, int num_iteration,
                                             int importance_type, double* out_results) {
  if (handle == nullptr) return FailNull("handle");
  if (out_results == nullptr) return FailNull("out_results");
  auto type = qgbm::capi::ImportanceTypeArgument(importance_type, "importance_type");
  if (!type.ok()) return Fail(type.status());
  const qgbm::Status synced = qgbm::capi::SyncModel(qgbm::capi::BoosterOf(handle));
  if (!synced.ok()) return Fail(synced);
  const qgbm::Model& model = qgbm::capi::BoosterOf(handle)->model;
  const qgbm::PredictOptions o = qgbm::capi::MakePredictOptions(model, 0, num_iteration, 1);
  const qgbm::IterationRange used = qgbm::UsedIterations(model, o);
  const std::vector<double> values = qgbm::FeatureImportance(model, *type, used.begin, used.end);
  std::copy(values.begin(), values.end(), out_results);
  return 0;
}

extern "C" int QGBM_BoosterDumpModel(QGBMBoosterHandle handle, int start_iteration,
                                     int num_iteration, int feature_importance_type,
                                     int64_t buffer_len, int64_t* out_len, char* out_str) {
  if (handle == nullptr) return FailNull("handle");
  if (out_len == nullptr) return FailNull("out_len");
  if (buffer_len < 0) return Fail(qgbm::Status::InvalidArgument("buffer_len must be >= 0"));
  if (buffer_len > 0 && out_str == nullptr) return FailNull("out_str");
  auto type =
      qgbm::capi::ImportanceTypeArgument(feature_importance_type, "feature_importance_type");
  if (!type.ok()) return Fail(type.status());
  qgbm::DumpOptions o;
  o.start_iteration = start_iteration;
  o.num_iterations = num_iteration;
  o.importance_type = *type;
  const qgbm::Status synced = qgbm::capi::SyncModel(qgbm::capi::BoosterOf(handle));
  if (!synced.ok()) return Fail(synced);
  auto json = qgbm::DumpModelJson(qgbm::capi::BoosterOf(handle)->model, o);
  if (!json.ok()) return Fail(json.status());
  *out_len = static_cast<int64_t>(json->size()) + 1;
  if (buffer_len >= *out_len) std::memcpy(out_str, json->c_str(), json->size() + 1);
  return 0;
}

extern "C" int QGBM_BoosterGetFeatureNames(QGBMBoosterHandle handle, int len, int* out_len,
                                           size_t buffer_len, size_t* out_buffer_len,
                                           char** out_strs) {
  if (handle == nullptr) return FailNull("handle");
  const qgbm::Status synced = qgbm::capi::SyncModel(qgbm::capi::BoosterOf(handle));
  if (!synced.ok()) return Fail(synced);
  return qgbm::capi::CopyStrings(qgbm::capi::BoosterOf(handle)->model.feature_names, len, out_len,
                                 buffer_len, out_buffer_len, out_strs);
}
