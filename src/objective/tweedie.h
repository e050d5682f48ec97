// tweedie: log-link regression for non-negative amounts with many zeros (compound Poisson-gamma),
// variance power rho in [1, 2). With raw score s the prediction is exp(s); LightGBM's formulas:
//   gradient  -label exp((1 - rho) s) + exp((2 - rho) s)
//   hessian   -label (1 - rho) exp((1 - rho) s) + (2 - rho) exp((2 - rho) s)   (times weight).
// Labels must be >= 0 with a positive sum; the initial score is log of the weighted label mean.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class Tweedie final : public Objective {
 public:
  explicit Tweedie(double variance_power) : rho_(variance_power) {}
  std::string name() const override { return "tweedie"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kExponential; }
  std::string default_metric() const override { return "tweedie"; }

 private:
  double rho_;
};

}  // namespace qgbm
