// regression_l1: loss |score - label|. Gradient sign(score - label), hessian 1 (times weight);
// starts from the (weighted) label median and renews each leaf to the (weighted) median of its
// residuals, as LightGBM does.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class RegressionL1 final : public Objective {
 public:
  std::string name() const override { return "regression_l1"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool weighted) const override { return !weighted; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "l1"; }
  bool RenewsLeafOutput() const override { return true; }
  double RenewLeafOutput(std::span<const int32_t> rows, std::span<const double> scores,
                         const LabelView& data) const override;
};

}  // namespace qgbm
