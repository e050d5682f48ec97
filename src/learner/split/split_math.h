// Gain and leaf value: the LightGBM formulas on (dequantized) gradient and hessian sums.
#pragma once

#include <cmath>

namespace qgbm {

// Keeps h + lambda_l2 away from zero when min_sum_hessian_in_leaf is 0 (as LightGBM does).
inline constexpr double kHessianEpsilon = 1e-15;

struct SplitOptions {
  int min_data_in_leaf = 20;
  double min_sum_hessian_in_leaf = 1e-3;
  double lambda_l1 = 0.0;
  double lambda_l2 = 0.0;
  double min_gain_to_split = 0.0;
  double max_delta_step = 0.0;
};

inline double ThresholdL1(double g, double l1) {
  const double reduced = std::fabs(g) - l1;
  return reduced > 0.0 ? (g > 0.0 ? reduced : -reduced) : 0.0;
}

inline double LeafOutput(double g, double h, const SplitOptions& o) {
  double out = -ThresholdL1(g, o.lambda_l1) / (h + o.lambda_l2 + kHessianEpsilon);
  if (o.max_delta_step > 0.0 && std::fabs(out) > o.max_delta_step) {
    out = out > 0.0 ? o.max_delta_step : -o.max_delta_step;
  }
  return out;
}

// Loss reduction of a leaf with sums (g, h) taking value `out`.
inline double LeafGainGivenOutput(double g, double h, double out, const SplitOptions& o) {
  const double sg = ThresholdL1(g, o.lambda_l1);
  return -(2.0 * sg * out + (h + o.lambda_l2) * out * out);
}

inline double LeafGain(double g, double h, const SplitOptions& o) {
  if (o.max_delta_step <= 0.0) {
    const double sg = ThresholdL1(g, o.lambda_l1);
    return sg * sg / (h + o.lambda_l2 + kHessianEpsilon);
  }
  return LeafGainGivenOutput(g, h, LeafOutput(g, h, o), o);
}

}  // namespace qgbm
