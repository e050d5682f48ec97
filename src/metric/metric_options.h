// MetricOptions: the parameters a few metrics need at creation, with LightGBM's defaults (the
// booster fills them from the training parameters of the same names).
#pragma once

namespace qgbm {

struct MetricOptions {
  double alpha = 0.9;                   // quantile: the level; huber: where the loss turns linear
  double tweedie_variance_power = 1.5;  // tweedie
  double fair_c = 1.0;                  // fair
  int multi_error_top_k = 1;            // multi_error: right when the class is in the top k
};

}  // namespace qgbm
