#include "objective/label_sums.h"

#include <cmath>
#include <cstddef>
#include <limits>

namespace qgbm {

double WeightedLabelMean(std::span<const float> labels, std::span<const float> weights) {
  double sum = 0.0, total_weight = 0.0;
  for (size_t i = 0; i < labels.size(); ++i) {
    const double w = weights.empty() ? 1.0 : static_cast<double>(weights[i]);
    sum += w * static_cast<double>(labels[i]);
    total_weight += w;
  }
  return total_weight > 0.0 ? sum / total_weight : 0.0;
}

double LogOfWeightedLabelMean(std::span<const float> labels, std::span<const float> weights) {
  const double mean = WeightedLabelMean(labels, weights);
  return mean > 0.0 ? std::log(mean) : -std::numeric_limits<double>::infinity();
}

}  // namespace qgbm
