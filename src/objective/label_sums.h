// Weighted label mean summed in fixed blocks, so the initial score is thread-count free.
#pragma once

#include <span>

namespace qgbm {

double WeightedLabelMean(std::span<const float> labels, std::span<const float> weights);

}  // namespace qgbm
