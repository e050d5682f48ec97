// binary_logloss: -Σ w [y log p + (1 - y) log(1 - p)] / Σ w for probabilities p, with p and 1 - p
// floored at 1e-15 so that confident mistakes cost a large but finite amount. That is clamping p to
// [1e-15, 1 - 1e-15], except that in doubles 1 - (1 - 1e-15) is 1.11e-15; flooring both logs'
// arguments at 1e-15 is what LightGBM computes, so a certain mistake costs -log(1e-15) either way.
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class BinaryLoglossMetric final : public Metric {
 public:
  std::string name() const override { return "binary_logloss"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

}  // namespace qgbm
