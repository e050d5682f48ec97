#include "objective/gamma.h"

#include <cmath>

#include "objective/label_checks.h"
#include "objective/label_sums.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {

Status Gamma::CheckLabels(const LabelView& data) const {
  return CheckLabelRule(data, name(), LabelRule::kPositive);
}

std::vector<double> Gamma::InitScores(const LabelView& data) const {
  return {LogOfWeightedLabelMean(data.labels, data.weights)};
}

void Gamma::ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                             std::span<float> grad, std::span<float> hess) const {
  ComputePointwiseGradients(scores, data, threads, grad, hess, [](double score, double label) {
    const double ratio = label * std::exp(-score);
    return GradHess{1.0 - ratio, ratio};
  });
}

}  // namespace qgbm
