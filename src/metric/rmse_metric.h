// rmse: the square root of l2 (LightGBM "rmse").
#pragma once

#include <span>
#include <string>

#include "metric/metric.h"

namespace qgbm {

class RmseMetric final : public Metric {
 public:
  std::string name() const override { return "rmse"; }
  bool higher_is_better() const override { return false; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

}  // namespace qgbm
