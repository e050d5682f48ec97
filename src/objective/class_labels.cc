#include "objective/class_labels.h"

#include <cmath>
#include <cstddef>

namespace qgbm {

Status CheckClassLabels(const LabelView& data, int num_class, const std::string& objective) {
  const std::span<const float> labels = data.labels;
  for (size_t i = 0; i < labels.size(); ++i) {
    const float y = labels[i];
    if (!(y >= 0.0f && y < static_cast<float>(num_class) && std::floor(y) == y)) {
      return Status::DataError("objective '" + objective + "' needs integer labels in [0, " +
                               std::to_string(num_class) +
                               ") (num_class = " + std::to_string(num_class) + "), but row " +
                               std::to_string(i) + " has label " + std::to_string(y));
    }
  }
  return Status::Ok();
}

std::vector<double> ClassShares(const LabelView& data, int num_class) {
  std::vector<double> share(static_cast<size_t>(num_class), 0.0);
  double total = 0.0;
  for (size_t i = 0; i < data.labels.size(); ++i) {
    const double w = data.weights.empty() ? 1.0 : static_cast<double>(data.weights[i]);
    share[static_cast<size_t>(data.labels[i])] += w;
    total += w;
  }
  for (double& s : share) s = total > 0.0 ? s / total : 0.0;
  return share;
}

std::vector<int64_t> ClassCounts(const LabelView& data, int num_class) {
  std::vector<int64_t> count(static_cast<size_t>(num_class), 0);
  for (const float y : data.labels) ++count[static_cast<size_t>(y)];
  return count;
}

}  // namespace qgbm
