#include "objective/mape.h"

#include <algorithm>
#include <cmath>

#include "objective/label_checks.h"
#include "objective/percentile.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {
namespace {

constexpr double kMedian = 0.5;

// 1 / max(1, |label|), times the row's weight; computed in float like LightGBM's label_weight_.
float LabelWeight(const LabelView& data, size_t row) {
  const float w = 1.0f / std::max(1.0f, std::fabs(data.labels[row]));
  return data.weighted() ? w * data.weights[row] : w;
}

}  // namespace

Status Mape::CheckLabels(const LabelView& data) const {
  return CheckLabelRule(data, name(), LabelRule::kFinite);
}

std::vector<double> Mape::InitScores(const LabelView& data) const {
  std::vector<double> labels(data.labels.begin(), data.labels.end());
  std::vector<float> weights(labels.size());
  for (size_t r = 0; r < labels.size(); ++r) weights[r] = LabelWeight(data, r);
  return {static_cast<double>(static_cast<float>(WeightedPercentile(labels, weights, kMedian)))};
}

void Mape::ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                            std::span<float> grad, std::span<float> hess) const {
  // The weight is inside the label weight for the gradient and plain for the hessian, so the
  // shared pointwise loop (which multiplies both by the weight) does not fit.
  const int64_t n = data.num_rows();
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (auto r = static_cast<size_t>(range.begin); r < static_cast<size_t>(range.end); ++r) {
      const double diff = scores[r] - static_cast<double>(data.labels[r]);
      const double sign = diff > 0.0 ? 1.0 : (diff < 0.0 ? -1.0 : 0.0);
      grad[r] = static_cast<float>(sign * static_cast<double>(LabelWeight(data, r)));
      hess[r] = data.weighted() ? data.weights[r] : 1.0f;
    }
  });
}

double Mape::RenewLeafOutput(std::span<const int32_t> rows, std::span<const double> scores,
                             const LabelView& data) const {
  std::vector<double> residuals(rows.size());
  std::vector<float> weights(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<size_t>(rows[i]);
    residuals[i] = static_cast<double>(data.labels[r]) - scores[r];
    weights[i] = LabelWeight(data, r);
  }
  return WeightedPercentile(residuals, weights, kMedian);
}

}  // namespace qgbm
