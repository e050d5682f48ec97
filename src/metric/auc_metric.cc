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

namespace {

struct ScoredRow {
  double score;
  double positive;  // weight of the row if its label is positive, else 0
  double negative;
  bool operator<(const ScoredRow& o) const { return score < o.score; }
};

// Sorted runs whose count depends only on the number of rows (so sums below are thread-count
// free), sorted in parallel; the sweep merges them on the fly instead of merging in memory.
std::vector<std::vector<ScoredRow>> SortedRuns(std::span<const double> p,
                                               std::span<const float> labels,
                                               std::span<const float> weights, int threads) {
  const auto n = static_cast<int64_t>(p.size());
  const int64_t runs = NumBlocks(n, kSortRowsPerBlock * 4, 4);
  std::vector<std::vector<ScoredRow>> out(static_cast<size_t>(runs));
  ParallelFor(runs, threads > 0 ? threads : DefaultThreadCount(), [&](int64_t b) {
    const BlockRange range = BlockOf(n, runs, b);
    std::vector<ScoredRow>& run = out[static_cast<size_t>(b)];
    run.reserve(static_cast<size_t>(range.end - range.begin));
    for (int64_t i = range.begin; i < range.end; ++i) {
      const auto r = static_cast<size_t>(i);
      const double w = weights.empty() ? 1.0 : static_cast<double>(weights[r]);
      const bool positive = labels[r] > 0.0f;
      run.push_back({p[r], positive ? w : 0.0, positive ? 0.0 : w});
    }
    std::sort(run.begin(), run.end());
  });
  return out;
}

}  // namespace

double AucMetric::Evaluate(std::span<const double> predictions, std::span<const float> labels,
                           std::span<const float> weights, int threads) const {
  CheckMetricInputs(predictions, labels, weights);
  if (std::any_of(predictions.begin(), predictions.end(), [](double p) { return std::isnan(p); })) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const auto runs = SortedRuns(predictions, labels, weights, threads);
  std::vector<size_t> head(runs.size(), 0);
  // Ascending sweep over the merged runs: each positive outranks the negatives below its group
  // of equal scores and ties half of those inside it. Within a group, runs are taken in order.
  double area = 0.0, negatives_below = 0.0, positives = 0.0;
  while (true) {
    double score = std::numeric_limits<double>::infinity();
    bool any = false;
    for (size_t k = 0; k < runs.size(); ++k) {
      if (head[k] < runs[k].size() && (!any || runs[k][head[k]].score < score)) {
        score = runs[k][head[k]].score;
        any = true;
      }
    }
    if (!any) break;
    double group_pos = 0.0, group_neg = 0.0;
    for (size_t k = 0; k < runs.size(); ++k) {
      for (; head[k] < runs[k].size() && runs[k][head[k]].score == score; ++head[k]) {
        group_pos += runs[k][head[k]].positive;
        group_neg += runs[k][head[k]].negative;
      }
    }
    area += group_pos * (negatives_below + 0.5 * group_neg);
    negatives_below += group_neg;
    positives += group_pos;
  }
  if (positives <= 0.0 || negatives_below <= 0.0) return 1.0;
  return area / (positives * negatives_below);
}

}  // namespace qgbm
