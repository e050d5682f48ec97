// DumpModelJson: the model as a JSON document for people and tools, in the shape of LightGBM's
// dump_model(): "tree_info" holds each tree as a nested "tree_structure" whose nodes name their
// split feature, plus "feature_names" and "feature_importances". It is an export, not a model
// file: LoadModel does not read it (docs/model_format.md describes both).
//
// Trees are written with an explicit stack, never recursion, so a deep tree cannot exhaust the
// stack; the nesting of the output is that of the tree.
#pragma once

#include <string>

#include "qgbm/status.h"

#include "model/feature_importance.h"
#include "model/model.h"

namespace qgbm {

struct DumpOptions {
  int start_iteration = 0;  // must lie in [0, num_iterations]
  int num_iterations = -1;  // <= 0: every iteration from start_iteration; clamped to the model
  ImportanceType importance_type = ImportanceType::kSplit;
};

// InvalidArgument when start_iteration is outside [0, model.num_iterations()].
StatusOr<std::string> DumpModelJson(const Model& model, const DumpOptions& options);

}  // namespace qgbm
