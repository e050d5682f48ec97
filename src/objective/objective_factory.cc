// CreateObjective: the one table of objectives (LightGBM's names; aliases are resolved by the
// config layer) and the checks of their parameters that the parameter table cannot express.
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metric/dcg.h"
#include "objective/cross_entropy.h"
#include "objective/custom_objective.h"
#include "objective/fair.h"
#include "objective/gamma.h"
#include "objective/huber.h"
#include "objective/lambdarank.h"
#include "objective/logistic.h"
#include "objective/mape.h"
#include "objective/multiclass_ova.h"
#include "objective/multiclass_softmax.h"
#include "objective/objective.h"
#include "objective/poisson.h"
#include "objective/quantile.h"
#include "objective/rank_xendcg.h"
#include "objective/regression_l1.h"
#include "objective/squared_error.h"
#include "objective/tweedie.h"

namespace qgbm {
namespace {

using ObjectivePtr = std::unique_ptr<Objective>;

struct ObjectiveEntry {
  std::string_view name;
  std::function<StatusOr<ObjectivePtr>(const BoostingParams&)> make;
};

template <class T, class... Args>
StatusOr<ObjectivePtr> Make(Args... args) {
  return ObjectivePtr(std::make_unique<T>(args...));
}

// Bounds are checked here as well as by the parameter table, because the C API and tests build
// BoostingParams directly.
StatusOr<ObjectivePtr> MakeQuantile(const BoostingParams& p) {
  if (!(p.alpha > 0.0 && p.alpha < 1.0)) {
    return Status::InvalidArgument("objective 'quantile' needs parameter 'alpha' in (0, 1), got " +
                                   std::to_string(p.alpha));
  }
  return Make<Quantile>(p.alpha);
}

StatusOr<ObjectivePtr> MakeHuber(const BoostingParams& p) {
  if (!(p.alpha > 0.0)) {
    return Status::InvalidArgument("objective 'huber' needs parameter 'alpha' > 0, got " +
                                   std::to_string(p.alpha));
  }
  return Make<Huber>(p.alpha);
}

StatusOr<ObjectivePtr> MakeTweedie(const BoostingParams& p) {
  const double rho = p.tweedie_variance_power;
  if (!(rho >= 1.0 && rho < 2.0)) {
    return Status::InvalidArgument(
        "objective 'tweedie' needs parameter 'tweedie_variance_power' in [1, 2), got " +
        std::to_string(rho));
  }
  return Make<Tweedie>(rho);
}

StatusOr<ObjectivePtr> MakePoisson(const BoostingParams& p) {
  if (!(p.poisson_max_delta_step > 0.0)) {
    return Status::InvalidArgument(
        "objective 'poisson' needs parameter 'poisson_max_delta_step' > 0, got " +
        std::to_string(p.poisson_max_delta_step));
  }
  return Make<Poisson>(p.poisson_max_delta_step);
}

StatusOr<ObjectivePtr> MakeFair(const BoostingParams& p) {
  if (!(p.fair_c > 0.0)) {
    return Status::InvalidArgument("objective 'fair' needs parameter 'fair_c' > 0, got " +
                                   std::to_string(p.fair_c));
  }
  return Make<Fair>(p.fair_c);
}

StatusOr<ObjectivePtr> CreateLambdarank(const BoostingParams& params,
                                        const RankingParams& ranking) {
  if (!(params.sigmoid > 0.0)) return Status::InvalidArgument("parameter 'sigmoid' must be > 0");
  if (ranking.lambdarank_truncation_level < 1) {
    return Status::InvalidArgument("parameter 'lambdarank_truncation_level' must be >= 1");
  }
  QGBM_ASSIGN_OR_RETURN(std::vector<double> gain, ParseLabelGain(ranking.label_gain));
  return Make<Lambdarank>(params.sigmoid, ranking.lambdarank_truncation_level,
                          ranking.lambdarank_norm, std::move(gain));
}

// is_unbalance and scale_pos_weight both set the positives' weight: LightGBM refuses the pair.
StatusOr<ClassWeighting> MakeClassWeighting(const BoostingParams& p) {
  if (p.is_unbalance && p.scale_pos_weight != 1.0) {
    return Status::InvalidArgument(
        "parameters 'is_unbalance' and 'scale_pos_weight' cannot be used together (objective '" +
        p.objective + "'): each sets the weight of the positive class");
  }
  if (!(p.scale_pos_weight > 0.0))
    return Status::InvalidArgument("parameter 'scale_pos_weight' must be > 0");
  return ClassWeighting{p.is_unbalance, p.scale_pos_weight};
}

// The multiclass objectives need num_class > 1 (the parameter check catches it first).
StatusOr<ObjectivePtr> MakeMulticlass(const BoostingParams& p) {
  if (p.num_class <= 1) {
    return Status::InvalidArgument("objective '" + p.objective +
                                   "' needs parameter 'num_class' > 1 (the number of classes)");
  }
  if (p.objective == "multiclass") return Make<MulticlassSoftmax>(p.num_class);
  if (!(p.sigmoid > 0.0)) return Status::InvalidArgument("parameter 'sigmoid' must be > 0");
  QGBM_ASSIGN_OR_RETURN(const ClassWeighting weighting, MakeClassWeighting(p));
  return Make<MulticlassOva>(p.num_class, p.sigmoid, weighting);
}

StatusOr<ObjectivePtr> MakeBinary(const BoostingParams& p) {
  if (!(p.sigmoid > 0.0)) return Status::InvalidArgument("parameter 'sigmoid' must be > 0");
  QGBM_ASSIGN_OR_RETURN(const ClassWeighting weighting, MakeClassWeighting(p));
  return Make<Logistic>(p.sigmoid, weighting);
}

const std::vector<ObjectiveEntry>& ObjectiveTable() {
  static const std::vector<ObjectiveEntry> kTable = {
      {"regression", [](const BoostingParams&) { return Make<SquaredError>(); }},
      {"regression_l1", [](const BoostingParams&) { return Make<RegressionL1>(); }},
      {"huber", MakeHuber},
      {"quantile", MakeQuantile},
      {"mape", [](const BoostingParams&) { return Make<Mape>(); }},
      {"fair", MakeFair},
      {"poisson", MakePoisson},
      {"gamma", [](const BoostingParams&) { return Make<Gamma>(); }},
      {"tweedie", MakeTweedie},
      {"binary", MakeBinary},
      {"cross_entropy", [](const BoostingParams&) { return Make<CrossEntropy>(); }},
      {"multiclass", MakeMulticlass},
      {"multiclassova", MakeMulticlass},
      {kCustomObjectiveName,
       [](const BoostingParams& p) { return Make<CustomObjective>(std::max(p.num_class, 1)); }},
  };
  return kTable;
}

}  // namespace

StatusOr<std::unique_ptr<Objective>> CreateObjective(const BoostingParams& params,
                                                     const RankingParams& ranking) {
  // The ranking objectives read their own parameter group.
  if (params.objective == "lambdarank") return CreateLambdarank(params, ranking);
  if (params.objective == "rank_xendcg")
    return Make<RankXendcg>(static_cast<uint64_t>(ranking.objective_seed));
  std::string valid;
  for (const ObjectiveEntry& e : ObjectiveTable()) {
    if (e.name == params.objective) return e.make(params);
    valid += (valid.empty() ? "" : ", ") + std::string(e.name);
  }
  return Status::InvalidArgument("unknown objective '" + params.objective +
                                 "'; valid objectives: " + valid + ", lambdarank, rank_xendcg");
}

}  // namespace qgbm
