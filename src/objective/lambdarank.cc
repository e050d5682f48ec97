#include "objective/lambdarank.h"

#include <algorithm>
#include <cmath>

#include "metric/dcg.h"
#include "objective/query_gradients.h"

namespace qgbm {

Status Lambdarank::CheckLabels(const LabelView& data) const {
  QGBM_RETURN_IF_ERROR(CheckQueryGroups(data, "objective 'lambdarank'"));
  return CheckRankingLabels(data, label_gain_, "objective 'lambdarank'");
}

void Lambdarank::QueryGradients(std::span<const double> scores, std::span<const float> labels,
                                std::vector<int32_t>* order, std::span<double> grad,
                                std::span<double> hess) const {
  const auto n = static_cast<int64_t>(labels.size());
  if (n <= 1) return;
  const double max_dcg = MaxDcgAtK(truncation_level_, labels, label_gain_);
  const double inverse_max_dcg = max_dcg > 0.0 ? 1.0 / max_dcg : 0.0;
  SortByScoreDescending(scores, order);
  const std::vector<int32_t>& idx = *order;
  const bool all_scores_equal = scores[idx.front()] == scores[idx.back()];
  double sum_lambdas = 0.0;
  for (int64_t i = 0; i < n - 1 && i < truncation_level_; ++i) {
    for (int64_t j = i + 1; j < n; ++j) {
      const float label_i = labels[idx[i]], label_j = labels[idx[j]];
      if (label_i == label_j) continue;
      const int64_t high_rank = label_i > label_j ? i : j, low_rank = label_i > label_j ? j : i;
      const int32_t high = idx[high_rank], low = idx[low_rank];
      const double delta_score = scores[high] - scores[low];
      const double gain_gap = label_gain_[static_cast<size_t>(labels[high])] -
                              label_gain_[static_cast<size_t>(labels[low])];
      const double discount_gap = std::fabs(Discount(high_rank) - Discount(low_rank));
      double delta_ndcg = gain_gap * discount_gap * inverse_max_dcg;
      // Pairs already far apart in score need less push (LightGBM's normalisation).
      if (norm_ && !all_scores_equal) delta_ndcg /= 0.01 + std::fabs(delta_score);
      const double rho = 1.0 / (1.0 + std::exp(sigmoid_ * delta_score));
      const double lambda = -sigmoid_ * delta_ndcg * rho;
      const double h = sigmoid_ * sigmoid_ * delta_ndcg * rho * (1.0 - rho);
      grad[low] -= lambda;
      hess[low] += h;
      grad[high] += lambda;
      hess[high] += h;
      sum_lambdas -= 2.0 * lambda;
    }
  }
  if (norm_ && sum_lambdas > 0.0) {
    const double factor = std::log2(1.0 + sum_lambdas) / sum_lambdas;
    for (int64_t r = 0; r < n; ++r) {
      grad[r] *= factor;
      hess[r] *= factor;
    }
  }
}

void Lambdarank::ComputeGradients(std::span<const double> scores, const LabelView& data,
                                  int threads, std::span<float> grad, std::span<float> hess) const {
  ComputeQueryGradients(
      scores, data, threads, grad, hess,
      [&](int64_t /*query*/, std::span<const double> s, std::span<const float> labels,
          std::vector<int32_t>* order, std::span<double> g,
          std::span<double> h) { QueryGradients(s, labels, order, g, h); });
}

}  // namespace qgbm
