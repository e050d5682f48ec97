// GbdtTrainer driven step by step (the C API): iterations from given gradients, metrics and
// predictions of one data set, rolling back the last iteration.
#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "boosting/gbdt_trainer.h"
#include "boosting/trainer_views.h"

namespace qgbm {

Status GbdtTrainer::TrainOneIterationWithGradients(std::span<const float> grad,
                                                   std::span<const float> hess, bool* stopped) {
  if (grad.size() != grad_.size() || hess.size() != hess_.size()) {
    return Status::InvalidArgument("gradients and hessians need " + std::to_string(grad_.size()) +
                                   " values each (rows x outputs), got " +
                                   std::to_string(grad.size()) + " and " +
                                   std::to_string(hess.size()));
  }
  for (size_t i = 0; i < grad.size(); ++i) {
    if (!std::isfinite(grad[i]) || !std::isfinite(hess[i])) {
      return Status::InvalidArgument("gradient or hessian " + std::to_string(i) +
                                     " is not a finite number");
    }
  }
  std::copy(grad.begin(), grad.end(), grad_.begin());
  std::copy(hess.begin(), hess.end(), hess_.begin());
  return GrowIteration(stopped);
}

Status GbdtTrainer::CheckDataSetIndex(int data_idx) const {
  if (data_idx >= 0 && data_idx < num_data_sets()) return Status::Ok();
  return Status::InvalidArgument("data_idx " + std::to_string(data_idx) + " is outside [0, " +
                                 std::to_string(num_data_sets()) +
                                 ") (0 = training data, i = validation set i)");
}

std::vector<std::string> GbdtTrainer::MetricNames() const {
  std::vector<std::string> names;
  for (const auto& m : metrics_) names.push_back(m->name());
  return names;
}

std::vector<bool> GbdtTrainer::MetricHigherIsBetter() const {
  std::vector<bool> higher;
  for (const auto& m : metrics_) higher.push_back(m->higher_is_better());
  return higher;
}

StatusOr<std::vector<double>> GbdtTrainer::EvaluateDataSet(int data_idx) {
  QGBM_RETURN_IF_ERROR(CheckDataSetIndex(data_idx));
  std::vector<double> results;
  if (data_idx == 0) {
    // Init checked the training data only when is_training_metric asked for its metrics.
    if (!train_metrics_checked_ && !metrics_.empty()) {
      for (const auto& m : metrics_) {
        const Status ok = m->CheckData(Labels(train_.metadata()));
        if (!ok.ok()) return Status::DataError("data '" + train_.source() + "': " + ok.message());
      }
    }
    train_metrics_checked_ = true;
    QGBM_RETURN_IF_ERROR(
        EvaluateSet("training", train_, train_scores_, &results, nullptr, nullptr));
    return results;
  }
  const size_t v = static_cast<size_t>(data_idx - 1);
  QGBM_RETURN_IF_ERROR(
      EvaluateSet(valids_[v].name, *valids_[v].data, valid_scores_[v], &results, nullptr, nullptr));
  return results;
}

StatusOr<std::vector<double>> GbdtTrainer::Predictions(int data_idx) const {
  QGBM_RETURN_IF_ERROR(CheckDataSetIndex(data_idx));
  const std::vector<double>& raw =
      data_idx == 0 ? train_scores_ : valid_scores_[static_cast<size_t>(data_idx - 1)];
  return ToPredictions(raw, model_.transform, model_.sigmoid, model_.num_tree_per_iteration);
}

Status GbdtTrainer::RollbackOneIteration() {
  const size_t k = static_cast<size_t>(model_.num_tree_per_iteration);
  if (routes_.size() < k) {
    return Status::InvalidArgument(
        base_iterations_ > 0 ? "no iteration to roll back: the continued model's iterations stay"
                             : "no iteration to roll back");
  }
  const size_t first = model_.trees.size() - k;
  for (size_t i = 0; i < k; ++i) {
    TreeRoute& route = routes_[routes_.size() - k + i];
    if (!route.scored) continue;
    // Routing by the same bin rules that added the leaf values subtracts them again.
    GrownTree negated{model_.trees[first + i], std::move(route.rules)};
    negated.tree.ScaleLeaves(-1.0);
    const int output = static_cast<int>(i);
    const size_t n = static_cast<size_t>(train_.num_rows());
    negated.AddToScores(train_.matrix(), nullptr, ctx_.threads(),
                        train_scores_.data() + static_cast<size_t>(output) * n);
    for (size_t v = 0; v < valids_.size(); ++v) {
      const size_t vn = static_cast<size_t>(valids_[v].data->num_rows());
      negated.AddToScores(valids_[v].data->matrix(), nullptr, ctx_.threads(),
                          valid_scores_[v].data() + static_cast<size_t>(output) * vn);
    }
  }
  routes_.resize(routes_.size() - k);
  model_.trees.resize(first);
  iteration_ = static_cast<int>(routes_.size() / k);
  bag_.clear();  // the next iteration draws the bag of its own bagging period again
  return Status::Ok();
}

}  // namespace qgbm
