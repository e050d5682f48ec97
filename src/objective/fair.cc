#include "objective/fair.h"

#include <cmath>

#include "objective/label_checks.h"
#include "objective/label_sums.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {

Status Fair::CheckLabels(const LabelView& data) const {
  return CheckLabelRule(data, name(), LabelRule::kFinite);
}

std::vector<double> Fair::InitScores(const LabelView& data) const {
  return {WeightedLabelMean(data.labels, data.weights)};
}

void Fair::ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                            std::span<float> grad, std::span<float> hess) const {
  const double c = c_;
  ComputePointwiseGradients(scores, data, threads, grad, hess, [c](double score, double label) {
    const double x = score - label, denominator = std::fabs(x) + c;
    return GradHess{c * x / denominator, c * c / (denominator * denominator)};
  });
}

}  // namespace qgbm
