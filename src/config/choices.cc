#include "config/choices.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace qgbm {
namespace {

constexpr std::string_view kNotYet = "is not supported yet";

}  // namespace

const ChoiceList& TaskChoices() {
  static const ChoiceList kList = {
      {"train", {"training"}, ""},
      {"predict", {"prediction", "test"}, ""},
      {"dump", {"dump_model"}, ""},
      {"importance", {"feature_importance"}, ""},
  };
  return kList;
}

const ChoiceList& BoostingChoices() {
  static const ChoiceList kList = {
      {"gbdt", {"gbrt"}, ""},
      {"rf", {"random_forest"}, kNotYet},
      {"dart", {}, kNotYet},
      // LightGBM 4 reads boosting=goss as data_sample_strategy=goss (plain gradient boosting).
      {"goss", {}, ""},
  };
  return kList;
}

const ChoiceList& DataSampleStrategyChoices() {
  static const ChoiceList kList = {
      {"bagging", {}, ""},
      {"goss", {}, ""},
  };
  return kList;
}

// The one list of objectives; LightGBM's names, so configs carry over unchanged.
const ChoiceList& ObjectiveChoices() {
  static const ChoiceList kList = {
      {"regression",
       {"regression_l2", "l2", "mean_squared_error", "mse", "l2_root", "root_mean_squared_error",
        "rmse"},
       ""},
      {"binary", {}, ""},
      {"regression_l1", {"l1", "mean_absolute_error", "mae"}, ""},
      {"huber", {}, ""},
      {"fair", {}, ""},
      {"poisson", {}, ""},
      {"quantile", {}, ""},
      {"mape", {"mean_absolute_percentage_error"}, ""},
      {"gamma", {}, ""},
      {"tweedie", {}, ""},
      {"multiclass", {"softmax"}, ""},
      {"multiclassova", {"multiclass_ova", "ova", "ovr"}, ""},
      {"cross_entropy", {"xentropy"}, ""},
      {"cross_entropy_lambda", {"xentlambda"}, kNotYet},
      {"lambdarank", {}, ""},
      {"rank_xendcg", {"xendcg", "xe_ndcg", "xe_ndcg_mart", "xendcg_mart"}, ""},
      // The caller supplies gradients (C API, Python custom objectives).
      {"none", {"custom", "null", "na"}, ""},
  };
  return kList;
}

const ChoiceList& TreeLearnerChoices() {
  static const ChoiceList kList = {
      {"serial", {"serial_tree_learner"}, ""},
      {"data", {"data_parallel", "data_parallel_tree_learner"}, ""},
      {"feature", {"feature_parallel", "feature_parallel_tree_learner"}, kNotYet},
      {"voting", {"voting_parallel", "voting_parallel_tree_learner"}, kNotYet},
  };
  return kList;
}

const ChoiceList& DeviceChoices() {
  // LightGBM's "gpu" (OpenCL) has no qgbm counterpart; the request maps to the CUDA backend.
  static const ChoiceList kList = {
      {"cpu", {}, ""},
      {"cuda", {"gpu"}, "is unavailable: qgbm was not built with CUDA"},
  };
  return kList;
}

// XGBoost's names; lossguide is LightGBM's leaf-wise growth.
const ChoiceList& GrowPolicyChoices() {
  static const ChoiceList kList = {
      {"lossguide", {"leafwise", "leaf_wise"}, ""},
      {"depthwise", {"depth_wise", "levelwise"}, ""},
  };
  return kList;
}

const ChoiceList& MonotoneMethodChoices() {
  static const ChoiceList kList = {
      {"basic", {}, ""},
      {"intermediate", {}, kNotYet},
      {"advanced", {}, kNotYet},
  };
  return kList;
}

const ChoiceList& ModelFormatChoices() {
  static const ChoiceList kList = {
      {"json", {}, ""},
      {"cbor", {}, ""},
  };
  return kList;
}

std::string CanonicalMetricName(std::string_view name) {
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kAliases = {
      {"none", {"na", "null", "custom"}},
      {"l2", {"mse", "mean_squared_error", "regression_l2", "regression"}},
      {"rmse", {"root_mean_squared_error", "l2_root"}},
      {"l1", {"mae", "mean_absolute_error", "regression_l1"}},
      {"binary_logloss", {"binary"}},
      {"mape", {"mean_absolute_percentage_error"}},
      {"multi_logloss", {"multiclass", "softmax", "multiclassova", "multiclass_ova", "ova", "ovr"}},
      {"cross_entropy", {"xentropy"}},
      {"cross_entropy_lambda", {"xentlambda"}},
      {"kullback_leibler", {"kldiv"}},
      {"ndcg", {"lambdarank", "rank_xendcg", "xendcg", "xe_ndcg", "xe_ndcg_mart", "xendcg_mart"}},
      {"map", {"mean_average_precision"}},
      {"auc", {}},
      {"binary_error", {}},
      {"average_precision", {}},
      {"multi_error", {}},
      {"auc_mu", {}},
      {"huber", {}},
      {"fair", {}},
      {"poisson", {}},
      {"quantile", {}},
      {"gamma", {}},
      {"gamma_deviance", {}},
      {"tweedie", {}},
  };
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [canonical, aliases] : kAliases) {
    if (lower == canonical || std::find(aliases.begin(), aliases.end(), lower) != aliases.end()) {
      return std::string(canonical);
    }
  }
  return std::string(name);
}

}  // namespace qgbm
