// binary_error: weighted share of misclassified rows, Σ w [(p > 0.5) != (y > 0)] / Σ w. As in
// LightGBM, p <= 0.5 predicts class 0 and a label counts as positive when it is > 0.
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class BinaryErrorMetric final : public Metric {
 public:
  std::string name() const override { return "binary_error"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

}  // namespace qgbm
