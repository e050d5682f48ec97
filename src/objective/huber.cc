#include "objective/huber.h"

#include <cmath>

#include "objective/label_checks.h"
#include "objective/label_sums.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {

Status Huber::CheckLabels(const LabelView& data) const {
  return CheckLabelRule(data, name(), LabelRule::kFinite);
}

std::vector<double> Huber::InitScores(const LabelView& data) const {
  return {WeightedLabelMean(data.labels, data.weights)};
}

void Huber::ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                             std::span<float> grad, std::span<float> hess) const {
  const double alpha = alpha_;
  ComputePointwiseGradients(scores, data, threads, grad, hess, [alpha](double score, double label) {
    const double diff = score - label;
    return GradHess{std::fabs(diff) <= alpha ? diff : std::copysign(alpha, diff), 1.0};
  });
}

}  // namespace qgbm
