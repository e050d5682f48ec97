// Multiclass one-vs-all (LightGBM's "multiclassova"): K independent binary logloss problems,
// class k's positives being the rows labelled k. Output k's probability is
// 1 / (1 + exp(-sigmoid * score_k)); the K probabilities are not normalised (as in LightGBM).
// Gradients, hessians and initial scores are those of the binary objective for each class.
#pragma once

#include <array>
#include <vector>

#include "objective/class_weighting.h"
#include "objective/objective.h"

namespace qgbm {

class MulticlassOva final : public Objective {
 public:
  MulticlassOva(int num_class, double sigmoid, ClassWeighting weighting = {})
      : num_class_(num_class), sigmoid_(sigmoid), weighting_(weighting) {}
  std::string name() const override { return "multiclassova"; }
  int num_outputs() const override { return num_class_; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& data) const override;
  std::vector<bool> OutputsToTrain(const LabelView& data) const override;
  // Class k's weights (is_unbalance, scale_pos_weight) from its own binary problem.
  void SetUp(const LabelView& global_data) override;
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kSigmoid; }
  double sigmoid() const override { return sigmoid_; }
  std::string default_metric() const override { return "multi_logloss"; }

 private:
  int num_class_;
  double sigmoid_;
  ClassWeighting weighting_;
  std::vector<std::array<float, 2>> label_weights_;  // per class: negative, positive (SetUp)
};

}  // namespace qgbm
