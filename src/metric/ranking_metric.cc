#include "metric/ranking_metric.h"

#include <algorithm>

#include "common/check.h"
#include "common/parallel_for.h"
#include "metric/dcg.h"

namespace qgbm {
namespace {

// Queries per block: blocks are fixed by the query count, summed in block order.
constexpr int64_t kQueriesPerBlock = 64;
constexpr int64_t kMaxQueryBlocks = 256;

struct QuerySum {
  double score = 0.0;
  double weight = 0.0;
};

}  // namespace

std::string RankingMetric::name() const {
  return std::string(kind_ == Kind::kNdcg ? "ndcg@" : "map@") + std::to_string(k_);
}

Status RankingMetric::CheckData(const LabelView& data) const {
  const std::string who = "metric '" + std::string(kind_ == Kind::kNdcg ? "ndcg" : "map") + "'";
  QGBM_RETURN_IF_ERROR(CheckQueryGroups(data, who));
  // map only asks whether a label is > 0.5, so any label will do (as in LightGBM).
  if (kind_ == Kind::kNdcg) return CheckRankingLabels(data, label_gain_, who);
  return Status::Ok();
}

RankingMetric::QueryScore RankingMetric::ScoreQuery(std::span<const double> scores,
                                                    std::span<const float> labels,
                                                    std::vector<int32_t>* order) const {
  const auto n = static_cast<int64_t>(labels.size());
  const int64_t k = std::min<int64_t>(k_, n);
  if (kind_ == Kind::kNdcg) {
    const double max_dcg = MaxDcgAtK(k_, labels, label_gain_);
    if (max_dcg <= 0.0) return {1.0, true};
    SortByScoreDescending(scores, order);
    double dcg = 0.0;
    for (int64_t i = 0; i < k; ++i) {
      dcg += label_gain_[static_cast<size_t>(labels[(*order)[i]])] * Discount(i);
    }
    return {dcg / max_dcg, false};
  }
  int64_t relevant = 0;
  for (float label : labels) relevant += label > 0.5f ? 1 : 0;
  if (relevant == 0) return {1.0, false};
  SortByScoreDescending(scores, order);
  int64_t hits = 0;
  double sum_precision = 0.0;
  for (int64_t i = 0; i < k; ++i) {
    if (labels[(*order)[i]] > 0.5f) {
      ++hits;
      sum_precision += static_cast<double>(hits) / static_cast<double>(i + 1);
    }
  }
  return {sum_precision / static_cast<double>(std::min(relevant, k)), false};
}

double RankingMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                               int threads) const {
  QGBM_CHECK(predictions.size() == data.labels.size())
      << predictions.size() << " predictions for " << data.labels.size() << " labels";
  const std::vector<int64_t> offsets = QueryOffsets(data.group_sizes);
  const std::vector<double> query_weights = QueryWeights(data, offsets);
  const auto queries = static_cast<int64_t>(data.group_sizes.size());
  const int64_t blocks = NumBlocks(queries, kQueriesPerBlock, kMaxQueryBlocks);
  std::vector<QuerySum> partial(static_cast<size_t>(blocks));
  ParallelFor(blocks, threads > 0 ? threads : DefaultThreadCount(), [&](int64_t b) {
    const BlockRange range = BlockOf(queries, blocks, b);
    std::vector<int32_t> order;
    QuerySum sum;
    for (int64_t q = range.begin; q < range.end; ++q) {
      const int64_t begin = offsets[q], size = offsets[q + 1] - begin;
      const double w = query_weights.empty() ? 1.0 : query_weights[static_cast<size_t>(q)];
      const QueryScore query =
          ScoreQuery(predictions.subspan(begin, size), data.labels.subspan(begin, size), &order);
      sum.score += query.skip_weight ? query.value : w * query.value;
      sum.weight += w;
    }
    partial[static_cast<size_t>(b)] = sum;
  });
  QuerySum total;
  for (const QuerySum& s : partial) {
    total.score += s.score;
    total.weight += s.weight;
  }
  return total.score / total.weight;
}

bool IsRankingMetric(const std::string& name) { return name == "ndcg" || name == "map"; }

StatusOr<std::vector<std::unique_ptr<Metric>>> CreateRankingMetrics(
    const std::string& name, const std::vector<std::string>& eval_at,
    const std::vector<std::string>& label_gain) {
  QGBM_CHECK(IsRankingMetric(name)) << name;
  QGBM_ASSIGN_OR_RETURN(const std::vector<int> ks, ParseEvalAt(eval_at));
  QGBM_ASSIGN_OR_RETURN(std::vector<double> gain, ParseLabelGain(label_gain));
  const auto kind = name == "ndcg" ? RankingMetric::Kind::kNdcg : RankingMetric::Kind::kMap;
  std::vector<std::unique_ptr<Metric>> metrics;
  metrics.reserve(ks.size());
  for (int k : ks) metrics.push_back(std::make_unique<RankingMetric>(kind, k, gain));
  return metrics;
}

}  // namespace qgbm
