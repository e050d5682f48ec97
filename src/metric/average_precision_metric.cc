#include "metric/average_precision_metric.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "metric/auc_metric.h"
#include "metric/pointwise_sum.h"

namespace qgbm {

double AveragePrecisionMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                                        int threads) const {
  CheckMetricInputs(predictions, data);
  if (std::any_of(predictions.begin(), predictions.end(), [](double p) { return std::isnan(p); })) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::vector<int64_t> order = OrderByScore(predictions, threads);  // ascending
  double positives = 0.0, predicted = 0.0, area = 0.0, total = 0.0;
  for (size_t end = order.size(); end > 0;) {
    const double score = predictions[static_cast<size_t>(order[end - 1])];
    double group_pos = 0.0, group_neg = 0.0;
    for (; end > 0 && predictions[static_cast<size_t>(order[end - 1])] == score; --end) {
      const auto r = static_cast<size_t>(order[end - 1]);
      const double w = data.weighted() ? static_cast<double>(data.weights[r]) : 1.0;
      (data.labels[r] > 0.0f ? group_pos : group_neg) += w;
    }
    positives += group_pos;
    predicted += group_pos + group_neg;
    if (group_pos > 0.0) area += group_pos * (positives / predicted);  // skips 0 / 0
    total += group_pos + group_neg;
  }
  if (positives > 0.0 && positives != total) return area / positives;
  return 1.0;
}

}  // namespace qgbm
