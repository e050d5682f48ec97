#include "boosting/trainer_views.h"

#include <algorithm>
#include <cmath>

namespace qgbm {

// What users see from raw scores (probabilities for binary and multiclass), for the metrics.
// Scores are output-major (k outputs of `raw.size() / k` rows); softmax normalises each row's k
// scores, shifted by their maximum as the predictor does.
std::vector<double> ToPredictions(const std::vector<double>& raw, OutputTransform transform,
                                  double sigmoid, int k) {
  std::vector<double> out(raw);
  if (transform == OutputTransform::kSigmoid) {
    for (double& v : out) v = 1.0 / (1.0 + std::exp(-sigmoid * v));
  } else if (transform == OutputTransform::kExponential) {
    for (double& v : out) v = std::exp(v);
  } else if (transform == OutputTransform::kSoftmax) {
    const size_t n = raw.size() / static_cast<size_t>(k);
    for (size_t r = 0; r < n; ++r) {
      double max = raw[r], sum = 0.0;
      for (size_t c = 1; c < static_cast<size_t>(k); ++c) max = std::max(max, raw[c * n + r]);
      for (size_t c = 0; c < static_cast<size_t>(k); ++c) {
        out[c * n + r] = std::exp(raw[c * n + r] - max);
        sum += out[c * n + r];
      }
      for (size_t c = 0; c < static_cast<size_t>(k); ++c) out[c * n + r] /= sum;
    }
  }
  return out;
}

}  // namespace qgbm
