#include "objective/squared_error.h"

#include <cmath>
#include <string>

#include "common/parallel_for.h"
#include "objective/label_sums.h"

namespace qgbm {

Status SquaredError::CheckLabels(std::span<const float> labels) const {
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!std::isfinite(labels[i])) {
      return Status::DataError("label of row " + std::to_string(i) + " is not a finite number");
    }
  }
  return Status::Ok();
}

std::vector<double> SquaredError::InitScores(std::span<const float> labels,
                                             std::span<const float> weights) const {
  return {WeightedLabelMean(labels, weights)};
}

void SquaredError::ComputeGradients(std::span<const double> scores, std::span<const float> labels,
                                    std::span<const float> weights, int threads,
                                    std::span<float> grad, std::span<float> hess) const {
  const int64_t n = static_cast<int64_t>(labels.size());
  ParallelFor(n, threads, [&](int64_t i) {
    const size_t r = static_cast<size_t>(i);
    const double w = weights.empty() ? 1.0 : static_cast<double>(weights[r]);
    grad[r] = static_cast<float>((scores[r] - static_cast<double>(labels[r])) * w);
    hess[r] = static_cast<float>(w);
  });
}

}  // namespace qgbm
