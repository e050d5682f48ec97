// objective=none (alias custom): the caller computes gradients and hessians (a custom objective
// in Python) and hands them to the trainer each iteration. Nothing here computes any: scores
// start at 0, stay raw (no transform), and there is no default metric.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "objective/objective.h"

namespace qgbm {

class CustomObjective final : public Objective {
 public:
  explicit CustomObjective(int num_outputs) : num_outputs_(num_outputs) {}
  std::string name() const override { return std::string(kCustomObjectiveName); }
  int num_outputs() const override { return num_outputs_; }
  Status CheckLabels(const LabelView& /*data*/) const override { return Status::Ok(); }
  std::vector<double> InitScores(const LabelView& /*data*/) const override {
    return std::vector<double>(static_cast<size_t>(num_outputs_), 0.0);
  }
  // Never called: the trainer takes the caller's gradients instead.
  void ComputeGradients(std::span<const double> /*scores*/, const LabelView& /*data*/,
                        int /*threads*/, std::span<float> grad,
                        std::span<float> hess) const override {
    std::fill(grad.begin(), grad.end(), 0.0f);
    std::fill(hess.begin(), hess.end(), 0.0f);
  }
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "none"; }

 private:
  int num_outputs_;
};

}  // namespace qgbm
