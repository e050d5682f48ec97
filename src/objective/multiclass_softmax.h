// Multiclass softmax (LightGBM's "multiclass"): K raw scores per row, p = softmax(scores), loss
// -log p[label]. Gradient of output k: p_k - [label == k]; hessian: K / (K - 1) * p_k (1 - p_k),
// LightGBM's factor that rescales the redundant K-output form to the K - 1 free outputs
// (Friedman's multiclass GBDT). Both times the row weight. Initial score of class k: log of its
// weighted share.
#pragma once

#include "objective/objective.h"

namespace qgbm {

class MulticlassSoftmax final : public Objective {
 public:
  explicit MulticlassSoftmax(int num_class) : num_class_(num_class) {}
  std::string name() const override { return "multiclass"; }
  int num_outputs() const override { return num_class_; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  std::vector<bool> OutputsToTrain(const LabelView& data) const override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kSoftmax; }
  std::string default_metric() const override { return "multi_logloss"; }

 private:
  int num_class_;
};

}  // namespace qgbm
