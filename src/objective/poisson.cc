#include "objective/poisson.h"

#include <cmath>

#include "objective/label_checks.h"
#include "objective/label_sums.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {

Status Poisson::CheckLabels(const LabelView& data) const {
  QGBM_RETURN_IF_ERROR(CheckLabelRule(data, name(), LabelRule::kNonNegative));
  return CheckLabelSumPositive(data, name());
}

std::vector<double> Poisson::InitScores(const LabelView& data) const {
  return {LogOfWeightedLabelMean(data.labels, data.weights)};
}

void Poisson::ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                               std::span<float> grad, std::span<float> hess) const {
  const double max_delta_step = max_delta_step_;
  ComputePointwiseGradients(scores, data, threads, grad, hess, [=](double score, double label) {
    return GradHess{std::exp(score) - label, std::exp(score + max_delta_step)};
  });
}

}  // namespace qgbm
