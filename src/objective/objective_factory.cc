#include <memory>

#include "objective/logistic.h"
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
  return Status::InvalidArgument("unknown objective '" + name +
                                 "'; valid objectives: regression, binary");
}

}  // namespace qgbm
