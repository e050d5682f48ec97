// The gradient loop shared by the pointwise losses: rows in fixed blocks, each row's unweighted
// (gradient, hessian) from its score and label, times its weight. Rows are independent, so the
// result is the same for any thread count.
#pragma once

#include <cstdint>
#include <span>

#include "common/label_view.h"
#include "common/parallel_for.h"

namespace qgbm {

struct GradHess {
  double grad;
  double hess;
};

// loss(score, label) → GradHess of the unweighted loss.
template <class Loss>
void ComputePointwiseGradients(std::span<const double> scores, const LabelView& data, int threads,
                               std::span<float> grad, std::span<float> hess, Loss loss) {
  const int64_t n = data.num_rows();
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (auto r = static_cast<size_t>(range.begin); r < static_cast<size_t>(range.end); ++r) {
      const GradHess gh = loss(scores[r], static_cast<double>(data.labels[r]));
      const double w = data.weighted() ? static_cast<double>(data.weights[r]) : 1.0;
      grad[r] = static_cast<float>(gh.grad * w);
      hess[r] = static_cast<float>(gh.hess * w);
    }
  });
}

}  // namespace qgbm
