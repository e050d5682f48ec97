// C API: step-by-step training (LightGBM's BoosterCreate / AddValidData / UpdateOneIter / GetEval
// ...). The caller drives the iterations, early stopping included.
#include <algorithm>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "qgbm/c_api.h"

#include "c_api/c_api_booster.h"
#include "c_api/c_api_common.h"
#include "c_api/c_api_dataset.h"
#include "c_api/c_api_error.h"
#include "config/config_parser.h"
#include "model/model_io.h"

namespace qgbm::capi {
namespace {

int FailArgument(const std::string& message) { return Fail(Status::InvalidArgument(message)); }

// The trainer of a handle, or -1 with the error recorded.
GbdtTrainer* Trainer(QGBMBoosterHandle handle) {
  auto trainer = TrainerOf(BoosterOf(handle));
  if (!trainer.ok()) {
    Fail(trainer.status());
    return nullptr;
  }
  return *trainer;
}

// After a training call: readers refresh the model on their next call.
void MarkTrained(Booster* booster) {
  const std::lock_guard<std::mutex> lock(booster->sync_mutex);
  booster->model_stale = true;
}

int FinishIteration(QGBMBoosterHandle handle, const Status& st, bool stopped, int* is_finished) {
  MarkTrained(BoosterOf(handle));
  if (!st.ok()) return Fail(st);
  *is_finished = stopped ? 1 : 0;
  return 0;
}

// Model iterations now: the trainer's, else the continued model's (nothing trained yet).
int CurrentIterations(const Booster& booster) {
  if (booster.training == nullptr) return booster.model.num_iterations();
  if (booster.training->trainer != nullptr)
    return booster.training->trainer->model().num_iterations();
  return booster.training->base != nullptr ? booster.training->base->num_iterations() : 0;
}

// Features the model treats as categorical: the training data's (training boosters), else those
// with category names or a categorical split.
std::vector<int> CategoricalFeatures(const Booster& booster) {
  std::vector<int> out(static_cast<size_t>(booster.model.num_features), 0);
  if (booster.training != nullptr) {
    const BinMapper& bins = booster.training->train->bin_mapper();
    for (int f = 0; f < bins.num_features() && f < booster.model.num_features; ++f)
      out[static_cast<size_t>(f)] = bins.IsCategorical(f) ? 1 : 0;
    return out;
  }
  for (size_t f = 0; f < booster.model.category_names.size() && f < out.size(); ++f)
    out[f] = booster.model.category_names[f].empty() ? 0 : 1;
  for (const Tree& tree : booster.model.trees) {
    for (size_t n = 0; n < tree.is_categorical().size(); ++n) {
      if (tree.is_categorical()[n] != 0) out[static_cast<size_t>(tree.split_feature()[n])] = 1;
    }
  }
  return out;
}

}  // namespace
}  // namespace qgbm::capi

using qgbm::capi::BoosterOf;
using qgbm::capi::DatasetOf;
using qgbm::capi::Fail;
using qgbm::capi::FailArgument;
using qgbm::capi::FailNull;

extern "C" int QGBM_BoosterCreate(QGBMDatasetHandle train_data, const char* parameters,
                                  QGBMBoosterHandle init_model, QGBMBoosterHandle* out) {
  if (train_data == nullptr) return FailNull("train_data");
  if (out == nullptr) return FailNull("out");
  auto params = qgbm::capi::ParseParameters(parameters);
  if (!params.ok()) return Fail(params.status());
  auto training = std::make_unique<qgbm::capi::Training>();
  training->params = *params;
  training->ctx =
      qgbm::Context(params->system.num_threads, static_cast<uint64_t>(params->system.seed),
                    params->system.verbosity);
  if (init_model != nullptr) {
    qgbm::capi::Booster* base = BoosterOf(init_model);
    const qgbm::Status synced = qgbm::capi::SyncModel(base);
    if (!synced.ok()) return Fail(synced);
    if (base->model.num_features != DatasetOf(train_data)->data->num_total_features()) {
      return FailArgument("init_model has " + std::to_string(base->model.num_features) +
                          " features but train_data has " +
                          std::to_string(DatasetOf(train_data)->data->num_total_features()));
    }
    training->base = std::make_unique<qgbm::Model>(base->model);
    training->best_iteration = base->model.best_iteration;
  }
  training->train = DatasetOf(train_data)->data;
  DatasetOf(train_data)->in_use = true;
  auto booster = std::make_unique<qgbm::capi::Booster>();
  booster->training = std::move(training);
  booster->model_stale = true;  // the first read creates the trainer and copies its model
  *out = booster.release();
  return 0;
}

