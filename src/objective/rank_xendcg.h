// rank_xendcg: the cross-entropy NDCG surrogate of Bruch et al. (XE-NDCG), LightGBM's RankXENDCG.
//
// Per query of n >= 2 documents: ρ = softmax(scores); a target distribution from
// φ_i = 2^label_i - γ_i with γ_i uniform in [0, 1) drawn afresh every iteration; then the
// gradient is the first three terms of the series LightGBM uses (-φ_i/Σφ + ρ_i, plus two
// correction terms) and the hessian ρ_i(1 - ρ_i). Queries of one document get zeros.
//
// γ is keyed by (objective_seed, iteration, row), not drawn from per-query generators as in
// LightGBM, so the model is the same on any thread count and a resumed run draws what an
// uninterrupted one would.
#pragma once

#include <cstdint>
#include <vector>

#include "objective/objective.h"

namespace qgbm {

class RankXendcg final : public Objective {
 public:
  explicit RankXendcg(uint64_t seed) : seed_(seed) {}
  std::string name() const override { return "rank_xendcg"; }
  Status CheckLabels(const LabelView& data) const override;
  std::vector<double> InitScores(const LabelView& /*data*/) const override { return {0.0}; }
  void BeginIteration(int iteration) override { iteration_ = iteration; }
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "ndcg"; }

  // One query's gradients (unweighted); `gamma` holds its rows' uniform draws.
  static void QueryGradients(std::span<const double> scores, std::span<const float> labels,
                             std::span<const double> gamma, std::span<double> grad,
                             std::span<double> hess);

 private:
  uint64_t seed_;
  int iteration_ = 0;
};

}  // namespace qgbm
