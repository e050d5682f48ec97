#include "metric/multiclass_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "common/check.h"
#include "metric/pointwise_sum.h"

namespace qgbm {
namespace {

constexpr double kEpsilon = 1e-15f;  // LightGBM's clamp (a float literal there too)

// K, after checking that the predictions hold K >= 1 values for every row.
size_t NumClasses(std::span<const double> predictions, const LabelView& data) {
  const auto rows = static_cast<size_t>(data.num_rows());
  QGBM_CHECK(rows > 0 && predictions.size() % rows == 0 && predictions.size() >= rows)
      << predictions.size() << " predictions for " << rows << " labels";
  QGBM_CHECK(data.weights.empty() || data.weights.size() == rows)
      << data.weights.size() << " weights for " << rows << " labels";
  return predictions.size() / rows;
}

}  // namespace

double MultiLoglossMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                                    int threads) const {
  if (data.num_rows() == 0) return NAN;
  const size_t k_count = NumClasses(predictions, data);
  const auto rows = static_cast<size_t>(data.num_rows());
  const WeightedSum sum = SumRows(data, threads, [&](size_t r) {
    const auto label = static_cast<size_t>(data.labels[r]);
    QGBM_CHECK(label < k_count) << "label " << data.labels[r] << " of row " << r;
    return -std::log(std::max(predictions[label * rows + r], kEpsilon));
  });
  return sum.loss / sum.weight;
}

double MultiErrorMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                                  int threads) const {
  if (data.num_rows() == 0) return NAN;
  const size_t k_count = NumClasses(predictions, data);
  const auto rows = static_cast<size_t>(data.num_rows());
  const WeightedSum sum = SumRows(data, threads, [&](size_t r) {
    const auto label = static_cast<size_t>(data.labels[r]);
    QGBM_CHECK(label < k_count) << "label " << data.labels[r] << " of row " << r;
    const double truth = predictions[label * rows + r];
    int at_least = 0;  // classes scoring >= the true class, the true class included
    for (size_t k = 0; k < k_count; ++k) at_least += predictions[k * rows + r] >= truth ? 1 : 0;
    return at_least > top_k_ ? 1.0 : 0.0;
  });
  return sum.loss / sum.weight;
}

}  // namespace qgbm
