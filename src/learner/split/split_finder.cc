#include "learner/split/split_finder.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/parallel_for.h"

namespace qgbm {
namespace {

// Bit i set when words[first + i] is not zero (count <= 64).
template <class Word>
uint64_t NonZeroBits(const Word* words, int count) {
  uint64_t bits = 0;
  int i = 0;
#if defined(__SSE2__)
  if constexpr (sizeof(Word) == 4) {
    // Four words per compare (the scalar loop does not vectorize: 20 % of the scan's time).
    const __m128i zero = _mm_setzero_si128();
    for (; i + 4 <= count; i += 4) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(words + i));
      const int empty = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, zero)));
      bits |= static_cast<uint64_t>(~empty & 0xF) << i;
    }
  }
#endif
  for (; i < count; ++i) bits |= static_cast<uint64_t>(words[i] != 0) << i;
  return bits;
}

// Decoders of one integer histogram kind, so the scan loop has no switch per bin.
// FilledBits(first, count): bit i set when bin first + i holds rows (count <= 64); a packed
// word is zero exactly when both its sums are.
struct Packed16Bins {
  const uint32_t* bins;
  IntSum operator()(uint32_t b) const { return Decode16(bins[b]); }
  uint64_t FilledBits(uint32_t first, int count) const { return NonZeroBits(bins + first, count); }
};
struct Packed32Bins {
  const uint64_t* bins;
  IntSum operator()(uint32_t b) const { return Decode32(bins[b]); }
  uint64_t FilledBits(uint32_t first, int count) const { return NonZeroBits(bins + first, count); }
};
struct Pair64Bins {
  const IntSum* bins;
  IntSum operator()(uint32_t b) const { return bins[b]; }
  uint64_t FilledBits(uint32_t first, int count) const {
    uint64_t bits = 0;
    for (int i = 0; i < count; ++i) {
      const IntSum& s = bins[first + static_cast<uint32_t>(i)];
      bits |= static_cast<uint64_t>(s.g != 0 || s.h != 0) << i;
    }
    return bits;
  }
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
  int64_t Count(const Sum& s) const { return static_cast<int64_t>(s.h * count_factor + 0.5); }
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

// What the gain kernel needs besides the per-threshold sums.
struct GainInputs {
  double leaf_g_int, leaf_h_int;  // the leaf's exact integer totals (exact in a double)
  double leaf_count;
  double grad_scale, hess_scale;
  double min_data, min_hessian;
  double lambda_l1, lambda_l2;
  double parent_gain;  // parent's gain plus min_gain_to_split
};

// LeafGain without max_delta_step, with selects instead of branches so the loop vectorizes.
// Same operations in the same order as LeafGain, so the same bits.
inline double GainNoClip(double g, double h, double l1, double l2) {
  const double reduced = std::fabs(g) - l1;
  const double sg = reduced > 0.0 ? reduced : 0.0;  // |ThresholdL1|: its sign is squared away
  return sg * sg / (h + l2 + kHessianEpsilon);
}

// gains[t] for thresholds t < n whose left side holds the integer sums (g[t], h[t]) and about
// count[t] rows; -inf where a side breaks min_data_in_leaf or min_sum_hessian_in_leaf. One
// branch-free pass over arrays: the compiler vectorizes it (wider on CPUs that have it).
__attribute__((target_clones("avx512f", "avx2", "default"))) void ThresholdGains(
    const double* g, const double* h, const double* count, int n, const GainInputs in,
    double* gains) {
  for (int t = 0; t < n; ++t) {
    const double lg = g[t] * in.grad_scale, lh = h[t] * in.hess_scale;
    const double rg = (in.leaf_g_int - g[t]) * in.grad_scale;
    const double rh = (in.leaf_h_int - h[t]) * in.hess_scale;
    const double rc = in.leaf_count - count[t];
    const bool ok = count[t] >= in.min_data && lh >= in.min_hessian && rc >= in.min_data &&
                    rh >= in.min_hessian;
    const double gain = GainNoClip(lg, lh, in.lambda_l1, in.lambda_l2) +
                        GainNoClip(rg, rh, in.lambda_l1, in.lambda_l2) - in.parent_gain;
    gains[t] = ok ? gain : -std::numeric_limits<double>::infinity();
  }
}

// count[t]: the rows of a side whose integer hessian sum is h[t], as IntReader::ToLeaf
// estimates them (h itself with a constant hessian, else h * factor rounded half up; floor is
// the same truncation here since h >= 0, and it vectorizes).
__attribute__((target_clones("avx512f", "avx2", "default"))) void ThresholdCounts(
    const double* h, int n, double factor, bool constant_hessian, double* count) {
  if (constant_hessian) {
    std::copy(h, h + n, count);
    return;
  }
  for (int t = 0; t < n; ++t) count[t] = std::floor(h[t] * factor + 0.5);
}

// Per-thread scratch of the vectorized scan: left sums and gains per candidate threshold, for
// the missing-right and missing-left variants.
struct ScanScratch {
  std::vector<int> threshold;  // the bin of each entry
  std::vector<double> g[2], h[2], count[2], gains[2];
  void Resize(size_t n) {
    if (threshold.size() < n) threshold.resize(n);
    for (int v = 0; v < 2; ++v) {
      if (g[v].size() >= n) continue;
      g[v].resize(n);
      h[v].resize(n);
      count[v].resize(n);
      gains[v].resize(n);
    }
  }
};
inline FloatSum Plus(const FloatSum& a, const FloatSum& b) { return {a.g + b.g, a.h + b.h}; }

// Full precision: row counts of a threshold's left side as LightGBM estimates them (it keeps no
// counts in histograms), so that the same histograms give LightGBM's splits near
// min_data_in_leaf: each bin's estimate rounded on its own, summed over the side LightGBM
// accumulates. It scans downwards (summing the right side; left = leaf rows - right) for
// features without missing values and for missing-left splits, upwards for missing-right ones.
// Quantized training keeps the rounded estimate of the whole side (ToLeaf): with a few integer
// hessian levels per row, rounding every bin on its own drifts far from the true counts.
struct FloatSideCounts {
  int64_t leaf_rows;
  int64_t numeric_rows;  // the estimates of every numeric bin, summed
  bool has_missing;
  // prefix: the estimates of bins 0..t, summed.
  int64_t Left(int64_t prefix, bool missing_left) const {
    return has_missing && !missing_left ? prefix : leaf_rows - (numeric_rows - prefix);
  }
};

FloatSideCounts MakeFloatSideCounts(const FloatReader& reader, uint32_t base, int num_numeric,
                                    bool has_missing, int64_t leaf_rows) {
  int64_t numeric_rows = 0;
  for (int t = 0; t < num_numeric; ++t)
    numeric_rows += reader.Count(reader.At(base + static_cast<uint32_t>(t)));
  return FloatSideCounts{leaf_rows, numeric_rows, has_missing};
}

// Thresholds whose bins above hold nothing of this leaf split its rows (and sums) the same way.
// The scans keep the lowest of such a run. LightGBM scans downwards (keeping the highest) for
// features without NaN and for NaN-left splits, upwards for NaN-right ones; the split moves up
// where LightGBM's would be higher, so unseen values in the empty bins go the same way as in
// LightGBM. Training rows are split alike either way. The last numeric bin is never a threshold.
template <class Reader>
uint32_t HighestTiedThreshold(const Reader& reader, uint32_t base, uint32_t t, int num_numeric) {
  while (static_cast<int>(t) + 2 < num_numeric &&
         Reader::Empty(reader.At(base + t + static_cast<uint32_t>(1)))) {
    ++t;
  }
  return t;
}

// Integer histograms without max_delta_step: prefix sums, then every threshold's gain in one
// vectorized pass. Same gains and the same choice as SplitFinder::ScanColumn.
template <class Bins>
void ScanColumnVectorized(const ColumnLayout& layout, const SplitOptions& options, int column,
                          const IntReader<Bins>& reader, const LeafSums& leaf,
                          SplitCandidate* best) {
  thread_local ScanScratch scratch;
  const uint32_t base = layout.offsets[static_cast<size_t>(column)];
  const int num_numeric = layout.num_numeric_bins[static_cast<size_t>(column)];
  const int n = num_numeric - 1;
  if (n <= 0) return;
  const bool has_missing = layout.has_missing[static_cast<size_t>(column)] != 0;
  const IntSum missing =
      has_missing ? reader.At(base + static_cast<uint32_t>(num_numeric)) : IntSum{};
  const bool try_missing_left = has_missing && !IntReader<Bins>::Empty(missing);
  scratch.Resize(static_cast<size_t>(n));
  // Prefix sums (exact integers) at the thresholds whose bin holds rows: an empty bin repeats
  // the previous threshold's sums, a tie the lower bin wins, so leaving it out changes nothing
  // (and small leaves fill few bins).
  // The right side only shrinks as the threshold rises (with the missing rows on the left it is
  // smaller still): once it is too small no later threshold is valid, so the pass stops there.
  // Its row estimate round(h * count_factor) exceeds leaf rows - min_data_in_leaf exactly when
  // h * count_factor >= that + 0.5 (h itself, an integer, with a constant hessian).
  const double max_left_rows = static_cast<double>(leaf.count - options.min_data_in_leaf);
  const double left_limit = reader.constant_hessian ? max_left_rows + 1.0 : max_left_rows + 0.5;
  const double left_factor = reader.constant_hessian ? 1.0 : reader.count_factor;
  const auto leaf_h_int = static_cast<double>(leaf.ints.h);
  IntSum acc;
  int m = 0;
  auto record = [&](int t) {
    const auto i = static_cast<size_t>(m++);
    scratch.threshold[i] = t;
    scratch.g[0][i] = static_cast<double>(acc.g);
    scratch.h[0][i] = static_cast<double>(acc.h);
  };
  // With every numeric bin up to the first empty, "only the missing rows go left" is a split
  // of its own: threshold 0 is kept when its bin is empty and the missing rows may go left.
  if (try_missing_left && IntReader<Bins>::Empty(reader.At(base))) record(0);
  // Filled bins found 64 at a time (small leaves fill few of a column's bins). The stop is
  // checked once per group: the entries added past it have a right side too small, so their
  // gains come out invalid and change nothing.
  for (int first = 0; first < n; first += 64) {
    uint64_t filled =
        reader.bins.FilledBits(base + static_cast<uint32_t>(first), std::min(64, n - first));
    while (filled != 0) {
      const int t = first + std::countr_zero(filled);
      filled &= filled - 1;
      acc += reader.At(base + static_cast<uint32_t>(t));
      record(t);
    }
    const auto h = static_cast<double>(acc.h);
    if (h * left_factor >= left_limit ||
        (leaf_h_int - h) * reader.hess_scale < options.min_sum_hessian_in_leaf) {
      break;
    }
  }
  // Each side's row count as ToLeaf computes it, in vectorized passes.
  ThresholdCounts(scratch.h[0].data(), m, reader.count_factor, reader.constant_hessian,
                  scratch.count[0].data());
  if (try_missing_left) {
    const auto mg = static_cast<double>(missing.g), mh = static_cast<double>(missing.h);
    for (int i = 0; i < m; ++i) {
      const auto k = static_cast<size_t>(i);
      scratch.g[1][k] = scratch.g[0][k] + mg;
      scratch.h[1][k] = scratch.h[0][k] + mh;
    }
    ThresholdCounts(scratch.h[1].data(), m, reader.count_factor, reader.constant_hessian,
                    scratch.count[1].data());
  }
  const GainInputs in{static_cast<double>(leaf.ints.g),
                      static_cast<double>(leaf.ints.h),
                      static_cast<double>(leaf.count),
                      reader.grad_scale,
                      reader.hess_scale,
                      static_cast<double>(options.min_data_in_leaf),
                      options.min_sum_hessian_in_leaf,
                      options.lambda_l1,
                      options.lambda_l2,
                      LeafGain(leaf.g, leaf.h, options) + options.min_gain_to_split};
  const int variants = try_missing_left ? 2 : 1;
  for (int v = 0; v < variants; ++v) {
    ThresholdGains(scratch.g[v].data(), scratch.h[v].data(), scratch.count[v].data(), m, in,
                   scratch.gains[v].data());
  }
  // Thresholds rise, missing-right before missing-left at each: the first strictly larger gain
  // wins, as in the scalar scan (an empty bin repeats the previous threshold's gain: a tie).
  int best_i = -1, best_v = 0;
  double best_gain = best->gain;
  for (int i = 0; i < m; ++i) {
    for (int v = 0; v < variants; ++v) {
      const double gain = scratch.gains[v][static_cast<size_t>(i)];
      if (gain > 0.0 && gain > best_gain) {
        best_gain = gain;
        best_i = i;
        best_v = v;
      }
    }
  }
  if (best_i < 0) return;
  const int best_t = scratch.threshold[static_cast<size_t>(best_i)];
  IntSum left_sum;
  for (int t = 0; t <= best_t; ++t) left_sum += reader.At(base + static_cast<uint32_t>(t));
  if (best_v == 1) left_sum += missing;
  best->column = column;
  best->threshold_bin = static_cast<uint32_t>(best_t);
  if (!has_missing || best_v == 1)
    best->threshold_bin = HighestTiedThreshold(reader, base, best->threshold_bin, num_numeric);
  best->default_left = best_v == 1;
  best->gain = best_gain;
  best->left = reader.ToLeaf(left_sum);
  best->right = reader.Rest(leaf, best->left);
}

// A categorical column: its bins as leaf sums, searched by FindCategoricalSplit.
template <class Reader>
void ScanCategoricalColumn(const ColumnLayout& layout, int column, const Reader& reader,
                           const LeafSums& leaf, const QuantScale* scale,
                           const SplitOptions& options, const CategoricalOptions& categorical,
                           SplitCandidate* best) {
  thread_local std::vector<LeafSums> bins;
  const uint32_t base = layout.offsets[static_cast<size_t>(column)];
  const uint32_t end = layout.offsets[static_cast<size_t>(column) + 1];
  bins.resize(end - base);
  for (uint32_t b = base; b < end; ++b) bins[b - base] = reader.ToLeaf(reader.At(b));
  FindCategoricalSplit(column, bins, leaf, scale, options, categorical, best);
}

}  // namespace

