// What a QGBMBoosterHandle points at, shared by the C API files that take one.
//
// A booster is either a model (loaded, or trained from files in one call) or a training booster
// (QGBM_BoosterCreate), which also holds the training state. Calls that read the model go
// through SyncModel, which, when training advanced since the last read, copies the trainer's
// model into `model` and recompiles `forest`; so every booster call answers with the model
// trained so far.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "qgbm/c_api.h"
#include "qgbm/params.h"
#include "qgbm/status.h"

#include "boosting/gbdt_trainer.h"
#include "common/context.h"
#include "data/dataset.h"
#include "model/model.h"
#include "predict/flat_forest.h"
#include "predict/predictor.h"

namespace qgbm::capi {

// The state of step-by-step training. The trainer is created at the first iteration or
// evaluation, so that validation sets can be added before it.
struct Training {
  Params params;
  Context ctx;
  std::shared_ptr<const Dataset> train;
  std::vector<std::shared_ptr<const Dataset>> valids;
  std::vector<std::string> valid_names;
  std::unique_ptr<Model> base;  // the continued model (init_model), or null
  std::unique_ptr<GbdtTrainer> trainer;
  int best_iteration = 0;
};

struct Booster {
  Model model;
  // Compiled whenever the model changes; shared with fast single-row configs so that they stay
  // valid after QGBM_BoosterFree.
  std::shared_ptr<const FlatForest> forest;
  std::unique_ptr<Training> training;  // null for a model-only booster
  std::mutex sync_mutex;               // guards the refresh of model and forest
  bool model_stale = false;            // training advanced since model was copied
};

inline Booster* BoosterOf(QGBMBoosterHandle handle) { return static_cast<Booster*>(handle); }

// Brings model and forest up to date with the training (creating the trainer if needed).
// Safe to call from concurrent reading calls.
Status SyncModel(Booster* booster);

// The trainer of a training booster, created now if it does not exist yet; an error for a
// model-only booster.
StatusOr<GbdtTrainer*> TrainerOf(Booster* booster);

// Predict options of a C API call: num_iteration <= 0 means the best iteration when early
// stopping ran, else every iteration.
PredictOptions MakePredictOptions(const Model& model, int predict_type, int num_iteration,
                                  int num_threads);

}  // namespace qgbm::capi
