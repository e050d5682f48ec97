// poisson: log-link count regression. With raw score s the prediction is exp(s) and the loss
// exp(s) - label * s; gradient exp(s) - label, hessian exp(s + poisson_max_delta_step) (times
// weight), LightGBM's formulas: the extra exponent damps the first, largest steps. Labels must be
// >= 0 with a positive sum; the initial score is log of the weighted label mean.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class Poisson final : public Objective {
 public:
  explicit Poisson(double max_delta_step) : max_delta_step_(max_delta_step) {}
  std::string name() const override { return "poisson"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kExponential; }
  std::string default_metric() const override { return "poisson"; }

 private:
  double max_delta_step_;
};

}  // namespace qgbm
