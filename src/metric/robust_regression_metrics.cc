#include "metric/robust_regression_metrics.h"

#include <algorithm>
#include <cmath>

#include "metric/pointwise_sum.h"

namespace qgbm {

double QuantileMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                                int threads) const {
  const double alpha = alpha_;
  const WeightedSum sum = SumPointwise(predictions, data, threads, [alpha](double p, double y) {
    const double delta = y - p;
    return delta < 0.0 ? (alpha - 1.0) * delta : alpha * delta;
  });
  return sum.loss / sum.weight;
}

double HuberMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                             int threads) const {
  const double alpha = alpha_;
  const WeightedSum sum = SumPointwise(predictions, data, threads, [alpha](double p, double y) {
    const double diff = p - y;
    return std::fabs(diff) <= alpha ? 0.5 * diff * diff : alpha * (std::fabs(diff) - 0.5 * alpha);
  });
  return sum.loss / sum.weight;
}

double FairMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                            int threads) const {
  const double c = c_;
  const WeightedSum sum = SumPointwise(predictions, data, threads, [c](double p, double y) {
    const double x = std::fabs(p - y);
    return c * x - c * c * std::log1p(x / c);
  });
  return sum.loss / sum.weight;
}

double MapeMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                            int threads) const {
  const WeightedSum sum = SumPointwise(predictions, data, threads, [](double p, double y) {
    return std::fabs(y - p) / std::max(1.0, std::fabs(y));
  });
  return sum.loss / sum.weight;
}

}  // namespace qgbm
