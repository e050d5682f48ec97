#include "objective/logistic.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/fast_exp.h"
#include "common/parallel_for.h"
#include "objective/label_sums.h"

namespace qgbm {

Status Logistic::CheckLabels(const LabelView& data) const {
  const std::span<const float> labels = data.labels;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] != 0.0f && labels[i] != 1.0f) {
      return Status::DataError("objective 'binary' needs labels 0 or 1, but row " +
                               std::to_string(i) + " has label " + std::to_string(labels[i]));
    }
  }
  return Status::Ok();
}

std::vector<double> Logistic::InitScores(const LabelView& data) const {
  // Log-odds of the weighted positive rate, clamped so an all-one-class set stays finite.
  const double p = std::clamp(WeightedLabelMean(data.labels, data.weights), 1e-15, 1.0 - 1e-15);
  return {std::log(p / (1.0 - p)) / sigmoid_};
}

void Logistic::SetUp(const LabelView& global_data) {
  if (!weighting_.active()) return;
  int64_t positives = 0;
  for (const float y : global_data.labels) positives += y > 0.0f ? 1 : 0;
  label_weights_ = BinaryLabelWeights(weighting_, positives, global_data.num_rows());
}

namespace {

// The per-row loop, compiled for AVX2 as well as the baseline and picked at run time. ExpFloat
// keeps it vectorisable, and its basic float operations give the same bits on either path.
// Unweighted rows use weight 1 (one loop each, so neither has a branch inside); class weights
// (label_weight: negative, positive; nullptr when both are 1) multiply the row's weight.
__attribute__((target_clones("avx2", "default"))) void LogisticGradients(
    const double* score, const float* label, const float* weight, const float* label_weight,
    float sigmoid, int64_t begin, int64_t end, float* g, float* h) {
  auto row = [&](int64_t r, float w) {
    const float y = static_cast<float>(label[r] > 0.0f) * 2.0f - 1.0f;  // +1 or -1, no branch
    const float margin = static_cast<float>(static_cast<double>(y * sigmoid) * score[r]);
    const float response = -y * sigmoid / (1.0f + ExpFloat(margin));
    const float abs_response = std::fabs(response);
    g[r] = response * w;
    h[r] = abs_response * (sigmoid - abs_response) * w;
  };
  if (label_weight != nullptr) {
    const float neg = label_weight[0], pos = label_weight[1];
    for (int64_t r = begin; r < end; ++r)
      row(r, (weight == nullptr ? 1.0f : weight[r]) * (label[r] > 0.0f ? pos : neg));
  } else if (weight == nullptr) {
    for (int64_t r = begin; r < end; ++r) row(r, 1.0f);
  } else {
    for (int64_t r = begin; r < end; ++r) row(r, weight[r]);
  }
}

}  // namespace

void Logistic::ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                                std::span<float> grad, std::span<float> hess) const {
  const int64_t n = data.num_rows();
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  const float sigmoid = static_cast<float>(sigmoid_);
  const float* weight = data.weights.empty() ? nullptr : data.weights.data();
  const float* label_weight = weighting_.active() ? label_weights_.data() : nullptr;
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    LogisticGradients(scores.data(), data.labels.data(), weight, label_weight, sigmoid, range.begin,
                      range.end, grad.data(), hess.data());
  });
}

}  // namespace qgbm
