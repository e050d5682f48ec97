#include "objective/quantile.h"

#include "objective/label_checks.h"
#include "objective/percentile.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {

Status Quantile::CheckLabels(const LabelView& data) const {
  return CheckLabelRule(data, name(), LabelRule::kFinite);
}

std::vector<double> Quantile::InitScores(const LabelView& data) const {
  return {LabelPercentile(data, static_cast<double>(alpha_))};
}

void Quantile::ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                                std::span<float> grad, std::span<float> hess) const {
  const double above = static_cast<double>(1.0f - alpha_), below = -static_cast<double>(alpha_);
  ComputePointwiseGradients(scores, data, threads, grad, hess, [&](double score, double label) {
    // LightGBM compares the difference rounded to float.
    const bool at_or_above = static_cast<float>(score - label) >= 0.0f;
    return GradHess{at_or_above ? above : below, 1.0};
  });
}

double Quantile::RenewLeafOutput(std::span<const int32_t> rows, std::span<const double> scores,
                                 const LabelView& data) const {
  return ResidualPercentile(rows, scores, data, static_cast<double>(alpha_));
}

}  // namespace qgbm