extern "C" int QGBM_BoosterAddValidData(QGBMBoosterHandle handle, QGBMDatasetHandle valid_data,
                                        const char* name) {
  if (handle == nullptr) return FailNull("handle");
  if (valid_data == nullptr) return FailNull("valid_data");
  qgbm::capi::Booster& booster = *BoosterOf(handle);
  if (booster.training == nullptr)
    return FailArgument("the booster holds a model only; it was not made by QGBM_BoosterCreate");
  qgbm::capi::Training& t = *booster.training;
  if (t.trainer != nullptr && t.trainer->iteration() > 0)
    return FailArgument("validation data must be added before the first iteration");
  const std::shared_ptr<qgbm::Dataset>& valid = DatasetOf(valid_data)->data;
  if (valid->num_total_features() != t.train->num_total_features() ||
      !(valid->bin_mapper() == t.train->bin_mapper())) {
    return FailArgument(
        "valid_data was not binned like the training data: create it with the training dataset "
        "as reference");
  }
  {
    // A trainer made for an earlier read or evaluation has trained nothing yet: the next call
    // makes a new one that knows this validation set too.
    const std::lock_guard<std::mutex> lock(booster.sync_mutex);
    t.trainer.reset();
    booster.model_stale = true;
  }
  t.valids.push_back(valid);
  t.valid_names.push_back(name != nullptr ? name : "valid_" + std::to_string(t.valids.size()));
  DatasetOf(valid_data)->in_use = true;
  return 0;
}

extern "C" int QGBM_BoosterUpdateOneIter(QGBMBoosterHandle handle, int* is_finished) {
  if (handle == nullptr) return FailNull("handle");
  if (is_finished == nullptr) return FailNull("is_finished");
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  return qgbm::capi::Guarded("training an iteration", [&] {
    bool stopped = false;
    const qgbm::Status st = trainer->TrainOneIteration(&stopped);
    return qgbm::capi::FinishIteration(handle, st, stopped, is_finished);
  });
}

extern "C" int QGBM_BoosterUpdateOneIterCustom(QGBMBoosterHandle handle, const float* grad,
                                               const float* hess, int64_t num_element,
                                               int* is_finished) {
  if (handle == nullptr) return FailNull("handle");
  if (grad == nullptr) return FailNull("grad");
  if (hess == nullptr) return FailNull("hess");
  if (is_finished == nullptr) return FailNull("is_finished");
  if (num_element < 0) return FailArgument("num_element must be >= 0");
  qgbm::capi::Booster& booster = *BoosterOf(handle);
  if (booster.training != nullptr && booster.training->params.boosting.objective != "none") {
    return FailArgument(
        "QGBM_BoosterUpdateOneIterCustom needs a booster created with "
        "objective=none (alias custom), not objective=" +
        booster.training->params.boosting.objective);
  }
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  bool stopped = false;
  const size_t n = static_cast<size_t>(num_element);
  const qgbm::Status st = trainer->TrainOneIterationWithGradients(
      std::span<const float>(grad, n), std::span<const float>(hess, n), &stopped);
  return qgbm::capi::FinishIteration(handle, st, stopped, is_finished);
}

extern "C" int QGBM_BoosterRollbackOneIter(QGBMBoosterHandle handle) {
  if (handle == nullptr) return FailNull("handle");
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  const qgbm::Status st = trainer->RollbackOneIteration();
  qgbm::capi::Booster& booster = *BoosterOf(handle);
  // A best iteration past the end no longer exists.
  if (booster.training->best_iteration > trainer->model().num_iterations())
    booster.training->best_iteration = 0;
  qgbm::capi::MarkTrained(&booster);
  return st.ok() ? 0 : Fail(st);
}

extern "C" int QGBM_BoosterGetCurrentIteration(QGBMBoosterHandle handle, int* out) {
  if (handle == nullptr) return FailNull("handle");
  if (out == nullptr) return FailNull("out");
  *out = qgbm::capi::CurrentIterations(*BoosterOf(handle));
  return 0;
}

