#include "metric/rmse_metric.h"

#include <cmath>

#include "metric/l2_metric.h"

namespace qgbm {

double RmseMetric::Evaluate(std::span<const double> predictions, std::span<const float> labels,
                            std::span<const float> weights, int threads) const {
  return std::sqrt(L2Metric().Evaluate(predictions, labels, weights, threads));
}

}  // namespace qgbm