template <class Reader, class SplitGain>
void SplitFinder::ScanColumn(int column, const Reader& reader, const LeafSums& leaf,
                             const SplitGain& split_gain, SplitCandidate* best) const {
  const uint32_t base = layout_.offsets[static_cast<size_t>(column)];
  const int num_numeric = layout_.num_numeric_bins[static_cast<size_t>(column)];
  const bool has_missing = layout_.has_missing[static_cast<size_t>(column)] != 0;
  const typename Reader::Sum missing =
      has_missing ? reader.At(base + static_cast<uint32_t>(num_numeric)) : typename Reader::Sum{};
  const bool try_missing_left = has_missing && !Reader::Empty(missing);
  const double parent_gain = LeafGain(leaf.g, leaf.h, options_) + options_.min_gain_to_split;
  typename Reader::Sum acc{};
  // Returns false once the right side is too small: it only shrinks as the threshold rises.
  constexpr bool kFloat = std::is_same_v<Reader, FloatReader>;
  FloatSideCounts counts{};
  if constexpr (kFloat)
    counts = MakeFloatSideCounts(reader, base, num_numeric, has_missing, leaf.count);
  int64_t prefix_rows = 0;  // full precision: the per-bin estimates of the bins so far
  auto evaluate = [&](const typename Reader::Sum& left_sum, uint32_t bin, bool default_left) {
    LeafSums left = reader.ToLeaf(left_sum);
    if constexpr (kFloat) left.count = counts.Left(prefix_rows, default_left);
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
    const double gain = split_gain(left, right) - parent_gain;
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
    if constexpr (kFloat) prefix_rows += reader.Count(bin_sum);
    const bool right_ok = evaluate(acc, static_cast<uint32_t>(t), false);
    const bool right_ok_missing_left =
        try_missing_left && evaluate(Plus(acc, missing), static_cast<uint32_t>(t), true);
    if (!right_ok && !right_ok_missing_left) break;
  }
  if (best->column == column && (!has_missing || best->default_left)) {
    best->threshold_bin = HighestTiedThreshold(reader, base, best->threshold_bin, num_numeric);
  }
}

