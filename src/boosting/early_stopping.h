// EarlyStopping: LightGBM's rule. Every (validation set, metric) pair remembers its best score;
// training stops when any pair (or only the first metric, with first_metric_only) has not
// improved for `rounds` iterations, and the model is cut back to that pair's best iteration.
#pragma once

#include <cstddef>
#include <vector>

namespace qgbm {

class EarlyStopping {
 public:
  EarlyStopping(int rounds, bool first_metric_only)
      : rounds_(rounds), first_metric_only_(first_metric_only) {}

  // scores[i] of pair i at 1-based `iteration`; higher_is_better per pair; metrics_per_set is
  // how many metrics each validation set has (for first_metric_only). Returns true to stop.
  bool Update(int iteration, const std::vector<double>& scores,
              const std::vector<bool>& higher_is_better, int metrics_per_set);
  int best_iteration() const { return stop_best_; }
  bool enabled() const { return rounds_ > 0; }

 private:
  int rounds_;
  bool first_metric_only_;
  std::vector<double> best_score_;
  std::vector<int> best_iter_;
  int stop_best_ = 0;
};

}  // namespace qgbm
