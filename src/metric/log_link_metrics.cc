#include "metric/log_link_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "metric/pointwise_sum.h"

namespace qgbm {
namespace {

double SafeLog(double x) {
  return x > 0.0 ? std::log(x) : -std::numeric_limits<double>::infinity();
}

constexpr double kPredictionFloor = 1e-10;

}  // namespace

Status CheckPositiveLabels(const LabelView& data, const std::string& metric) {
  for (size_t i = 0; i < data.labels.size(); ++i) {
    if (!(data.labels[i] > 0.0f)) {
      return Status::DataError("metric '" + metric + "' needs labels > 0, but row " +
                               std::to_string(i) + " has label " + std::to_string(data.labels[i]));
    }
  }
  return Status::Ok();
}

double PoissonMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                               int threads) const {
  const WeightedSum sum = SumPointwise(predictions, data, threads, [](double p, double y) {
    const double q = std::max(p, kPredictionFloor);
    return q - y * std::log(q);
  });
  return sum.loss / sum.weight;
}

double GammaMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                             int threads) const {
  const WeightedSum sum = SumPointwise(predictions, data, threads, [](double p, double y) {
    const double theta = -1.0 / p;
    const double b = -SafeLog(-theta);
    const double c = SafeLog(y) - SafeLog(y);
    return -((y * theta - b) + c);
  });
  return sum.loss / sum.weight;
}

Status GammaMetric::CheckData(const LabelView& data) const {
  return CheckPositiveLabels(data, name());
}

double GammaDevianceMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                                     int threads) const {
  const WeightedSum sum = SumPointwise(predictions, data, threads, [](double p, double y) {
    const double ratio = y / (p + 1e-9);
    return ratio - SafeLog(ratio) - 1.0;
  });
  return 2.0 * sum.loss;
}

Status GammaDevianceMetric::CheckData(const LabelView& data) const {
  return CheckPositiveLabels(data, name());
}

double TweedieMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                               int threads) const {
  const double rho = rho_;
  const WeightedSum sum = SumPointwise(predictions, data, threads, [rho](double p, double y) {
    const double log_p = std::log(std::max(p, kPredictionFloor));
    if (rho == 1.0) return std::exp(log_p) - y * log_p;  // the finite part of the limit
    const double a = y * std::exp((1.0 - rho) * log_p) / (1.0 - rho);
    const double b = std::exp((2.0 - rho) * log_p) / (2.0 - rho);
    return -a + b;
  });
  return sum.loss / sum.weight;
}

}  // namespace qgbm
