// L2 regression: loss (score - label)^2 / 2, gradient score - label, hessian 1 (times weight).
#pragma once

#include "objective/objective.h"

namespace qgbm {

class SquaredError final : public Objective {
 public:
  std::string name() const override { return "regression"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool weighted) const override { return !weighted; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "l2"; }
};

}  // namespace qgbm
