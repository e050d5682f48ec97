// Percentiles as LightGBM computes them, for the losses whose best constant is a quantile of the
// residuals (regression_l1: the median; quantile: the alpha level). Both boost_from_average (over
// the labels) and leaf renewal (over one leaf's residuals) use them, so qgbm's initial scores and
// renewed leaves are LightGBM's.
//
// Unweighted (LightGBM's PercentileFun, as fixed in 4.1): with the n values in descending order
// d[0] >= d[1] >= ..., pos = (1 - alpha) (n - 1) with 1 - alpha rounded to float (LightGBM's alpha
// is a float), k = ⌊pos⌋: d[k] - (d[k] - d[k+1]) (pos - k), or d[n-1] when k >= n - 1. That is
// linear interpolation between order statistics; the median of an even count is the mean of the
// middle two.
// Weighted (LightGBM 4.6's WeightedPercentileFun, kept bit-compatible, quirks included): values
// sorted ascending (stably), cdf the running weight sums, t = alpha * total weight, p = the first
// index with cdf[p] > t (at most n - 1): p = 0 or p = n - 1 → the value at p; otherwise, when
// cdf[p+1] - cdf[p] >= 1, v[p-1] + (t - cdf[p]) / (cdf[p+1] - cdf[p]) * (v[p] - v[p-1]) (which can
// leave [v[p-1], v[p]]), else v[p].
// One value (or none) gives that value (or 0).
//
// Both are sequential over their input and depend only on the values and their order, so they
// give the same result for any thread count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/label_view.h"

namespace qgbm {

// Reorders `values`.
double Percentile(std::span<double> values, double alpha);
double WeightedPercentile(std::span<const double> values, std::span<const float> weights,
                          double alpha);

// The alpha percentile of the labels, weighted when the data is: boost_from_average of
// regression_l1 (alpha 0.5) and quantile. Rounded to float like LightGBM's label type.
double LabelPercentile(const LabelView& data, double alpha);

// The alpha percentile of label - score over `rows` (weighted when the data is): a renewed leaf.
double ResidualPercentile(std::span<const int32_t> rows, std::span<const double> scores,
                          const LabelView& data, double alpha);

}  // namespace qgbm