// Out of line: inlined, it would grow the per-column dispatch that unconstrained training runs.
template <class Reader>
__attribute__((noinline)) void SplitFinder::ScanConstrainedColumn(int column, const Reader& reader,
                                                                  const LeafSums& leaf,
                                                                  const NodeConstraints& node,
                                                                  SplitCandidate* best) const {
  const int direction = node.DirectionOf(column);
  ScanColumn(column, reader, leaf, ConstrainedSplitGain{options_, node.bounds, direction}, best);
  if (direction != 0 && best->valid()) best->gain *= node.monotone_gain_factor;
}

template <class Reader>
void SplitFinder::ScanOneColumn(int column, const Reader& reader, const LeafSums& leaf,
                                const QuantScale* scale, const NodeConstraints* node,
                                SplitCandidate* best) const {
  if (layout_.IsCategorical(column)) {
    // Categories have no order, so a monotone constraint cannot apply to them; the output
    // bounds of a constrained leaf still clamp the chosen split's outputs.
    ScanCategoricalColumn(layout_, column, reader, leaf, scale, options_, categorical_, best);
  } else if (node != nullptr && node->Applies(column)) {
    ScanConstrainedColumn(column, reader, leaf, *node, best);
  } else if constexpr (std::is_same_v<Reader, FloatReader>) {
    ScanColumn(column, reader, leaf, PlainSplitGain{options_}, best);
  } else if (options_.max_delta_step > 0.0) {
    // max_delta_step clips leaf values inside the gain: the scalar scan handles it.
    ScanColumn(column, reader, leaf, PlainSplitGain{options_}, best);
  } else {
    ScanColumnVectorized(layout_, options_, column, reader, leaf, best);
  }
}

