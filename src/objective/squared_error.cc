#include "objective/squared_error.h"

#include <cmath>
#include <string>

#include "common/parallel_for.h"
#include "objective/label_sums.h"

namespace qgbm {

Status SquaredError::CheckLabels(const LabelView& data) const {
  const std::span<const float> labels = data.labels;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!std::isfinite(labels[i])) {
      return Status::DataError("label of row " + std::to_string(i) + " is not a finite number");
    }
  }
  return Status::Ok();
}

std::vector<double> SquaredError::InitScores(const LabelView& data) const {
  return {WeightedLabelMean(data.labels, data.weights)};
}

void SquaredError::ComputeGradients(std::span<const double> scores, const LabelView& data,
                                    int threads, std::span<float> grad,
                                    std::span<float> hess) const {
  const std::span<const float> labels = data.labels, weights = data.weights;
  const int64_t n = data.num_rows();
  ParallelFor(n, threads, [&](int64_t i) {
    const size_t r = static_cast<size_t>(i);
    const double w = weights.empty() ? 1.0 : static_cast<double>(weights[r]);
    grad[r] = static_cast<float>((scores[r] - static_cast<double>(labels[r])) * w);
    hess[r] = static_cast<float>(w);
  });
}

}  // namespace qgbm
