// What the boosting loop shows metrics and callers: labels as a LabelView, raw scores as
// predictions. Shared by the files of GbdtTrainer.
#pragma once

#include <vector>

#include "common/label_view.h"
#include "data/dataset.h"
#include "model/model.h"

namespace qgbm {

// Output-major raw scores (k outputs of raw.size() / k rows) through the model's transform.
std::vector<double> ToPredictions(const std::vector<double>& raw, OutputTransform transform,
                                  double sigmoid, int k);

inline LabelView Labels(const Metadata& meta) {
  return LabelView{meta.labels, meta.weights, meta.group_sizes};
}

}  // namespace qgbm
