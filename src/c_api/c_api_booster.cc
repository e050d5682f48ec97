// C API: boosters (train, load, save, predict). Each entry point validates its arguments and
// turns any Status into -1 + QGBM_GetLastError.
#include "c_api/c_api_booster.h"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "qgbm/c_api.h"

#include "api/model_parameters.h"
#include "api/training_pipeline.h"
#include "c_api/c_api_common.h"
#include "c_api/c_api_error.h"
#include "common/context.h"
#include "model/model_io.h"
#include "predict/contrib_predictor.h"
#include "predict/predictor.h"

namespace qgbm::capi {
namespace {

int Adopt(Model model, QGBMBoosterHandle* out) {
  auto booster = std::make_unique<Booster>();
  booster->forest = std::make_shared<const FlatForest>(model);
  booster->model = std::move(model);
  *out = booster.release();
  return 0;
}

// The booster's model, brought up to date first; null after recording the error.
const Model* SyncedModel(QGBMBoosterHandle handle) {
  const Status st = SyncModel(BoosterOf(handle));
  if (!st.ok()) {
    Fail(st);
    return nullptr;
  }
  return &BoosterOf(handle)->model;
}

}  // namespace

namespace {

// TrainerOf with sync_mutex held.
StatusOr<GbdtTrainer*> TrainerOfLocked(Booster* booster) {
  if (booster->training == nullptr) {
    return Status::InvalidArgument(
        "the booster holds a model only; training calls need a booster made by "
        "QGBM_BoosterCreate");
  }
  Training& t = *booster->training;
  if (t.trainer == nullptr) {
    std::vector<ValidationSet> valids;
    for (size_t i = 0; i < t.valids.size(); ++i)
      valids.push_back({t.valid_names[i], t.valids[i].get()});
    QGBM_ASSIGN_OR_RETURN(
        t.trainer, GbdtTrainer::Create(t.params, *t.train, std::move(valids), t.base.get(), t.ctx));
  }
  return t.trainer.get();
}

}  // namespace

StatusOr<GbdtTrainer*> TrainerOf(Booster* booster) {
  const std::lock_guard<std::mutex> lock(booster->sync_mutex);
  return TrainerOfLocked(booster);
}

Status SyncModel(Booster* booster) {
  if (booster->training == nullptr) return Status::Ok();
  const std::lock_guard<std::mutex> lock(booster->sync_mutex);
  if (!booster->model_stale) return Status::Ok();
  QGBM_ASSIGN_OR_RETURN(GbdtTrainer * trainer, TrainerOfLocked(booster));
  Model model = trainer->model();
  // As TrainFromFiles: the parameters that shape the model, so both save the same bytes.
  model.parameters = ModelParameters(booster->training->params);
  model.best_iteration = booster->training->best_iteration;
  booster->forest = std::make_shared<const FlatForest>(model);
  booster->model = std::move(model);
  booster->model_stale = false;
  return Status::Ok();
}

PredictOptions MakePredictOptions(const Model& model, int predict_type, int num_iteration,
                                  int num_threads) {
  PredictOptions o;
  o.raw_score = predict_type == QGBM_PREDICT_RAW_SCORE;
  o.num_iterations = num_iteration > 0 ? num_iteration : model.best_iteration;
  o.threads = num_threads;
  return o;
}

}  // namespace qgbm::capi

using qgbm::capi::Fail;
using qgbm::capi::FailNull;
using qgbm::capi::MakePredictOptions;
using qgbm::capi::SyncedModel;

extern "C" int QGBM_TrainFromParameters(const char* parameters, QGBMBoosterHandle* out) {
  if (out == nullptr) return FailNull("out");
  auto parsed = qgbm::capi::ParseParameters(parameters);
  if (!parsed.ok()) return Fail(parsed.status());
  const qgbm::Params& params = *parsed;
  const qgbm::Context ctx(params.system.num_threads, static_cast<uint64_t>(params.system.seed),
                          params.system.verbosity);
  qgbm::PhaseTimes times;
  auto model = qgbm::TrainFromFiles(params, ctx, &times);
  if (!model.ok()) return Fail(model.status());
  return qgbm::capi::Adopt(std::move(model).value(), out);
}

extern "C" int QGBM_BoosterCreateFromModelfile(const char* filename, QGBMBoosterHandle* out) {
  if (filename == nullptr) return FailNull("filename");
  if (out == nullptr) return FailNull("out");
  auto model = qgbm::LoadModel(filename);
  if (!model.ok()) return Fail(model.status());
  return qgbm::capi::Adopt(std::move(model).value(), out);
}

extern "C" int QGBM_BoosterLoadModelFromString(const char* text, size_t length,
                                               QGBMBoosterHandle* out) {
  if (text == nullptr) return FailNull("model");
  if (out == nullptr) return FailNull("out");
  auto model = qgbm::DeserializeModel(std::string_view(text, length));
  if (!model.ok()) return Fail(model.status());
  return qgbm::capi::Adopt(std::move(model).value(), out);
}

