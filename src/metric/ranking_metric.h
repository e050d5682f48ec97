// Ranking metrics, one value per cut-off k (LightGBM's eval_at): ndcg@k and map@k, each the
// query-weighted mean over queries of a per-query score (query weight: see metric/dcg.h).
//
//   ndcg@k  DCG@k / max DCG@k. A query whose max DCG@k is 0 (every label 0, or no rows) scores 1,
//           as in LightGBM: a query nothing can be ranked in counts as perfectly ranked. With
//           weights, LightGBM adds that 1 without the query's weight (while the denominator
//           still counts the weight); qgbm does the same so that the values are LightGBM's.
//   map@k   average precision at k: Σ over relevant rows (label > 0.5) among the top k of
//           (relevant rows up to and including it) / (its 1-based position), divided by
//           min(relevant rows of the query, k); a query with no relevant row scores 1.
// Predictions are ordered by descending score with ties in row order (LightGBM's stable sort).
// Queries are scored in parallel and summed in query order, so the value is thread-count free.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "metric/metric.h"

namespace qgbm {

class RankingMetric : public Metric {
 public:
  enum class Kind { kNdcg, kMap };
  RankingMetric(Kind kind, int k, std::vector<double> label_gain)
      : kind_(kind), k_(k), label_gain_(std::move(label_gain)) {}
  std::string name() const override;
  bool higher_is_better() const override { return true; }
  bool rank_based() const override { return true; }
  Status CheckData(const LabelView& data) const override;
  double Evaluate(std::span<const double> predictions, const LabelView& data,
                  int threads) const override;
  struct QueryScore {
    double value;
    bool skip_weight;  // an ndcg query with nothing to rank (see above)
  };
  // One query's score; `order` is scratch.
  QueryScore ScoreQuery(std::span<const double> scores, std::span<const float> labels,
                        std::vector<int32_t>* order) const;

 private:
  Kind kind_;
  int k_;
  std::vector<double> label_gain_;
};

// "ndcg" or "map" expanded over eval_at: ndcg@1, ndcg@2, ... Errors for bad eval_at/label_gain.
StatusOr<std::vector<std::unique_ptr<Metric>>> CreateRankingMetrics(
    const std::string& name, const std::vector<std::string>& eval_at,
    const std::vector<std::string>& label_gain);

// True for the metric names CreateRankingMetrics handles.
bool IsRankingMetric(const std::string& name);

}  // namespace qgbm
