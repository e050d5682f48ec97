#include "metric/auc_metric.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/parallel_for.h"
#include "metric/pointwise_sum.h"

namespace qgbm {
namespace {

constexpr int64_t kSortRowsPerBlock = 1 << 15;
constexpr int64_t kSortMaxBlocks = 64;

}  // namespace

std::vector<int64_t> OrderByScore(std::span<const double> scores, int threads) {
  const auto n = static_cast<int64_t>(scores.size());
  // Sort (score, row) pairs stored side by side: comparing in place is far cheaper than
  // chasing row indices into the score array.
  struct Entry {
    double score;
    int64_t row;
    bool operator<(const Entry& o) const {
      return score < o.score || (score == o.score && row < o.row);
    }
  };
  std::vector<Entry> entries(scores.size());
  for (int64_t i = 0; i < n; ++i)
    entries[static_cast<size_t>(i)] = {scores[static_cast<size_t>(i)], i};
  const int64_t blocks = NumBlocks(n, kSortRowsPerBlock, kSortMaxBlocks);
  const int workers = threads > 0 ? threads : DefaultThreadCount();
  const auto begin_of = [&](int64_t b) {
    return entries.begin() + (b < blocks ? BlockOf(n, blocks, b).begin : n);
  };
  ParallelFor(blocks, workers, [&](int64_t b) { std::sort(begin_of(b), begin_of(b + 1)); });
  // Merge sorted runs pairwise; run widths double each round.
  for (int64_t width = 1; width < blocks; width *= 2) {
    const int64_t pairs = (blocks + 2 * width - 1) / (2 * width);
    ParallelFor(pairs, workers, [&](int64_t p) {
      const int64_t first = 2 * p * width;
      const int64_t mid = std::min(first + width, blocks),
                    last = std::min(first + 2 * width, blocks);
      if (mid < last) std::inplace_merge(begin_of(first), begin_of(mid), begin_of(last));
    });
  }
  std::vector<int64_t> order(scores.size());
  for (int64_t i = 0; i < n; ++i)
    order[static_cast<size_t>(i)] = entries[static_cast<size_t>(i)].row;
  return order;
}

double AucMetric::Evaluate(std::span<const double> predictions, std::span<const float> labels,
                           std::span<const float> weights, int threads) const {
  CheckMetricInputs(predictions, labels, weights);
  if (std::any_of(predictions.begin(), predictions.end(), [](double p) { return std::isnan(p); })) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::vector<int64_t> order = OrderByScore(predictions, threads);
  // Ascending sweep: each positive outranks the negatives below its group and ties half of
  // those inside it.
  double area = 0.0, negatives_below = 0.0, positives = 0.0;
  for (size_t i = 0; i < order.size();) {
    const double score = predictions[static_cast<size_t>(order[i])];
    double group_pos = 0.0, group_neg = 0.0;
    for (; i < order.size() && predictions[static_cast<size_t>(order[i])] == score; ++i) {
      const auto row = static_cast<size_t>(order[i]);
      const double w = weights.empty() ? 1.0 : static_cast<double>(weights[row]);
      (labels[row] > 0.0f ? group_pos : group_neg) += w;
    }
    area += group_pos * (negatives_below + 0.5 * group_neg);
    negatives_below += group_neg;
    positives += group_pos;
  }
  if (positives <= 0.0 || negatives_below <= 0.0) return 1.0;
  return area / (positives * negatives_below);
}

}  // namespace qgbm
