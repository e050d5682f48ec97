#include "objective/multiclass_softmax.h"

#include <algorithm>
#include <cmath>

#include "common/parallel_for.h"
#include "objective/class_labels.h"

namespace qgbm {

Status MulticlassSoftmax::CheckLabels(const LabelView& data) const {
  return CheckClassLabels(data, num_class_, name());
}

std::vector<double> MulticlassSoftmax::InitScores(const LabelView& data) const {
  std::vector<double> init = ClassShares(data, num_class_);
  for (double& s : init) s = std::log(std::max(kClassEpsilon, s));
  return init;
}

std::vector<bool> MulticlassSoftmax::OutputsToTrain(const LabelView& data) const {
  // As LightGBM's ClassNeedTrain: a class with (almost) no weight, or all of it, gets constant
  // trees; its gradients would only push its score without bound.
  const std::vector<double> share = ClassShares(data, num_class_);
  std::vector<bool> train(share.size());
  for (size_t k = 0; k < share.size(); ++k)
    train[k] = share[k] > kClassEpsilon && share[k] < 1.0 - kClassEpsilon;
  return train;
}

void MulticlassSoftmax::ComputeGradients(std::span<const double> scores, const LabelView& data,
                                         int threads, std::span<float> grad,
                                         std::span<float> hess) const {
  const int64_t n = data.num_rows();
  const auto k_count = static_cast<size_t>(num_class_);
  const double factor = static_cast<double>(num_class_) / (num_class_ - 1.0);
  const int64_t blocks = NumBlocks(n, 4096, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    std::vector<double> p(k_count);
    for (int64_t r = range.begin; r < range.end; ++r) {
      const auto row = static_cast<size_t>(r);
      // Softmax shifted by the row's maximum so exp cannot overflow (LightGBM's Common::Softmax).
      double max = scores[row];
      for (size_t k = 1; k < k_count; ++k) max = std::max(max, scores[k * n + row]);
      double sum = 0.0;
      for (size_t k = 0; k < k_count; ++k) {
        p[k] = std::exp(scores[k * n + row] - max);
        sum += p[k];
      }
      const double w = data.weights.empty() ? 1.0 : static_cast<double>(data.weights[row]);
      const auto label = static_cast<size_t>(data.labels[row]);
      for (size_t k = 0; k < k_count; ++k) {
        const double pk = p[k] / sum;
        grad[k * n + row] = static_cast<float>((k == label ? pk - 1.0 : pk) * w);
        hess[k * n + row] = static_cast<float>(factor * pk * (1.0 - pk) * w);
      }
    }
  });
}

}  // namespace qgbm