extern "C" int QGBM_BoosterResetParameter(QGBMBoosterHandle handle, const char* parameters) {
  if (handle == nullptr) return FailNull("handle");
  if (parameters == nullptr) return FailNull("parameters");
  qgbm::capi::Booster& booster = *BoosterOf(handle);
  if (booster.training == nullptr)
    return FailArgument("the booster holds a model only; it was not made by QGBM_BoosterCreate");
  auto kv = qgbm::capi::ParseParameterText(parameters);
  if (!kv.ok()) return Fail(kv.status());
  qgbm::Params updated = booster.training->params;
  qgbm::Status st = qgbm::ApplyParams(*kv, &updated);
  if (st.ok()) st = qgbm::ValidateParams(updated);
  if (!st.ok()) return Fail(st);
  // Everything but the learning rate shapes state built at creation (bins, objective, the
  // grower): a change there is an error rather than silently ignored.
  const qgbm::KeyValues before = qgbm::ParamsToKeyValues(booster.training->params);
  const qgbm::KeyValues after = qgbm::ParamsToKeyValues(updated);
  for (size_t i = 0; i < before.size() && i < after.size(); ++i) {
    if (before[i].second != after[i].second && before[i].first != "learning_rate") {
      return FailArgument("parameter '" + before[i].first +
                          "' cannot change during training (only learning_rate can)");
    }
  }
  booster.training->params = updated;
  if (booster.training->trainer != nullptr)
    booster.training->trainer->set_learning_rate(updated.boosting.learning_rate);
  qgbm::capi::MarkTrained(&booster);  // the saved parameters changed
  return 0;
}

extern "C" int QGBM_BoosterSetBestIteration(QGBMBoosterHandle handle, int best_iteration) {
  if (handle == nullptr) return FailNull("handle");
  qgbm::capi::Booster& booster = *BoosterOf(handle);
  const int iterations = qgbm::capi::CurrentIterations(booster);
  if (best_iteration < 0 || best_iteration > iterations) {
    return FailArgument("best_iteration " + std::to_string(best_iteration) + " is outside [0, " +
                        std::to_string(iterations) + "] (the model's iterations; 0 clears it)");
  }
  if (booster.training == nullptr) {
    booster.model.best_iteration = best_iteration;
    return 0;
  }
  booster.training->best_iteration = best_iteration;
  qgbm::capi::MarkTrained(&booster);
  return 0;
}

extern "C" int QGBM_BoosterGetBestIteration(QGBMBoosterHandle handle, int* out) {
  if (handle == nullptr) return FailNull("handle");
  if (out == nullptr) return FailNull("out");
  const qgbm::capi::Booster& booster = *BoosterOf(handle);
  *out =
      booster.training != nullptr ? booster.training->best_iteration : booster.model.best_iteration;
  return 0;
}

extern "C" int QGBM_BoosterGetEvalCounts(QGBMBoosterHandle handle, int* out) {
  if (handle == nullptr) return FailNull("handle");
  if (out == nullptr) return FailNull("out");
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  *out = static_cast<int>(trainer->MetricNames().size());
  return 0;
}

extern "C" int QGBM_BoosterGetEvalNames(QGBMBoosterHandle handle, int len, int* out_len,
                                        size_t buffer_len, size_t* out_buffer_len,
                                        char** out_strs) {
  if (handle == nullptr) return FailNull("handle");
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  return qgbm::capi::CopyStrings(trainer->MetricNames(), len, out_len, buffer_len, out_buffer_len,
                                 out_strs);
}

extern "C" int QGBM_BoosterGetEvalHigherBetter(QGBMBoosterHandle handle, int* out_higher_better) {
  if (handle == nullptr) return FailNull("handle");
  if (out_higher_better == nullptr) return FailNull("out_higher_better");
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  const std::vector<bool> higher = trainer->MetricHigherIsBetter();
  for (size_t i = 0; i < higher.size(); ++i) out_higher_better[i] = higher[i] ? 1 : 0;
  return 0;
}

extern "C" int QGBM_BoosterGetEval(QGBMBoosterHandle handle, int data_idx, int* out_len,
                                   double* out_results) {
  if (handle == nullptr) return FailNull("handle");
  if (out_len == nullptr) return FailNull("out_len");
  if (out_results == nullptr) return FailNull("out_results");
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  auto values = trainer->EvaluateDataSet(data_idx);
  if (!values.ok()) return Fail(values.status());
  std::copy(values->begin(), values->end(), out_results);
  *out_len = static_cast<int>(values->size());
  return 0;
}

