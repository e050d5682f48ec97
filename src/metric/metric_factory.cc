// CreateMetric: the one table of metric names and aliases (LightGBM's spellings).
#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metric/auc_metric.h"
#include "metric/average_precision_metric.h"
#include "metric/binary_error_metric.h"
#include "metric/binary_logloss_metric.h"
#include "metric/cross_entropy_metric.h"
#include "metric/l1_metric.h"
#include "metric/l2_metric.h"
#include "metric/log_link_metrics.h"
#include "metric/metric.h"
#include "metric/multiclass_metrics.h"
#include "metric/rmse_metric.h"
#include "metric/robust_regression_metrics.h"

namespace qgbm {
namespace {

struct MetricEntry {
  std::string_view name;
  std::vector<std::string_view> aliases;
  std::function<std::unique_ptr<Metric>(const MetricOptions&)> make;
};

template <class T>
std::unique_ptr<Metric> Make(const MetricOptions& /*options*/) {
  return std::make_unique<T>();
}

template <class T>
std::unique_ptr<Metric> Ptr(double parameter) {
  return std::make_unique<T>(parameter);
}

std::unique_ptr<Metric> MakeMultiError(const MetricOptions& options) {
  return std::make_unique<MultiErrorMetric>(options.multi_error_top_k);
}

const std::vector<MetricEntry>& MetricTable() {
  static const std::vector<MetricEntry> kTable = {
      {"l2", {"mse", "mean_squared_error", "regression_l2", "regression"}, Make<L2Metric>},
      {"rmse", {"root_mean_squared_error", "l2_root"}, Make<RmseMetric>},
      {"l1", {"mae", "mean_absolute_error", "regression_l1"}, Make<L1Metric>},
      {"auc", {}, Make<AucMetric>},
      {"binary_logloss", {"binary"}, Make<BinaryLoglossMetric>},
      {"binary_error", {}, Make<BinaryErrorMetric>},
      {"average_precision", {}, Make<AveragePrecisionMetric>},
      {"cross_entropy", {"xentropy"}, Make<CrossEntropyMetric>},
      {"quantile", {}, [](const MetricOptions& o) { return Ptr<QuantileMetric>(o.alpha); }},
      {"huber", {}, [](const MetricOptions& o) { return Ptr<HuberMetric>(o.alpha); }},
      {"mape", {"mean_absolute_percentage_error"}, Make<MapeMetric>},
      {"fair", {}, [](const MetricOptions& o) { return Ptr<FairMetric>(o.fair_c); }},
      {"poisson", {}, Make<PoissonMetric>},
      {"gamma", {}, Make<GammaMetric>},
      {"gamma_deviance", {}, Make<GammaDevianceMetric>},
      {"tweedie",
       {},
       [](const MetricOptions& o) { return Ptr<TweedieMetric>(o.tweedie_variance_power); }},
      {"multi_logloss",
       {"multiclass", "softmax", "multiclassova", "multiclass_ova", "ova", "ovr"},
       Make<MultiLoglossMetric>},
      {"multi_error", {}, MakeMultiError},
  };
  return kTable;
}

std::string ValidNames() {
  std::string out;
  for (const MetricEntry& e : MetricTable()) {
    if (!out.empty()) out += ", ";
    out += e.name;
    for (size_t i = 0; i < e.aliases.size(); ++i) {
      out += (i == 0 ? " (" : ", ") + std::string(e.aliases[i]);
    }
    if (!e.aliases.empty()) out += ")";
  }
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<Metric>> CreateMetric(const std::string& name,
                                               const MetricOptions& options) {
  std::string key = name;  // names match case-insensitively, like LightGBM's parameter values
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const MetricEntry& e : MetricTable()) {
    if (e.name == key || std::find(e.aliases.begin(), e.aliases.end(), key) != e.aliases.end()) {
      return e.make(options);
    }
  }
  return Status::InvalidArgument("unknown metric '" + name + "'; valid metrics: " + ValidNames());
}

}  // namespace qgbm
