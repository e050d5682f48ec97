#include "metric/l1_metric.h"

#include <cmath>

#include "metric/pointwise_sum.h"

namespace qgbm {

double L1Metric::Evaluate(std::span<const double> predictions, const LabelView& data,
                          int threads) const {
  const WeightedSum sum =
      SumPointwise(predictions, data, threads, [](double p, double y) { return std::fabs(p - y); });
  return sum.loss / sum.weight;
}

}  // namespace qgbm
