#include "objective/regression_l1.h"

#include "objective/label_checks.h"
#include "objective/percentile.h"
#include "objective/pointwise_gradients.h"

namespace qgbm {
namespace {

constexpr double kMedian = 0.5;

}  // namespace

Status RegressionL1::CheckLabels(const LabelView& data) const {
  return CheckLabelRule(data, name(), LabelRule::kFinite);
}

std::vector<double> RegressionL1::InitScores(const LabelView& data) const {
  return {LabelPercentile(data, kMedian)};
}

void RegressionL1::ComputeGradients(std::span<const double> scores, const LabelView& data,
                                    int threads, std::span<float> grad,
                                    std::span<float> hess) const {
  ComputePointwiseGradients(scores, data, threads, grad, hess, [](double score, double label) {
    const double diff = score - label;
    return GradHess{diff > 0.0 ? 1.0 : (diff < 0.0 ? -1.0 : 0.0), 1.0};
  });
}

double RegressionL1::RenewLeafOutput(std::span<const int32_t> rows, std::span<const double> scores,
                                     const LabelView& data) const {
  return ResidualPercentile(rows, scores, data, kMedian);
}

}  // namespace qgbm
