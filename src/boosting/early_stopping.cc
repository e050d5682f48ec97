#include "boosting/early_stopping.h"

namespace qgbm {

bool EarlyStopping::Update(int iteration, const std::vector<double>& scores,
                           const std::vector<bool>& higher_is_better, int metrics_per_set) {
  if (rounds_ <= 0 || scores.empty()) return false;
  if (best_score_.empty()) {
    best_score_ = scores;
    best_iter_.assign(scores.size(), iteration);
    return false;
  }
  bool stop = false;
  for (size_t i = 0; i < scores.size(); ++i) {
    const bool counted = !first_metric_only_ || metrics_per_set <= 0 ||
                         i % static_cast<size_t>(metrics_per_set) == 0;
    const bool better =
        higher_is_better[i] ? scores[i] > best_score_[i] : scores[i] < best_score_[i];
    if (better) {
      best_score_[i] = scores[i];
      best_iter_[i] = iteration;
    } else if (counted && !stop && iteration - best_iter_[i] >= rounds_) {
      stop = true;
      stop_best_ = best_iter_[i];
    }
  }
  return stop;
}

}  // namespace qgbm
