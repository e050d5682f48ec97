// huber: loss (score - label)^2 / 2 while |score - label| <= alpha, linear beyond. Gradient the
// difference clipped to [-alpha, alpha], hessian 1 (times weight), as LightGBM's. Starts from the
// weighted label mean (LightGBM's choice; no leaf renewal).
#pragma once

#include "objective/objective.h"

namespace qgbm {

class Huber final : public Objective {
 public:
  explicit Huber(double alpha) : alpha_(alpha) {}
  std::string name() const override { return "huber"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool weighted) const override { return !weighted; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "huber"; }

 private:
  double alpha_;
};

}  // namespace qgbm
