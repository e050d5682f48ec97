#include "objective/cross_entropy.h"

#include <algorithm>
#include <cmath>

#include "objective/label_checks.h"
#include "objective/label_sums.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {

Status CrossEntropy::CheckLabels(const LabelView& data) const {
  QGBM_RETURN_IF_ERROR(CheckLabelRule(data, name(), LabelRule::kUnitInterval));
  if (!data.weighted()) return Status::Ok();
  double total = 0.0;
  for (const float w : data.weights) total += static_cast<double>(w);
  if (!(total > 0.0)) {
    return Status::DataError("objective 'cross_entropy' needs a positive sum of weights");
  }
  return Status::Ok();
}

std::vector<double> CrossEntropy::InitScores(const LabelView& data) const {
  constexpr double kEpsilon = 1e-15;
  const double p =
      std::clamp(WeightedLabelMean(data.labels, data.weights), kEpsilon, 1.0 - kEpsilon);
  return {std::log(p / (1.0 - p))};
}

void CrossEntropy::ComputeGradients(std::span<const double> scores, const LabelView& data,
                                    int threads, std::span<float> grad,
                                    std::span<float> hess) const {
  ComputePointwiseGradients(scores, data, threads, grad, hess, [](double score, double label) {
    const double p = 1.0 / (1.0 + std::exp(-score));
    return GradHess{p - label, p * (1.0 - p)};
  });
}

}  // namespace qgbm
