#include "metric/dcg.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

namespace qgbm {
namespace {

std::string Trimmed(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

}  // namespace

std::vector<double> DefaultLabelGain() {
  std::vector<double> gain(31);
  for (int i = 0; i < 31; ++i) gain[static_cast<size_t>(i)] = static_cast<double>((1u << i) - 1u);
  return gain;
}

StatusOr<std::vector<double>> ParseLabelGain(const std::vector<std::string>& items) {
  if (items.empty()) return DefaultLabelGain();
  std::vector<double> gain;
  for (const std::string& raw : items) {
    const std::string item = Trimmed(raw);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() ||
        !std::isfinite(value)) {
      return Status::InvalidArgument("parameter 'label_gain' expects finite numbers, got '" + raw +
                                     "'");
    }
    gain.push_back(value);
  }
  return gain;
}

StatusOr<std::vector<int>> ParseEvalAt(const std::vector<std::string>& items) {
  std::vector<int> ks;
  for (const std::string& raw : items) {
    const std::string item = Trimmed(raw);
    int value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || value < 1) {
      return Status::InvalidArgument("parameter 'eval_at' expects integers >= 1, got '" + raw +
                                     "'");
    }
    ks.push_back(value);
  }
  if (ks.empty()) return Status::InvalidArgument("parameter 'eval_at' must not be empty");
  std::sort(ks.begin(), ks.end());
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
  return ks;
}

std::vector<int64_t> QueryOffsets(std::span<const int32_t> group_sizes) {
  std::vector<int64_t> offsets(group_sizes.size() + 1, 0);
  for (size_t q = 0; q < group_sizes.size(); ++q) offsets[q + 1] = offsets[q] + group_sizes[q];
  return offsets;
}

std::vector<double> QueryWeights(const LabelView& data, std::span<const int64_t> offsets) {
  std::vector<double> weights;
  if (!data.weighted() || offsets.size() < 2) return weights;
  weights.resize(offsets.size() - 1);
  for (size_t q = 0; q + 1 < offsets.size(); ++q) {
    double sum = 0.0;
    for (int64_t r = offsets[q]; r < offsets[q + 1]; ++r) sum += data.weights[r];
    const int64_t count = offsets[q + 1] - offsets[q];
    weights[q] = count > 0 ? sum / static_cast<double>(count) : 0.0;
  }
  return weights;
}

Status CheckQueryGroups(const LabelView& data, const std::string& who) {
  if (data.group_sizes.empty()) {
    return Status::DataError(who +
                             " needs query groups: a <data>.query file, qid: tokens (LibSVM) "
                             "or group_column");
  }
  int64_t total = 0;
  for (int32_t size : data.group_sizes) {
    if (size < 0) return Status::DataError(who + ": a query group has a negative size");
    total += size;
  }
  if (total != data.num_rows()) {
    return Status::DataError(who + ": query group sizes sum to " + std::to_string(total) +
                             " but the data has " + std::to_string(data.num_rows()) + " rows");
  }
  return Status::Ok();
}

Status CheckRankingLabels(const LabelView& data, std::span<const double> label_gain,
                          const std::string& who) {
  for (size_t i = 0; i < data.labels.size(); ++i) {
    const float label = data.labels[i];
    if (!(label >= 0.0f) || label != std::floor(label)) {
      return Status::DataError(who + " needs labels that are integers >= 0, but row " +
                               std::to_string(i) + " has label " + std::to_string(label));
    }
    if (static_cast<double>(label) >= static_cast<double>(label_gain.size())) {
      return Status::DataError(who + ": row " + std::to_string(i) + " has label " +
                               std::to_string(static_cast<int64_t>(label)) +
                               " but label_gain has entries for labels 0.." +
                               std::to_string(label_gain.size() - 1) +
                               " (set label_gain to cover every label)");
    }
  }
  return Status::Ok();
}

void SortByScoreDescending(std::span<const double> scores, std::vector<int32_t>* order) {
  order->resize(scores.size());
  std::iota(order->begin(), order->end(), 0);
  std::stable_sort(order->begin(), order->end(),
                   [&](int32_t a, int32_t b) { return scores[a] > scores[b]; });
}

double MaxDcgAtK(int64_t k, std::span<const float> labels, std::span<const double> label_gain) {
  std::vector<int64_t> count(label_gain.size(), 0);
  for (float label : labels) ++count[static_cast<size_t>(label)];
  k = std::min<int64_t>(k, static_cast<int64_t>(labels.size()));
  double dcg = 0.0;
  int64_t top = static_cast<int64_t>(label_gain.size()) - 1;
  for (int64_t position = 0; position < k; ++position) {
    while (top > 0 && count[static_cast<size_t>(top)] <= 0) --top;
    dcg += Discount(position) * label_gain[static_cast<size_t>(top)];
    --count[static_cast<size_t>(top)];
  }
  return dcg;
}

}  // namespace qgbm
