// What a QGBMBoosterHandle points at, shared by the C API files that take one.
#pragma once

#include <memory>

#include "qgbm/c_api.h"

#include "model/model.h"
#include "predict/flat_forest.h"
#include "predict/predictor.h"

namespace qgbm::capi {

struct Booster {
  Model model;
  // Compiled once when the booster is created; shared with fast single-row configs so that they
  // stay valid after QGBM_BoosterFree.
  std::shared_ptr<const FlatForest> forest;
};

inline Booster* BoosterOf(QGBMBoosterHandle handle) { return static_cast<Booster*>(handle); }

// Predict options of a C API call: num_iteration <= 0 means the best iteration when early
// stopping ran, else every iteration.
PredictOptions MakePredictOptions(const Model& model, int predict_type, int num_iteration,
                                  int num_threads);

}  // namespace qgbm::capi
