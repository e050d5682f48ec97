#include "objective/percentile.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <numeric>

namespace qgbm {

double Percentile(std::span<double> values, double alpha) {
  const size_t n = values.size();
  if (n == 0) return 0.0;
  if (n == 1) return values[0];
  const double pos =
      static_cast<double>(1.0f - static_cast<float>(alpha)) * static_cast<double>(n - 1);
  const auto k = static_cast<size_t>(pos);
  if (k >= n - 1) return *std::min_element(values.begin(), values.end());
  // Descending order at k: values[k] is the (k+1)-th largest and every value after it is at
  // most that, so their maximum is the (k+2)-th largest.
  const auto kth = values.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(values.begin(), kth, values.end(), std::greater<>());
  const double upper = *kth;
  const double lower = *std::max_element(kth + 1, values.end());
  return upper - (upper - lower) * (pos - static_cast<double>(k));
}

double WeightedPercentile(std::span<const double> values, std::span<const float> weights,
                          double alpha) {
  const size_t n = values.size();
  if (n == 0) return 0.0;
  if (n == 1) return values[0];
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> cdf(n);
  double running = 0.0;
  for (size_t i = 0; i < n; ++i) {
    running += static_cast<double>(weights[order[i]]);
    cdf[i] = running;
  }
  const double threshold = cdf[n - 1] * alpha;
  size_t pos =
      static_cast<size_t>(std::upper_bound(cdf.begin(), cdf.end(), threshold) - cdf.begin());
  pos = std::min(pos, n - 1);
  if (pos == 0 || pos == n - 1) return values[order[pos]];
  const double v1 = values[order[pos - 1]], v2 = values[order[pos]];
  const double step = cdf[pos + 1] - cdf[pos];
  if (step >= 1.0) return (threshold - cdf[pos]) / step * (v2 - v1) + v1;
  return v2;
}

double LabelPercentile(const LabelView& data, double alpha) {
  std::vector<double> labels(data.labels.begin(), data.labels.end());
  const double p =
      data.weighted() ? WeightedPercentile(labels, data.weights, alpha) : Percentile(labels, alpha);
  return static_cast<double>(static_cast<float>(p));
}

double ResidualPercentile(std::span<const int32_t> rows, std::span<const double> scores,
                          const LabelView& data, double alpha) {
  std::vector<double> residuals(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<size_t>(rows[i]);
    residuals[i] = static_cast<double>(data.labels[r]) - scores[r];
  }
  if (!data.weighted()) return Percentile(residuals, alpha);
  std::vector<float> weights(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) weights[i] = data.weights[static_cast<size_t>(rows[i])];
  return WeightedPercentile(residuals, weights, alpha);
}

}  // namespace qgbm
