// Regression metrics robust to outliers or relative in scale, each LightGBM's weighted mean
// Σ w loss(p, y) / Σ w over predictions p and labels y:
//   quantile  alpha (y - p) when y >= p, (alpha - 1) (y - p) otherwise (the pinball loss)
//   huber     (p - y)² / 2 when |p - y| <= alpha, else alpha (|p - y| - alpha / 2)
//   mape      |y - p| / max(1, |y|)
//   fair      c |p - y| - c² log(1 + |p - y| / c), c = fair_c
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class QuantileMetric final : public Metric {
 public:
  explicit QuantileMetric(double alpha) : alpha_(alpha) {}
  std::string name() const override { return "quantile"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;

 private:
  double alpha_;
};

class HuberMetric final : public Metric {
 public:
  explicit HuberMetric(double alpha) : alpha_(alpha) {}
  std::string name() const override { return "huber"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;

 private:
  double alpha_;
};

class FairMetric final : public Metric {
 public:
  explicit FairMetric(double c) : c_(c) {}
  std::string name() const override { return "fair"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;

 private:
  double c_;
};

class MapeMetric final : public Metric {
 public:
  std::string name() const override { return "mape"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

}  // namespace qgbm
