// gamma: log-link regression of positive amounts (deviance of the gamma distribution). With raw
// score s the prediction is exp(s); gradient 1 - label exp(-s), hessian label exp(-s) (times
// weight). Labels must be > 0: LightGBM's gamma objective refuses negative labels and its gamma
// metrics (the default) refuse zero. The initial score is log of the weighted label mean.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class Gamma final : public Objective {
 public:
  std::string name() const override { return "gamma"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kExponential; }
  std::string default_metric() const override { return "gamma"; }
};

}  // namespace qgbm
