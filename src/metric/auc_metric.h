// auc: weighted area under the ROC curve (LightGBM "auc").
//
// Rows are sorted by prediction; a group of rows with equal predictions counts each of its
// (positive, negative) pairs as half ordered. A label is positive when it is > 0; a pair's weight
// is the product of its rows' weights. When only one class is present (or there are no rows) the
// AUC is 1, as in LightGBM; when any prediction is NaN it is NaN.
//
// The sort is by (prediction, row index), a strict total order, so the blockwise parallel sort
// gives one order whatever the thread count, and the sweep over it is sequential.
// Distributed evaluation cannot sum per-rank AUCs: it needs the global order, e.g. a histogram of
// the scores merged across ranks (approximate) or gathering (score, label, weight) (exact).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "metric/metric.h"

namespace qgbm {

class AucMetric final : public Metric {
 public:
  std::string name() const override { return "auc"; }
  bool higher_is_better() const override { return true; }
  bool rank_based() const override { return true; }
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
};

// Row indices ordered by (score, index), sorted in blocks in parallel then merged; scores must not
// be NaN. Exposed for tests.
std::vector<int64_t> OrderByScore(std::span<const double> scores, int threads);

}  // namespace qgbm
