// Weighted label mean summed in fixed blocks, so the initial score is thread-count free.
#pragma once

#include <span>

namespace qgbm {

double WeightedLabelMean(std::span<const float> labels, std::span<const float> weights);

// log of the weighted label mean (-inf when it is not positive): the initial score of the
// log-link losses (poisson, gamma, tweedie), LightGBM's SafeLog of the mean.
double LogOfWeightedLabelMean(std::span<const float> labels, std::span<const float> weights);

}  // namespace qgbm
