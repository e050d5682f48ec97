// Ranking arithmetic shared by the ranking metrics (ndcg, map) and objectives (lambdarank,
// rank_xendcg), with LightGBM's definitions (its DCGCalculator).
//
// Glossary:
//   query      a group of consecutive rows scored against each other (LabelView::group_sizes).
//   gain       label_gain[label]; labels are integers >= 0; default gain 2^label - 1.
//   discount   of the document at 0-based position i in score order: 1 / log2(i + 2).
//   DCG@k      Σ_{i < min(k, n)} gain(label of the i-th document by descending score) ·
//   discount(i);
//              documents with equal scores keep their row order (a stable sort).
//   max DCG@k  the DCG@k of the best order (labels descending).
//   query weight  the mean row weight of the query (LightGBM's Metadata::CalculateQueryWeights);
//                 the ranking metrics average queries with it.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "qgbm/status.h"

#include "common/label_view.h"

namespace qgbm {

// LightGBM's default label_gain: 2^i - 1 for i in [0, 31).
std::vector<double> DefaultLabelGain();

// label_gain and eval_at as the parameter table holds them (comma-separated items); empty
// label_gain means the default. Errors name the parameter and the bad item.
StatusOr<std::vector<double>> ParseLabelGain(const std::vector<std::string>& items);
// Sorted ascending, each >= 1 (LightGBM sorts eval_at too).
StatusOr<std::vector<int>> ParseEvalAt(const std::vector<std::string>& items);

inline double Discount(int64_t position) {
  return 1.0 / std::log2(static_cast<double>(position) + 2.0);
}

// Start row of every query, plus the row count at the end (size = queries + 1).
std::vector<int64_t> QueryOffsets(std::span<const int32_t> group_sizes);

// One weight per query (mean of its rows' weights); empty when the rows are unweighted.
std::vector<double> QueryWeights(const LabelView& data, std::span<const int64_t> offsets);

// `who` ("objective 'lambdarank'", "metric 'ndcg'") needs query groups covering every row.
Status CheckQueryGroups(const LabelView& data, const std::string& who);
// Labels must be integers >= 0 with an entry in `label_gain`; names the first bad row.
Status CheckRankingLabels(const LabelView& data, std::span<const double> label_gain,
                          const std::string& who);

// Rows 0..n-1 of one query by descending score, ties in row order.
void SortByScoreDescending(std::span<const double> scores, std::vector<int32_t>* order);

// max DCG@k of one query's labels (counting sort over the label values).
double MaxDcgAtK(int64_t k, std::span<const float> labels, std::span<const double> label_gain);

}  // namespace qgbm
