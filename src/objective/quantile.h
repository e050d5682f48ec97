// quantile: the pinball loss of level alpha in (0, 1): alpha (label - score) above the label's
// side, (1 - alpha) (score - label) below. Gradient 1 - alpha when score >= label, else -alpha;
// hessian 1 (times weight). Starts from the alpha percentile of the labels and renews each leaf to
// the alpha percentile of its residuals, as LightGBM does. alpha is held as a float, like
// LightGBM's, so percentile positions round the same way.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class Quantile final : public Objective {
 public:
  explicit Quantile(double alpha) : alpha_(static_cast<float>(alpha)) {}
  std::string name() const override { return "quantile"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool weighted) const override { return !weighted; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "quantile"; }
  bool RenewsLeafOutput() const override { return true; }
  double RenewLeafOutput(std::span<const int32_t> rows, std::span<const double> scores,
                         const LabelView& data) const override;

 private:
  float alpha_;
};

}  // namespace qgbm
