// mape: mean absolute percentage error, loss |score - label| / max(1, |label|). LightGBM's
// formulas: each row carries the label weight 1 / max(1, |label|) (times its weight); gradient
// sign(score - label) times that label weight, hessian 1 (times weight). Starts from the label
// median weighted by the label weights, and renews each leaf to the same weighted median of its
// residuals.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class Mape final : public Objective {
 public:
  std::string name() const override { return "mape"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool weighted) const override { return !weighted; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "mape"; }
  bool RenewsLeafOutput() const override { return true; }
  double RenewLeafOutput(std::span<const int32_t> rows, std::span<const double> scores,
                         const LabelView& data) const override;
};

}  // namespace qgbm
