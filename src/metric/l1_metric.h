// l1: weighted mean absolute error, Σ w |p - y| / Σ w (LightGBM "l1").
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class L1Metric final : public Metric {
 public:
  std::string name() const override { return "l1"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

}  // namespace qgbm