extern "C" int QGBM_BoosterSaveModel(QGBMBoosterHandle handle, const char* filename, int format) {
  if (handle == nullptr) return FailNull("handle");
  if (filename == nullptr) return FailNull("filename");
  if (format != 0 && format != 1)
    return Fail(qgbm::Status::InvalidArgument("format must be 0 (JSON) or 1 (CBOR)"));
  const qgbm::Model* model = SyncedModel(handle);
  if (model == nullptr) return -1;
  const qgbm::Status st = qgbm::SaveModel(
      *model, filename, format == 0 ? qgbm::ModelFileFormat::kJson : qgbm::ModelFileFormat::kCbor);
  return st.ok() ? 0 : Fail(st);
}

extern "C" int QGBM_BoosterGetNumFeature(QGBMBoosterHandle handle, int32_t* out) {
  if (handle == nullptr || out == nullptr) return FailNull(handle == nullptr ? "handle" : "out");
  const qgbm::Model* model = SyncedModel(handle);
  if (model == nullptr) return -1;
  *out = model->num_features;
  return 0;
}

extern "C" int QGBM_BoosterGetNumTrees(QGBMBoosterHandle handle, int32_t* out) {
  if (handle == nullptr || out == nullptr) return FailNull(handle == nullptr ? "handle" : "out");
  const qgbm::Model* model = SyncedModel(handle);
  if (model == nullptr) return -1;
  *out = static_cast<int32_t>(model->trees.size());
  return 0;
}

extern "C" int QGBM_BoosterGetNumOutputs(QGBMBoosterHandle handle, int32_t* out) {
  if (handle == nullptr || out == nullptr) return FailNull(handle == nullptr ? "handle" : "out");
  const qgbm::Model* model = SyncedModel(handle);
  if (model == nullptr) return -1;
  *out = model->num_tree_per_iteration;
  return 0;
}

extern "C" int QGBM_BoosterCalcNumPredict(QGBMBoosterHandle handle, int64_t nrow, int predict_type,
                                          int num_iteration, int64_t* out_len) {
  if (handle == nullptr || out_len == nullptr)
    return FailNull(handle == nullptr ? "handle" : "out_len");
  if (predict_type < QGBM_PREDICT_NORMAL || predict_type > QGBM_PREDICT_CONTRIB) {
    return Fail(
        qgbm::Status::InvalidArgument("unknown predict_type " + std::to_string(predict_type)));
  }
  const qgbm::Model* synced = SyncedModel(handle);
  if (synced == nullptr) return -1;
  const qgbm::Model& model = *synced;
  const qgbm::PredictOptions o = MakePredictOptions(model, predict_type, num_iteration, 1);
  switch (predict_type) {
    case QGBM_PREDICT_LEAF_INDEX:
      *out_len = nrow * qgbm::NumTreesUsed(model, o);
      break;
    case QGBM_PREDICT_CONTRIB:
      *out_len = nrow * qgbm::NumContribsPerRow(model);
      break;
    default:
      *out_len = nrow * model.num_tree_per_iteration;
  }
  return 0;
}

extern "C" int QGBM_BoosterPredictForMat(QGBMBoosterHandle handle, const float* data, int64_t nrow,
                                         int32_t ncol, int predict_type, int num_iteration,
                                         int num_threads, double* out, int64_t* out_len) {
  if (handle == nullptr || data == nullptr || out == nullptr || out_len == nullptr) {
    return FailNull(handle == nullptr ? "handle"
                    : data == nullptr ? "data"
                    : out == nullptr  ? "out"
                                      : "out_len");
  }
  const qgbm::Model* synced = SyncedModel(handle);
  if (synced == nullptr) return -1;
  const qgbm::Model& model = *synced;
  if (nrow < 0) return Fail(qgbm::Status::InvalidArgument("nrow must be >= 0"));
  if (ncol < model.num_features) {
    return Fail(qgbm::Status::InvalidArgument("data has " + std::to_string(ncol) +
                                              " columns but the model needs " +
                                              std::to_string(model.num_features) + " features"));
  }
  if (predict_type < QGBM_PREDICT_NORMAL || predict_type > QGBM_PREDICT_CONTRIB) {
    return Fail(
        qgbm::Status::InvalidArgument("unknown predict_type " + std::to_string(predict_type)));
  }
  const qgbm::PredictOptions o =
      MakePredictOptions(model, predict_type, num_iteration, num_threads);
  const qgbm::FlatForest& forest = *qgbm::capi::BoosterOf(handle)->forest;
  if (predict_type == QGBM_PREDICT_CONTRIB) {
    qgbm::PredictContrib(model, data, nrow, ncol, o, out);
    *out_len = nrow * qgbm::NumContribsPerRow(model);
    return 0;
  }
  if (predict_type == QGBM_PREDICT_LEAF_INDEX) {
    const int64_t per_row = qgbm::NumTreesUsed(forest, o);
    std::vector<int32_t> leaves(static_cast<size_t>(nrow * per_row));
    qgbm::PredictLeafIndex(forest, data, nrow, ncol, o, leaves.data());
    for (size_t i = 0; i < leaves.size(); ++i) out[i] = leaves[i];
    *out_len = static_cast<int64_t>(leaves.size());
    return 0;
  }
  qgbm::Predict(forest, data, nrow, ncol, o, out);
  *out_len = nrow * model.num_tree_per_iteration;
  return 0;
}

extern "C" int QGBM_BoosterFree(QGBMBoosterHandle handle) {
  delete qgbm::capi::BoosterOf(handle);
  return 0;
}
