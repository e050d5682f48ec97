// Metric: an evaluation measure over one dataset.
//
// Life cycle: the factory builds a metric from its name; Evaluate is called with the
// predictions the user would see (probabilities for binary, raw values for regression), the
// labels and optional weights (empty span = unweighted). Sums are taken in fixed blocks so the
// value does not depend on the thread count.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "qgbm/status.h"

#include "common/label_view.h"
#include "metric/metric_options.h"

namespace qgbm {

class Metric {
 public:
  virtual ~Metric() = default;
  virtual std::string name() const = 0;
  virtual bool higher_is_better() const = 0;
  // True when the metric depends only on the order of the predictions (AUC): the caller may then
  // pass raw scores, since every output transform is increasing, and skip transforming them.
  virtual bool rank_based() const { return false; }
  // True for metrics of K-output (multiclass) predictions, laid out output-major
  // (multiclass_metrics.h); the others take one prediction per row.
  virtual bool multiclass() const { return false; }
  virtual double Evaluate(std::span<const double> predictions, const LabelView& data,
                          int threads) const = 0;
  // Rejects data the metric cannot score, once per dataset: labels it is undefined for (gamma
  // needs labels > 0), naming the first bad row, or missing query groups (ranking).
  virtual Status CheckData(const LabelView& /*data*/) const { return Status::Ok(); }
};

// Builds a metric by (LightGBM) name or alias (the table is in metric_factory.cc). Unknown names
// get an error listing the valid ones. The ranking metrics (ndcg, map), one per eval_at
// cut-off, come from CreateRankingMetrics (metric/ranking_metric.h).
StatusOr<std::unique_ptr<Metric>> CreateMetric(const std::string& name,
                                               const MetricOptions& options = {});

}  // namespace qgbm
