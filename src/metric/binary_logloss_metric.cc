#include "metric/binary_logloss_metric.h"

#include <algorithm>
#include <cmath>

#include "metric/pointwise_sum.h"

namespace qgbm {
namespace {

constexpr double kEpsilon = 1e-15;  // LightGBM's clamp for probabilities

}  // namespace

double BinaryLoglossMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                                     int threads) const {
  const WeightedSum sum = SumPointwise(predictions, data, threads, [](double p, double y) {
    return -(y * std::log(std::max(p, kEpsilon)) +
             (1.0 - y) * std::log(std::max(1.0 - p, kEpsilon)));
  });
  return sum.loss / sum.weight;
}

}  // namespace qgbm
