#include "objective/tweedie.h"

#include <cmath>

#include "objective/label_checks.h"
#include "objective/label_sums.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {

Status Tweedie::CheckLabels(const LabelView& data) const {
  QGBM_RETURN_IF_ERROR(CheckLabelRule(data, name(), LabelRule::kNonNegative));
  return CheckLabelSumPositive(data, name());
}

std::vector<double> Tweedie::InitScores(const LabelView& data) const {
  return {LogOfWeightedLabelMean(data.labels, data.weights)};
}

void Tweedie::ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                               std::span<float> grad, std::span<float> hess) const {
  const double rho = rho_;
  ComputePointwiseGradients(scores, data, threads, grad, hess, [rho](double score, double label) {
    const double exp1 = std::exp((1.0 - rho) * score), exp2 = std::exp((2.0 - rho) * score);
    return GradHess{-label * exp1 + exp2, -label * (1.0 - rho) * exp1 + (2.0 - rho) * exp2};
  });
}

}  // namespace qgbm
