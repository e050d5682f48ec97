#include "learner/split/categorical_split.h"

#include <algorithm>
#include <vector>

namespace qgbm {
namespace {

// Running sums of the left side; the right side is the leaf minus the left.
class SideSums {
 public:
  SideSums(const LeafSums& leaf, const QuantScale* scale) : leaf_(leaf), scale_(scale) {}

  void Add(const LeafSums& bin) {
    left_.ints += bin.ints;
    left_.g += bin.g;
    left_.h += bin.h;
    left_.count += bin.count;
  }
  // Quantized: the float sums come from the exact integers, like the numeric scan's.
  LeafSums Left() const { return Dequantized(left_); }
  LeafSums Right() const {
    LeafSums r;
    r.ints = leaf_.ints - left_.ints;
    r.g = leaf_.g - left_.g;
    r.h = leaf_.h - left_.h;
    r.count = leaf_.count - left_.count;
    return Dequantized(r);
  }

 private:
  LeafSums Dequantized(LeafSums s) const {
    if (scale_ != nullptr) {
      s.g = static_cast<double>(s.ints.g) * scale_->grad_scale;
      s.h = static_cast<double>(s.ints.h) * scale_->hess_scale;
    }
    return s;
  }
  const LeafSums& leaf_;
  const QuantScale* scale_;
  LeafSums left_;
};

bool SideOk(const LeafSums& s, const SplitOptions& o) {
  return s.count >= o.min_data_in_leaf && s.h >= o.min_sum_hessian_in_leaf;
}

// One candidate found better than the best so far: the split and its children's outputs.
void Record(int column, std::vector<uint32_t> left_bins, double gain, const LeafSums& left,
            const LeafSums& right, const SplitOptions& options, SplitCandidate* best) {
  std::sort(left_bins.begin(), left_bins.end());
  best->column = column;
  best->threshold_bin = left_bins.front();
  best->default_left = false;
  best->gain = gain;
  best->left = left;
  best->right = right;
  best->left_output = LeafOutput(left.g, left.h, options);
  best->right_output = LeafOutput(right.g, right.h, options);
  best->cat_bins = std::move(left_bins);
}

void OneHot(int column, std::span<const LeafSums> bins, const LeafSums& leaf,
            const QuantScale* scale, const SplitOptions& o, double parent_gain,
            SplitCandidate* best) {
  const int categories = static_cast<int>(bins.size()) - 1;
  for (int b = 0; b < categories; ++b) {
    const LeafSums& bin = bins[static_cast<size_t>(b)];
    if (bin.count == 0 && bin.h == 0.0) continue;
    SideSums sides(leaf, scale);
    sides.Add(bin);
    const LeafSums left = sides.Left(), right = sides.Right();
    if (!SideOk(left, o) || !SideOk(right, o)) continue;
    const double gain = LeafGain(left.g, left.h, o) + LeafGain(right.g, right.h, o) - parent_gain;
    if (gain > 0.0 && gain > best->gain) {
      Record(column, {static_cast<uint32_t>(b)}, gain, left, right, o, best);
    }
  }
}

void Sorted(int column, std::span<const LeafSums> bins, const LeafSums& leaf,
            const QuantScale* scale, const SplitOptions& options, const CategoricalOptions& cat,
            double parent_gain, SplitCandidate* best) {
  SplitOptions o = options;
  o.lambda_l2 += cat.cat_l2;
  const int categories = static_cast<int>(bins.size()) - 1;
  std::vector<int> order;
  for (int b = 0; b < categories; ++b) {
    if (static_cast<double>(bins[static_cast<size_t>(b)].count) >= cat.cat_smooth)
      order.push_back(b);
  }
  auto ctr = [&](int b) {
    const LeafSums& s = bins[static_cast<size_t>(b)];
    return s.g / (s.h + cat.cat_smooth);
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return ctr(a) < ctr(b); });
  const int used = static_cast<int>(order.size());
  const int max_num_cat = std::min(cat.max_cat_threshold, (used + 1) / 2);
  int best_dir = 0, best_len = 0;
  LeafSums best_left, best_right;
  double best_gain = best->gain;
  for (const int dir : {1, -1}) {
    SideSums sides(leaf, scale);
    int64_t group = 0;  // rows added since the last candidate
    for (int i = 0; i < used && i < max_num_cat; ++i) {
      const LeafSums& bin =
          bins[static_cast<size_t>(order[static_cast<size_t>(dir == 1 ? i : used - 1 - i)])];
      sides.Add(bin);
      group += bin.count;
      const LeafSums left = sides.Left();
      if (!SideOk(left, o)) continue;
      const LeafSums right = sides.Right();
      if (!SideOk(right, o) || right.count < cat.min_data_per_group) break;
      if (group < cat.min_data_per_group) continue;
      group = 0;
      const double gain = LeafGain(left.g, left.h, o) + LeafGain(right.g, right.h, o) - parent_gain;
      if (gain > 0.0 && gain > best_gain) {
        best_gain = gain;
        best_dir = dir;
        best_len = i + 1;
        best_left = left;
        best_right = right;
      }
    }
  }
  if (best_dir == 0) return;
  std::vector<uint32_t> left_bins;
  for (int i = 0; i < best_len; ++i) {
    left_bins.push_back(
        static_cast<uint32_t>(order[static_cast<size_t>(best_dir == 1 ? i : used - 1 - i)]));
  }
  Record(column, std::move(left_bins), best_gain, best_left, best_right, o, best);
}

}  // namespace

void FindCategoricalSplit(int column, std::span<const LeafSums> bins, const LeafSums& leaf,
                          const QuantScale* scale, const SplitOptions& options,
                          const CategoricalOptions& categorical, SplitCandidate* best) {
  if (bins.size() < 2) return;
  // The parent's gain uses the plain lambda_l2, also for sorted splits (as in LightGBM).
  const double parent_gain = LeafGain(leaf.g, leaf.h, options) + options.min_gain_to_split;
  if (static_cast<int>(bins.size()) <= categorical.max_cat_to_onehot) {
    OneHot(column, bins, leaf, scale, options, parent_gain, best);
  } else {
    Sorted(column, bins, leaf, scale, options, categorical, parent_gain, best);
  }
}

}  // namespace qgbm
