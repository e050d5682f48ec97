// Metrics of multiclass models. Predictions are output-major: K values per row, the value of
// class k for row r at predictions[k * rows + r], K = predictions.size() / rows; they are the
// model's probabilities (softmax, or one unnormalised sigmoid per class for multiclassova).
//
// multi_logloss: Σ w · −log(max(p[label], 1e-15)) / Σ w (LightGBM clamps with its kEpsilon).
// multi_error:   Σ w · [more than top_k classes score >= the true class's score] / Σ w.
//   The true class counts itself, so with top_k = 1 a tie with another class is an error, as in
//   LightGBM. Named "multi_error@k" when top_k > 1, as LightGBM reports it.
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class MultiLoglossMetric final : public Metric {
 public:
  std::string name() const override { return "multi_logloss"; }
  bool higher_is_better() const override { return false; }
  bool multiclass() const override { return true; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

class MultiErrorMetric final : public Metric {
 public:
  explicit MultiErrorMetric(int top_k) : top_k_(top_k) {}
  std::string name() const override {
    return top_k_ == 1 ? "multi_error" : "multi_error@" + std::to_string(top_k_);
  }
  bool higher_is_better() const override { return false; }
  bool multiclass() const override { return true; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;

 private:
  int top_k_;
};

}  // namespace qgbm
