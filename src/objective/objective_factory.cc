#include <memory>

#include "metric/dcg.h"
#include "objective/lambdarank.h"
#include "objective/logistic.h"
#include "objective/objective.h"
#include "objective/rank_xendcg.h"
#include "objective/squared_error.h"

namespace qgbm {

namespace {

StatusOr<std::unique_ptr<Objective>> CreateLambdarank(const BoostingParams& params,
                                                      const RankingParams& ranking) {
  if (!(params.sigmoid > 0.0)) return Status::InvalidArgument("parameter 'sigmoid' must be > 0");
  if (ranking.lambdarank_truncation_level < 1) {
    return Status::InvalidArgument("parameter 'lambdarank_truncation_level' must be >= 1");
  }
  QGBM_ASSIGN_OR_RETURN(std::vector<double> gain, ParseLabelGain(ranking.label_gain));
  return std::unique_ptr<Objective>(
      std::make_unique<Lambdarank>(params.sigmoid, ranking.lambdarank_truncation_level,
                                   ranking.lambdarank_norm, std::move(gain)));
}

}  // namespace

StatusOr<std::unique_ptr<Objective>> CreateObjective(const BoostingParams& params,
                                                     const RankingParams& ranking) {
  const std::string& name = params.objective;
  if (name == "regression") return std::unique_ptr<Objective>(std::make_unique<SquaredError>());
  if (name == "binary") {
    if (!(params.sigmoid > 0.0)) return Status::InvalidArgument("parameter 'sigmoid' must be > 0");
    return std::unique_ptr<Objective>(std::make_unique<Logistic>(params.sigmoid));
  }
  if (name == "lambdarank") return CreateLambdarank(params, ranking);
  if (name == "rank_xendcg") {
    return std::unique_ptr<Objective>(
        std::make_unique<RankXendcg>(static_cast<uint64_t>(ranking.objective_seed)));
  }
  return Status::InvalidArgument("unknown objective '" + name +
                                 "'; valid objectives: regression, binary, lambdarank, "
                                 "rank_xendcg");
}

}  // namespace qgbm
