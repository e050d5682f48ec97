// fair: the Fair loss c² (|x| / c - log(1 + |x| / c)) of the residual x = score - label, quadratic
// near 0 and linear far out. Gradient c x / (|x| + c), hessian c² / (|x| + c)² (times weight),
// LightGBM's formulas with c = fair_c. Starts from the weighted label mean, as LightGBM's.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class Fair final : public Objective {
 public:
  explicit Fair(double c) : c_(c) {}
  std::string name() const override { return "fair"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "fair"; }

 private:
  double c_;
};

}  // namespace qgbm
