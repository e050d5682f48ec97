#include "learner/split/split_finder.h"

#include <cmath>

#include "common/parallel_for.h"

namespace qgbm {
namespace {

// Decoders of one integer histogram kind, so the scan loop has no switch per bin.
struct Packed16Bins {
  const uint32_t* bins;
  IntSum operator()(uint32_t b) const { return Decode16(bins[b]); }
};
struct Packed32Bins {
  const uint64_t* bins;
  IntSum operator()(uint32_t b) const { return Decode32(bins[b]); }
};
struct Pair64Bins {
  const IntSum* bins;
  IntSum operator()(uint32_t b) const { return bins[b]; }
};

// Reads integer histogram bins and turns exact sums into leaf statistics.
template <class Bins>
struct IntReader {
  Bins bins;
  double grad_scale;
  double hess_scale;
  double count_factor;
  bool constant_hessian;
  using Sum = IntSum;
  Sum At(uint32_t b) const { return bins(b); }
  static bool Empty(const Sum& s) { return s.g == 0 && s.h == 0; }
  LeafSums ToLeaf(const Sum& s) const {
    LeafSums l;
    l.ints = s;
    l.g = static_cast<double>(s.g) * grad_scale;
    l.h = static_cast<double>(s.h) * hess_scale;
    l.count = constant_hessian
                  ? s.h
                  : static_cast<int64_t>(static_cast<double>(s.h) * count_factor + 0.5);
    return l;
  }
  LeafSums Rest(const LeafSums& leaf, const LeafSums& left) const {
    LeafSums r = ToLeaf(leaf.ints - left.ints);
    r.count = leaf.count - left.count;
    return r;
  }
};

// Reads float histogram bins (full-precision training).
struct FloatReader {
  const FloatSum* bins;
  double count_factor;
  using Sum = FloatSum;
  Sum At(uint32_t b) const { return bins[b]; }
  static bool Empty(const Sum& s) { return s.h == 0.0 && s.g == 0.0; }
  LeafSums ToLeaf(const Sum& s) const {
    LeafSums l;
    l.g = s.g;
    l.h = s.h;
    l.count = static_cast<int64_t>(s.h * count_factor + 0.5);
    return l;
  }
  LeafSums Rest(const LeafSums& leaf, const LeafSums& left) const {
    LeafSums r;
    r.g = leaf.g - left.g;
    r.h = leaf.h - left.h;
    r.count = leaf.count - left.count;
    return r;
  }
};

inline IntSum Plus(const IntSum& a, const IntSum& b) { return a + b; }
inline FloatSum Plus(const FloatSum& a, const FloatSum& b) { return {a.g + b.g, a.h + b.h}; }

}  // namespace

template <class Reader>
void SplitFinder::ScanColumn(int column, const Reader& reader, const LeafSums& leaf,
                             SplitCandidate* best) const {
  const uint32_t base = layout_.offsets[static_cast<size_t>(column)];
  const int num_numeric = layout_.num_numeric_bins[static_cast<size_t>(column)];
  const bool has_missing = layout_.has_missing[static_cast<size_t>(column)] != 0;
  const typename Reader::Sum missing =
      has_missing ? reader.At(base + static_cast<uint32_t>(num_numeric)) : typename Reader::Sum{};
  const bool try_missing_left = has_missing && !Reader::Empty(missing);
  const double parent_gain = LeafGain(leaf.g, leaf.h, options_) + options_.min_gain_to_split;
  typename Reader::Sum acc{};
  // Returns false once the right side is too small: it only shrinks as the threshold rises.
  auto evaluate = [&](const typename Reader::Sum& left_sum, uint32_t bin, bool default_left) {
    const LeafSums left = reader.ToLeaf(left_sum);
    if (left.count < options_.min_data_in_leaf || left.h < options_.min_sum_hessian_in_leaf) {
      // The right side is checked too, so the scan still stops once it is exhausted.
      const LeafSums right = reader.Rest(leaf, left);
      return right.count >= options_.min_data_in_leaf &&
             right.h >= options_.min_sum_hessian_in_leaf;
    }
    const LeafSums right = reader.Rest(leaf, left);
    if (right.count < options_.min_data_in_leaf || right.h < options_.min_sum_hessian_in_leaf) {
      return false;
    }
    const double gain =
        LeafGain(left.g, left.h, options_) + LeafGain(right.g, right.h, options_) - parent_gain;
    // Within one column thresholds rise, so an equal gain never wins the tie-break
    // (SplitCandidate::BetterThan): only a strictly larger gain replaces the best.
    if (!(gain > 0.0) || !(gain > best->gain)) return true;
    best->column = column;
    best->threshold_bin = bin;
    best->default_left = default_left;
    best->gain = gain;
    best->left = left;
    best->right = right;
    return true;
  };
  for (int t = 0; t + 1 < num_numeric; ++t) {
    const typename Reader::Sum bin_sum = reader.At(base + static_cast<uint32_t>(t));
    // An empty bin leaves every sum as it was: its threshold would tie with the previous one,
    // and ties go to the lower bin, so skipping it changes nothing.
    if (Reader::Empty(bin_sum)) continue;
    acc = Plus(acc, bin_sum);
    const bool right_ok = evaluate(acc, static_cast<uint32_t>(t), false);
    const bool right_ok_missing_left =
        try_missing_left && evaluate(Plus(acc, missing), static_cast<uint32_t>(t), true);
    if (!right_ok && !right_ok_missing_left) break;
  }
}

SplitCandidate SplitFinder::FindBestSplit(const Histogram& hist, const LeafSums& leaf,
                                          const QuantScale* scale,
                                          const std::vector<uint8_t>& column_mask,
                                          int threads) const {
  const int columns = layout_.num_columns();
  std::vector<SplitCandidate> per_column(static_cast<size_t>(columns));
  const bool quantized = scale != nullptr;
  const double hess_total = quantized ? static_cast<double>(leaf.ints.h) : leaf.h;
  const double count_factor = hess_total > 0.0 ? static_cast<double>(leaf.count) / hess_total : 0.0;
  const int scan_threads = columns >= 64 ? threads : 1;
  ParallelForDynamic(columns, scan_threads, [&](int64_t c) {
    if (!column_mask.empty() && column_mask[static_cast<size_t>(c)] == 0) return;
    SplitCandidate* best = &per_column[static_cast<size_t>(c)];
    if (quantized) {
      auto scan = [&](auto bins) {
        const IntReader<decltype(bins)> reader{bins, scale->grad_scale, scale->hess_scale,
                                               count_factor, scale->constant_hessian};
        ScanColumn(static_cast<int>(c), reader, leaf, best);
      };
      switch (hist.kind()) {
        case HistKind::kPacked16:
          scan(Packed16Bins{hist.packed16()});
          break;
        case HistKind::kPacked32:
          scan(Packed32Bins{hist.packed32()});
          break;
        default:
          scan(Pair64Bins{hist.pair64()});
          break;
      }
    } else {
      const FloatReader reader{hist.floats(), count_factor};
      ScanColumn(static_cast<int>(c), reader, leaf, best);
    }
  });
  SplitCandidate best;
  for (const SplitCandidate& c : per_column) {
    if (c.valid() && c.BetterThan(best)) best = c;
  }
  if (best.valid()) {
    best.left_output = LeafOutput(best.left.g, best.left.h, options_);
    best.right_output = LeafOutput(best.right.g, best.right.h, options_);
  }
  return best;
}

}  // namespace qgbm