SplitCandidate SplitFinder::FindBestSplit(const Histogram& hist, const LeafSums& leaf,
                                          const QuantScale* scale,
                                          const std::vector<uint8_t>& column_mask, int threads,
                                          const NodeConstraints* node,
                                          std::vector<uint8_t>* unsplittable,
                                          const std::vector<uint8_t>* accept) const {
  const int columns = layout_.num_columns();
  // Reused across calls (no allocation per leaf); one per calling thread, since the two
  // children of a split are searched concurrently.
  // The workers must write into the caller's vector: a thread_local named inside the lambda
  // would be each worker's own, so bind a plain reference here.
  thread_local std::vector<SplitCandidate> candidates;
  std::vector<SplitCandidate>& per_column = candidates;
  per_column.assign(static_cast<size_t>(columns), SplitCandidate{});
  const bool quantized = scale != nullptr;
  const double hess_total = quantized ? static_cast<double>(leaf.ints.h) : leaf.h;
  const double count_factor = hess_total > 0.0 ? static_cast<double>(leaf.count) / hess_total : 0.0;
  auto scan_column = [&](int64_t c) {
    if (!column_mask.empty() && column_mask[static_cast<size_t>(c)] == 0) return;
    SplitCandidate* best = &per_column[static_cast<size_t>(c)];
    if (quantized) {
      auto scan = [&](auto bins) {
        const IntReader<decltype(bins)> reader{bins, scale->grad_scale, scale->hess_scale,
                                               count_factor, scale->constant_hessian};
        ScanOneColumn(static_cast<int>(c), reader, leaf, scale, node, best);
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
      ScanOneColumn(static_cast<int>(c), FloatReader{hist.floats(), count_factor}, leaf, nullptr,
                    node, best);
    }
  };
  const int scan_threads = columns >= kMinColumnsForParallelScan ? threads : 1;
  // Threads claim groups of columns: one column (a few hundred bins) is too little work to
  // repay claiming it from the shared counter.
  const int64_t groups = (columns + kColumnsPerItem - 1) / kColumnsPerItem;
  ParallelForDynamic(groups, scan_threads, [&](int64_t group) {
    const int64_t end = std::min<int64_t>(columns, (group + 1) * kColumnsPerItem);
    for (int64_t c = group * kColumnsPerItem; c < end; ++c) scan_column(c);
  });
  SplitCandidate best;
  for (const SplitCandidate& c : per_column) {
    if (!c.valid()) continue;
    const bool accepted = accept == nullptr || (*accept)[static_cast<size_t>(c.column)] != 0;
    if (accepted && c.BetterThan(best)) best = c;
  }
  if (unsplittable != nullptr) {
    for (int c = 0; c < columns; ++c) {
      const bool searched = column_mask.empty() || column_mask[static_cast<size_t>(c)] != 0;
      if (searched && !per_column[static_cast<size_t>(c)].valid())
        (*unsplittable)[static_cast<size_t>(c)] = 1;
    }
  }
  if (best.valid()) {
    // Unbounded without constraints: Clamp then returns the value itself. Categorical
    // candidates come with their outputs (sorted splits add cat_l2).
    const OutputBounds bounds = node != nullptr ? node->bounds : OutputBounds{};
    if (best.cat_bins.empty()) {
      best.left_output = LeafOutput(best.left.g, best.left.h, options_);
      best.right_output = LeafOutput(best.right.g, best.right.h, options_);
    }
    best.left_output = bounds.Clamp(best.left_output);
    best.right_output = bounds.Clamp(best.right_output);
  }
  return best;
}

}  // namespace qgbm