extern "C" int QGBM_BoosterGetNumPredict(QGBMBoosterHandle handle, int data_idx, int64_t* out_len) {
  if (handle == nullptr) return FailNull("handle");
  if (out_len == nullptr) return FailNull("out_len");
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  if (data_idx < 0 || data_idx >= trainer->num_data_sets()) {
    return FailArgument("data_idx " + std::to_string(data_idx) + " is outside [0, " +
                        std::to_string(trainer->num_data_sets()) +
                        ") (0 = training data, i = validation set i)");
  }
  const qgbm::capi::Training& t = *BoosterOf(handle)->training;
  const qgbm::Dataset& data =
      data_idx == 0 ? *t.train : *t.valids[static_cast<size_t>(data_idx - 1)];
  *out_len = data.num_rows() * trainer->model().num_tree_per_iteration;
  return 0;
}

extern "C" int QGBM_BoosterGetPredict(QGBMBoosterHandle handle, int data_idx, int64_t* out_len,
                                      double* out_result) {
  if (handle == nullptr) return FailNull("handle");
  if (out_len == nullptr) return FailNull("out_len");
  if (out_result == nullptr) return FailNull("out_result");
  qgbm::GbdtTrainer* trainer = qgbm::capi::Trainer(handle);
  if (trainer == nullptr) return -1;
  auto predictions = trainer->Predictions(data_idx);
  if (!predictions.ok()) return Fail(predictions.status());
  std::copy(predictions->begin(), predictions->end(), out_result);
  *out_len = static_cast<int64_t>(predictions->size());
  return 0;
}

extern "C" int QGBM_BoosterSaveModelToString(QGBMBoosterHandle handle, int num_iteration,
                                             int64_t buffer_len, int64_t* out_len, char* out_str) {
  if (handle == nullptr) return FailNull("handle");
  if (out_len == nullptr) return FailNull("out_len");
  if (buffer_len < 0) return FailArgument("buffer_len must be >= 0");
  if (buffer_len > 0 && out_str == nullptr) return FailNull("out_str");
  const qgbm::Status synced = qgbm::capi::SyncModel(BoosterOf(handle));
  if (!synced.ok()) return Fail(synced);
  const qgbm::Model& full = BoosterOf(handle)->model;
  qgbm::StatusOr<std::string> text = qgbm::Status::Ok();
  if (num_iteration <= 0 || num_iteration >= full.num_iterations()) {
    text = qgbm::SerializeModel(full, qgbm::ModelFileFormat::kJson);
  } else {
    qgbm::Model first = full;
    first.trees.resize(static_cast<size_t>(num_iteration * full.num_tree_per_iteration));
    first.best_iteration = std::min(first.best_iteration, num_iteration);
    text = qgbm::SerializeModel(first, qgbm::ModelFileFormat::kJson);
  }
  if (!text.ok()) return Fail(text.status());
  *out_len = static_cast<int64_t>(text->size()) + 1;
  if (buffer_len >= *out_len) std::memcpy(out_str, text->c_str(), text->size() + 1);
  return 0;
}

extern "C" int QGBM_BoosterGetCategoryNames(QGBMBoosterHandle handle, int feature, int len,
                                            int* out_len, size_t buffer_len, size_t* out_buffer_len,
                                            char** out_strs) {
  if (handle == nullptr) return FailNull("handle");
  const qgbm::Status synced = qgbm::capi::SyncModel(BoosterOf(handle));
  if (!synced.ok()) return Fail(synced);
  const qgbm::Model& model = BoosterOf(handle)->model;
  if (feature < 0 || feature >= model.num_features) {
    return FailArgument("feature " + std::to_string(feature) + " is outside [0, " +
                        std::to_string(model.num_features) + ")");
  }
  static const std::vector<std::string> kNone;
  const std::vector<std::string>& names = static_cast<size_t>(feature) < model.category_names.size()
                                              ? model.category_names[static_cast<size_t>(feature)]
                                              : kNone;
  return qgbm::capi::CopyStrings(names, len, out_len, buffer_len, out_buffer_len, out_strs);
}

extern "C" int QGBM_BoosterGetCategoricalFeatures(QGBMBoosterHandle handle, int* out) {
  if (handle == nullptr) return FailNull("handle");
  if (out == nullptr) return FailNull("out");
  const qgbm::Status synced = qgbm::capi::SyncModel(BoosterOf(handle));
  if (!synced.ok()) return Fail(synced);
  const std::vector<int> flags = qgbm::capi::CategoricalFeatures(*BoosterOf(handle));
  std::copy(flags.begin(), flags.end(), out);
  return 0;
}
