#include "objective/multiclass_ova.h"

#include <algorithm>
#include <cmath>

#include "common/parallel_for.h"
#include "objective/class_labels.h"

namespace qgbm {

Status MulticlassOva::CheckLabels(const LabelView& data) const {
  return CheckClassLabels(data, num_class_, name());
}

std::vector<double> MulticlassOva::InitScores(const LabelView& data) const {
  // Each class's log-odds of its weighted share, clamped so an absent class stays finite.
  std::vector<double> init = ClassShares(data, num_class_);
  for (double& p : init) {
    p = std::clamp(p, kClassEpsilon, 1.0 - kClassEpsilon);
    p = std::log(p / (1.0 - p)) / sigmoid_;
  }
  return init;
}

std::vector<bool> MulticlassOva::OutputsToTrain(const LabelView& data) const {
  // As LightGBM's binary loss: a class with no positive or no negative row is not trained.
  const std::vector<int64_t> count = ClassCounts(data, num_class_);
  std::vector<bool> train(count.size());
  for (size_t k = 0; k < count.size(); ++k) train[k] = count[k] > 0 && count[k] < data.num_rows();
  return train;
}

void MulticlassOva::SetUp(const LabelView& global_data) {
  label_weights_.assign(static_cast<size_t>(num_class_), {1.0f, 1.0f});
  if (!weighting_.active()) return;
  const std::vector<int64_t> count = ClassCounts(global_data, num_class_);
  for (size_t k = 0; k < count.size(); ++k)
    label_weights_[k] = BinaryLabelWeights(weighting_, count[k], global_data.num_rows());
}

void MulticlassOva::ComputeGradients(std::span<const double> scores, const LabelView& data,
                                     int threads, std::span<float> grad,
                                     std::span<float> hess) const {
  const int64_t n = data.num_rows();
  const int64_t blocks = NumBlocks(n, 4096, 1024);
  const bool weighted_classes = weighting_.active() && !label_weights_.empty();
  ParallelFor(blocks * num_class_, threads, [&](int64_t item) {
    const auto k = static_cast<size_t>(item / blocks);
    const BlockRange range = BlockOf(n, blocks, item % blocks);
    const size_t offset = k * static_cast<size_t>(n);
    for (int64_t r = range.begin; r < range.end; ++r) {
      const auto row = static_cast<size_t>(r);
      const bool positive = static_cast<size_t>(data.labels[row]) == k;
      const double y = positive ? 1.0 : -1.0;
      double w = data.weights.empty() ? 1.0 : static_cast<double>(data.weights[row]);
      if (weighted_classes) w *= static_cast<double>(label_weights_[k][positive ? 1 : 0]);
      const double response = -y * sigmoid_ / (1.0 + std::exp(y * sigmoid_ * scores[offset + row]));
      const double abs_response = std::fabs(response);
      grad[offset + row] = static_cast<float>(response * w);
      hess[offset + row] = static_cast<float>(abs_response * (sigmoid_ - abs_response) * w);
    }
  });
}

}  // namespace qgbm
