// l2: weighted mean squared error, Σ w (p - y)² / Σ w (LightGBM "l2").
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class L2Metric final : public Metric {
 public:
  std::string name() const override { return "l2"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

}  // namespace qgbm
