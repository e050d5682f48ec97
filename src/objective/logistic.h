// Binary logloss with labels in {0, 1}; raw score s maps to probability 1 / (1 + exp(-sigmoid*s)).
#pragma once

#include <array>

#include "objective/class_weighting.h"
#include "objective/objective.h"

namespace qgbm {

class Logistic final : public Objective {
 public:
  explicit Logistic(double sigmoid, ClassWeighting weighting = {})
      : sigmoid_(sigmoid), weighting_(weighting) {}
  std::string name() const override { return "binary"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  void SetUp(const LabelView& global_data) override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kSigmoid; }
  double sigmoid() const override { return sigmoid_; }
  std::string default_metric() const override { return "binary_logloss"; }

 private:
  double sigmoid_;
  ClassWeighting weighting_;
  std::array<float, 2> label_weights_ = {1.0f, 1.0f};  // negative, positive (SetUp)
};

}  // namespace qgbm
