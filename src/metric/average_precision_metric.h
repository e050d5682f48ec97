// average_precision: LightGBM's weighted average precision. Rows are taken in descending order of
// prediction, a group of equal predictions at a time; each group adds (its positive weight) ×
// (precision after the group), and the sum is divided by the total positive weight. A label is
// positive when it is > 0. With no positive weight, or only positives, it is 1 (as LightGBM).
//
// Only the order of the predictions matters, so raw scores are passed. Groups of ties are taken
// whole, so the result does not depend on the order inside a group, and the sort is by (score,
// row): the same for any thread count.
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class AveragePrecisionMetric final : public Metric {
 public:
  std::string name() const override { return "average_precision"; }
  bool higher_is_better() const override { return true; }
  bool rank_based() const override { return true; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

}  // namespace qgbm
