#include "metric/binary_error_metric.h"

#include "metric/pointwise_sum.h"

namespace qgbm {

double BinaryErrorMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                                   int threads) const {
  const WeightedSum sum = SumPointwise(predictions, data, threads, [](double p, double y) {
    return (p > 0.5) != (y > 0.0) ? 1.0 : 0.0;
  });
  return sum.loss / sum.weight;
}

}  // namespace qgbm
