#include "metric/rmse_metric.h"

#include <cmath>

#include "metric/l2_metric.h"

namespace qgbm {

double RmseMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                            int threads) const {
  return std::sqrt(L2Metric().Evaluate(predictions, data, threads));
}

}  // namespace qgbm
