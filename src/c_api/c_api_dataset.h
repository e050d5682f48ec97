// What a QGBMDatasetHandle points at, shared by the C API files that take one.
#pragma once

#include <atomic>
#include <memory>

#include "qgbm/c_api.h"

#include "data/dataset.h"

namespace qgbm::capi {

struct DatasetHandle {
  // Shared with the boosters that train or validate on it, so it outlives QGBM_DatasetFree.
  std::shared_ptr<Dataset> data;
  // Set once a booster uses the dataset: its fields are then fixed (a booster's scores and
  // metrics were computed from them).
  std::atomic<bool> in_use{false};
};

inline DatasetHandle* DatasetOf(QGBMDatasetHandle handle) {
  return static_cast<DatasetHandle*>(handle);
}

}  // namespace qgbm::capi
