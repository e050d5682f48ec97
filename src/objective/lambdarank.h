// lambdarank: LambdaMART optimising NDCG, LightGBM's LambdarankNDCG (without position bias).
//
// Per query, with documents ordered by descending score (ties in row order), for every pair
// (i, j) with i among the first lambdarank_truncation_level positions, j after it, and different
// labels, where `high` is the document with the larger label and Δs = s_high - s_low:
//   |ΔNDCG| = |gain_high - gain_low| · |discount(pos_high) - discount(pos_low)| / maxDCG@T
//             (divided by 0.01 + |Δs| when lambdarank_norm and the query's scores are not all
//             equal), T = lambdarank_truncation_level;
//   ρ = 1 / (1 + exp(sigmoid · Δs));
//   λ = -sigmoid · |ΔNDCG| · ρ   (added to high's gradient, subtracted from low's);
//   h = sigmoid² · |ΔNDCG| · ρ(1 - ρ)   (added to both hessians).
// With lambdarank_norm, a query's gradients and hessians are then scaled by
// log2(1 + Σ|2λ|) / Σ|2λ|. Rows are weighted by their own weights (see query_gradients.h).
//
// LightGBM reads ρ from a 1M-entry table of the sigmoid; qgbm evaluates it exactly (the two
// differ by less than the table's step, 1e-4 of Δs). Each query writes only its own rows, so
// queries run in parallel with the same result on any thread count.
#pragma once

#include <vector>

#include "objective/objective.h"

namespace qgbm {

class Lambdarank final : public Objective {
 public:
  Lambdarank(double sigmoid, int truncation_level, bool norm, std::vector<double> label_gain)
      : sigmoid_(sigmoid),
        truncation_level_(truncation_level),
        norm_(norm),
        label_gain_(std::move(label_gain)) {}
  std::string name() const override { return "lambdarank"; }
  Status CheckLabels(const LabelView& data) const override;
  // Ranking is invariant to a constant shift: LightGBM starts every score at 0.
  std::vector<double> InitScores(const LabelView& /*data*/) const override { return {0.0}; }
  void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                        std::span<float> grad, std::span<float> hess) const override;
  bool IsConstantHessian(bool /*weighted*/) const override { return false; }
  OutputTransform transform() const override { return OutputTransform::kIdentity; }
  std::string default_metric() const override { return "ndcg"; }

  // One query's gradients (unweighted); `order` and the outputs are sized by the caller.
  void QueryGradients(std::span<const double> scores, std::span<const float> labels,
                      std::vector<int32_t>* order, std::span<double> grad,
                      std::span<double> hess) const;

 private:
  double sigmoid_;
  int truncation_level_;
  bool norm_;
  std::vector<double> label_gain_;
};

}  // namespace qgbm
