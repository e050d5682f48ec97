#include "objective/rank_xendcg.h"

#include <algorithm>
#include <cmath>

#include "common/random.h"
#include "metric/dcg.h"
#include "objective/query_gradients.h"

namespace qgbm {
Status RankXendcg::CheckLabels(const LabelView& data) const {
  QGBM_RETURN_IF_ERROR(CheckQueryGroups(data, "objective 'rank_xendcg'"));
  // Integer labels 0..30, so that 2^label stays exact (the default label_gain table's range).
  return CheckRankingLabels(data, DefaultLabelGain(), "objective 'rank_xendcg'");
}

void RankXendcg::QueryGradients(std::span<const double> scores, std::span<const float> labels,
                                std::span<const double> gamma, std::span<double> grad,
                                std::span<double> hess) {
  const size_t n = labels.size();
  if (n <= 1) return;
  // Softmax with the maximum subtracted, as LightGBM's Common::Softmax.
  std::vector<double> rho(n), params(n);
  const double max_score = *std::max_element(scores.begin(), scores.end());
  double sum_exp = 0.0;
  for (size_t i = 0; i < n; ++i) {
    rho[i] = std::exp(scores[i] - max_score);
    sum_exp += rho[i];
  }
  for (double& r : rho) r /= sum_exp;
  double sum_phi = 0.0;
  for (size_t i = 0; i < n; ++i) {
    params[i] = std::ldexp(1.0, static_cast<int>(labels[i])) - gamma[i];
    sum_phi += params[i];
  }
  const double inv_denominator = 1.0 / std::max(1e-15, sum_phi);
  // First-order terms, then two correction terms; params holds each order's term / (1 - ρ).
  double sum_l1 = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double term = -params[i] * inv_denominator + rho[i];
    grad[i] = term;
    params[i] = term / (1.0 - rho[i]);
    sum_l1 += params[i];
  }
  double sum_l2 = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double term = rho[i] * (sum_l1 - params[i]);
    grad[i] += term;
    params[i] = term / (1.0 - rho[i]);
    sum_l2 += params[i];
  }
  for (size_t i = 0; i < n; ++i) {
    grad[i] += rho[i] * (sum_l2 - params[i]);
    hess[i] = rho[i] * (1.0 - rho[i]);
  }
}

void RankXendcg::ComputeGradients(std::span<const double> scores, const LabelView& data,
                                  int threads, std::span<float> grad, std::span<float> hess) const {
  const uint64_t key =
      RandomKey(seed_, RandomStream::kObjective, static_cast<uint64_t>(iteration_));
  const std::vector<int64_t> offsets = QueryOffsets(data.group_sizes);
  ComputeQueryGradients(
      scores, data, threads, grad, hess,
      [&](int64_t query, std::span<const double> s, std::span<const float> labels,
          std::vector<int32_t>* /*order*/, std::span<double> g, std::span<double> h) {
        const int64_t begin = offsets[static_cast<size_t>(query)];
        std::vector<double> gamma(labels.size());
        for (size_t i = 0; i < gamma.size(); ++i) {
          gamma[i] = RandomUniform(key, static_cast<uint64_t>(data.row_offset + begin) + i);
        }
        QueryGradients(s, labels, gamma, g, h);
      });
}

}  // namespace qgbm
