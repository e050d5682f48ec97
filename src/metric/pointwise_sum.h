// Weighted sums of a per-row loss, the sufficient statistics of the pointwise metrics (l2, rmse,
// l1, binary_logloss, binary_error, multi_logloss, multi_error). Each metric is a function of (Σ w
// loss, Σ w) alone, so a distributed evaluation can allreduce the two sums and finish the same way.
//
// Rows are summed in fixed blocks whose bounds depend only on the row count, and the block sums
// are added in block order, so the result is the same for every thread count. With no rows, or
// a total weight of zero, the metrics are 0 / 0 = NaN.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/check.h"
#include "common/label_view.h"
#include "common/parallel_for.h"

namespace qgbm {

struct WeightedSum {
  double loss = 0.0;
  double weight = 0.0;
};

inline constexpr int64_t kMetricRowsPerBlock = 1 << 14;
inline constexpr int64_t kMetricMaxBlocks = 256;

inline void CheckMetricInputs(std::span<const double> predictions, const LabelView& data) {
  const std::span<const float> labels = data.labels, weights = data.weights;
  QGBM_CHECK(predictions.size() == labels.size())
      << predictions.size() << " predictions for " << labels.size() << " labels";
  QGBM_CHECK(weights.empty() || weights.size() == labels.size())
      << weights.size() << " weights for " << labels.size() << " labels";
}

// row_loss(row) → double, summed with weights (all 1 when `data.weights` is empty).
template <class RowLoss>
WeightedSum SumRows(const LabelView& data, int threads, RowLoss row_loss) {
  const std::span<const float> weights = data.weights;
  const int64_t n = data.num_rows();
  const int64_t blocks = NumBlocks(n, kMetricRowsPerBlock, kMetricMaxBlocks);
  std::vector<WeightedSum> partial(static_cast<size_t>(blocks));
  ParallelFor(blocks, threads > 0 ? threads : DefaultThreadCount(), [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    WeightedSum sum;
    for (auto i = static_cast<size_t>(range.begin); i < static_cast<size_t>(range.end); ++i) {
      const double w = weights.empty() ? 1.0 : static_cast<double>(weights[i]);
      sum.loss += w * row_loss(i);
      sum.weight += w;
    }
    partial[static_cast<size_t>(b)] = sum;
  });
  WeightedSum total;
  for (const WeightedSum& s : partial) {
    total.loss += s.loss;
    total.weight += s.weight;
  }
  return total;
}

// loss(prediction, label) → double, summed with weights (all 1 when `weights` is empty).
template <class Loss>
WeightedSum SumPointwise(std::span<const double> predictions, const LabelView& data, int threads,
                         Loss loss) {
  CheckMetricInputs(predictions, data);
  return SumRows(data, threads, [&](size_t i) {
    return loss(predictions[i], static_cast<double>(data.labels[i]));
  });
}

}  // namespace qgbm
