// ValidateParams: each field against its own constraint, then the few rules between fields, one
// short function per group.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <type_traits>

#include "config/config_parser.h"
#include "config/constraint_params.h"
#include "config/param_visitor.h"
#include "config/value_codec.h"

namespace qgbm {
namespace {

// Round-trips the value through the parser, which checks bounds and choice sets. A choice held
// under an alias ("gbrt") is refused: downstream code compares canonical names only.
Status CheckField(const FieldSpec& spec, const FieldRef& field) {
  const std::string text = FormatValue(field);
  return std::visit(
      [&](auto* value) -> Status {
        auto scratch = *value;
        QGBM_RETURN_IF_ERROR(ParseValue(spec, text, &scratch));
        if constexpr (std::is_same_v<decltype(scratch), std::string>) {
          if (scratch != *value) {
            return Status::InvalidArgument("parameter '" + std::string(spec.key) + "' holds '" +
                                           *value + "'; use its canonical name '" + scratch + "'");
          }
        }
        return Status::Ok();
      },
      field);
}

class FieldChecker : public ParamVisitor {
 public:
  void Visit(const FieldSpec& spec, FieldRef field) override {
    if (status_.ok()) status_ = CheckField(spec, field);
  }
  const Status& status() const { return status_; }

 private:
  Status status_;
};

Status ValidateIo(const IoParams& io) {
  if (io.predict_raw_score && io.predict_leaf_index) {
    return Status::InvalidArgument(
        "parameters 'predict_raw_score' and 'predict_leaf_index' cannot both be true");
  }
  // Contributions are always raw-score values, so predict_raw_score may accompany them.
  if (io.predict_contrib && io.predict_leaf_index) {
    return Status::InvalidArgument(
        "parameters 'predict_contrib' and 'predict_leaf_index' cannot both be true");
  }
  return Status::Ok();
}

Status ValidateBoosting(const BoostingParams& boosting) {
  const auto& metrics = boosting.metric;
  if (metrics.size() > 1 && std::find(metrics.begin(), metrics.end(), "none") != metrics.end()) {
    return Status::InvalidArgument(
        "parameter 'metric': 'none' cannot be combined with other metrics");
  }
  return Status::Ok();
}

// eval_at items are integers >= 1 and label_gain items finite numbers; the metrics and objectives
// parse them again, but a bad item is caught here with the parameter's name before any data load.
Status ValidateRanking(const RankingParams& ranking) {
  for (const std::string& item : ranking.eval_at) {
    int k = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), k);
    if (ec != std::errc() || end != item.data() + item.size() || k < 1) {
      return Status::InvalidArgument("parameter 'eval_at' expects integers >= 1, got '" + item +
                                     "'");
    }
  }
  if (ranking.eval_at.empty()) {
    return Status::InvalidArgument("parameter 'eval_at' needs at least one cut-off");
  }
  for (const std::string& item : ranking.label_gain) {
    double gain = 0.0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), gain);
    if (ec != std::errc() || end != item.data() + item.size() || !std::isfinite(gain)) {
      return Status::InvalidArgument("parameter 'label_gain' expects numbers, got '" + item + "'");
    }
  }
  return Status::Ok();
}

bool IsMulticlassObjective(const std::string& objective) {
  return objective == "multiclass" || objective == "multiclassova";
}

bool IsMulticlassMetric(const std::string& metric) {
  return metric == "multi_logloss" || metric == "multi_error" || metric == "auc_mu";
}

// LightGBM's rules: multiclass objectives need num_class > 1, every other objective num_class 1
// (when training), and a multiclass objective takes multiclass metrics only, and vice versa.
Status ValidateClasses(const Params& params) {
  const BoostingParams& b = params.boosting;
  // A custom objective (objective=none) has as many outputs as num_class says.
  const bool custom = b.objective == "none";
  const bool multiclass = IsMulticlassObjective(b.objective) || (custom && b.num_class > 1);
  if (multiclass && !custom && b.num_class <= 1) {
    return Status::InvalidArgument("objective '" + b.objective +
                                   "' needs parameter 'num_class' > 1 (the number of classes)");
  }
  if (!multiclass && !custom && params.io.task == "train" && b.num_class != 1) {
    return Status::InvalidArgument("parameter 'num_class' must be 1 for objective '" + b.objective +
                                   "' (only multiclass objectives have classes)");
  }
  for (const std::string& metric : b.metric) {
    if (metric != "none" && IsMulticlassMetric(metric) != multiclass) {
      return Status::InvalidArgument("metric '" + metric + "' does not fit objective '" +
                                     b.objective + "': multiclass objectives and metrics go " +
                                     "together");
    }
  }
  return Status::Ok();
}

Status ValidateSystem(const SystemParams& system) {
  if (system.force_row_wise && system.force_col_wise) {
    return Status::InvalidArgument(
        "parameters 'force_row_wise' and 'force_col_wise' cannot both be true");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateParams(const Params& params) {
  Params copy = params;  // visitors take mutable fields; checking must not touch the caller's
  FieldChecker checker;
  copy.VisitFields(checker);
  QGBM_RETURN_IF_ERROR(checker.status());
  QGBM_RETURN_IF_ERROR(ValidateIo(params.io));
  QGBM_RETURN_IF_ERROR(ValidateBoosting(params.boosting));
  QGBM_RETURN_IF_ERROR(ValidateTreeConstraints(params.tree));
  QGBM_RETURN_IF_ERROR(ValidateRanking(params.ranking));
  QGBM_RETURN_IF_ERROR(ValidateClasses(params));
  return ValidateSystem(params.system);
}

}  // namespace qgbm
