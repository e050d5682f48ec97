// cross_entropy (xentropy): -Σ w [y log p + (1 - y) log(1 - p)] / Σ w for labels y in [0, 1] and
// probabilities p, with each log's argument floored at 1e-12 (LightGBM's guard, which differs from
// binary_logloss's 1e-15).
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class CrossEntropyMetric final : public Metric {
 public:
  std::string name() const override { return "cross_entropy"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
  Status CheckData(const LabelView& data) const override;
};

}  // namespace qgbm
