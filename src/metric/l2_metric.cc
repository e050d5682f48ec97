#include "metric/l2_metric.h"

#include "metric/pointwise_sum.h"

namespace qgbm {

double L2Metric::Evaluate(std::span<const double> predictions, const LabelView& data,
                          int threads) const {
  const WeightedSum sum = SumPointwise(predictions, data, threads,
                                       [](double p, double y) { return (p - y) * (p - y); });
  return sum.loss / sum.weight;
}

}  // namespace qgbm
