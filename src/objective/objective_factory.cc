#include <memory>

#include "objective/logistic.h"
#include "objective/multiclass_ova.h"
#include "objective/multiclass_softmax.h"
#include "objective/objective.h"
#include "objective/squared_error.h"

namespace qgbm {

StatusOr<std::unique_ptr<Objective>> CreateObjective(const BoostingParams& params) {
  const std::string& name = params.objective;
  if (name == "regression") return std::unique_ptr<Objective>(std::make_unique<SquaredError>());
  if (name == "binary") {
    if (!(params.sigmoid > 0.0)) return Status::InvalidArgument("parameter 'sigmoid' must be > 0");
    return std::unique_ptr<Objective>(std::make_unique<Logistic>(params.sigmoid));
  }
  if (name == "multiclass" || name == "multiclassova") {
    if (params.num_class <= 1) {
      return Status::InvalidArgument("objective '" + name +
                                     "' needs parameter 'num_class' > 1 (the number of classes)");
    }
    if (name == "multiclass")
      return std::unique_ptr<Objective>(std::make_unique<MulticlassSoftmax>(params.num_class));
    if (!(params.sigmoid > 0.0)) return Status::InvalidArgument("parameter 'sigmoid' must be > 0");
    return std::unique_ptr<Objective>(
        std::make_unique<MulticlassOva>(params.num_class, params.sigmoid));
  }
  return Status::InvalidArgument("unknown objective '" + name +
                                 "'; valid objectives: regression, binary, multiclass, "
                                 "multiclassova");
}

}  // namespace qgbm
