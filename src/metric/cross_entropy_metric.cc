#include "metric/cross_entropy_metric.h"

#include <cmath>
#include <string>

#include "metric/pointwise_sum.h"

namespace qgbm {
namespace {

constexpr double kLogFloor = 1e-12;

double FlooredLog(double x) { return std::log(x > kLogFloor ? x : kLogFloor); }

}  // namespace

double CrossEntropyMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                                    int threads) const {
  const WeightedSum sum = SumPointwise(predictions, data, threads, [](double p, double y) {
    return -(y * FlooredLog(p) + (1.0 - y) * FlooredLog(1.0 - p));
  });
  return sum.loss / sum.weight;
}

Status CrossEntropyMetric::CheckData(const LabelView& data) const {
  for (size_t i = 0; i < data.labels.size(); ++i) {
    const float y = data.labels[i];
    if (!(y >= 0.0f && y <= 1.0f)) {
      return Status::DataError("metric 'cross_entropy' needs labels in [0, 1], but row " +
                               std::to_string(i) + " has label " + std::to_string(y));
    }
  }
  return Status::Ok();
}

}  // namespace qgbm
