// cross_entropy (xentropy): logistic loss for labels that are probabilities in [0, 1]. With raw
// score s the prediction is p = 1 / (1 + exp(-s)); gradient p - label, hessian p (1 - p) (times
// weight). The initial score is the log-odds of the weighted label mean, clamped to
// [1e-15, 1 - 1e-15] as in LightGBM.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class CrossEntropy final : public Objective {
 public:
  std::string name() const override { return "cross_entropy"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kSigmoid; }
  std::string default_metric() const override { return "cross_entropy"; }
};

}  // namespace qgbm
