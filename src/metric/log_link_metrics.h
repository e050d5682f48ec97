// Metrics of the log-link losses, on the predictions the user sees (exp of the raw score), each
// LightGBM's definition with its guards:
//   poisson         p - y log p, p floored at 1e-10; weighted mean
//   gamma           the negative gamma log-likelihood with unit dispersion, y / p + log p
//                   (computed as LightGBM: -(y θ - b) - c, θ = -1/p, b = -log(-θ),
//                   c = log y - log y); weighted mean; labels must be > 0
//   gamma_deviance  2 Σ w (y / (p + 1e-9) - log(y / (p + 1e-9)) - 1): LightGBM reports the weighted
//                   sum, not the mean; labels must be > 0
//   tweedie         -y p^(1-ρ) / (1-ρ) + p^(2-ρ) / (2-ρ), p floored at 1e-10; weighted mean. At
//                   ρ = 1 LightGBM's formula divides by zero; qgbm reports the limit without its
//                   diverging constant, p - y log p (the poisson metric)
// log of a non-positive number is -inf, as LightGBM's SafeLog.
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class PoissonMetric final : public Metric {
 public:
  std::string name() const override { return "poisson"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

class GammaMetric final : public Metric {
 public:
  std::string name() const override { return "gamma"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
  Status CheckData(const LabelView& data) const override;
};

class GammaDevianceMetric final : public Metric {
 public:
  std::string name() const override { return "gamma_deviance"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
  Status CheckData(const LabelView& data) const override;
};

class TweedieMetric final : public Metric {
 public:
  explicit TweedieMetric(double variance_power) : rho_(variance_power) {}
  std::string name() const override { return "tweedie"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;

 private:
  double rho_;
};

// Shared by the metrics that need labels > 0.
Status CheckPositiveLabels(const LabelView& data, const std::string& metric);

}  // namespace qgbm
