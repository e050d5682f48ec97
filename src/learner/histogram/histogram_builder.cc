#include "learner/histogram/histogram_builder.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

#include "common/parallel_for.h"
#include "learner/histogram/strided_row_kernels.h"

namespace qgbm {
namespace {

constexpr int64_t kMinRowsPerBlock = 4096;
constexpr int64_t kMaxBlocks = 16;
constexpr int64_t kPrefetchDistance = 32;

// Row blocks of a row-wise build, each filling its own partial histogram. Float sums depend on
// how rows are grouped, so their blocks depend only on the row count; integer sums are exact in
// any grouping, so they take one block per thread (fewer partials to clear and add).
int64_t RowBlocks(int64_t n, HistKind kind, int threads) {
  const int64_t blocks = NumBlocks(n, kMinRowsPerBlock, kMaxBlocks);
  if (kind == HistKind::kFloat) return blocks;
  return std::min<int64_t>(blocks, std::max(threads, 1));
}

// The accumulators: what one row adds to a bin, per histogram kind. Value(r) reads row r's
// gradient from its array; the strided kernels call ValueAt(r, row bytes), which the slot
// variants (FromSlots) answer from the row itself.
struct Packed16Acc {
  const uint16_t* packed;
  void Prefetch(int64_t r) const { __builtin_prefetch(packed + r); }
  using Bin = uint32_t;
  static Bin FromWord(uint16_t w) { return ToPacked16(w); }
  Bin Value(int64_t r) const { return FromWord(packed[r]); }
  Bin ValueAt(int64_t r, const uint8_t* /*row*/) const { return Value(r); }
  static void Add(Bin* h, Bin v) { *h += v; }
};
struct Packed32Acc {
  const uint16_t* packed;
  void Prefetch(int64_t r) const { __builtin_prefetch(packed + r); }
  using Bin = uint64_t;
  static Bin FromWord(uint16_t w) { return ToPacked32(w); }
  Bin Value(int64_t r) const { return FromWord(packed[r]); }
  Bin ValueAt(int64_t r, const uint8_t* /*row*/) const { return Value(r); }
  static void Add(Bin* h, Bin v) { *h += v; }
};
struct Pair64Acc {
  const uint16_t* packed;
  void Prefetch(int64_t r) const { __builtin_prefetch(packed + r); }
  using Bin = IntSum;
  static Bin FromWord(uint16_t w) { return {PackedRowGrad(w), PackedRowHess(w)}; }
  Bin Value(int64_t r) const { return FromWord(packed[r]); }
  Bin ValueAt(int64_t r, const uint8_t* /*row*/) const { return Value(r); }
  static void Add(Bin* h, const Bin& v) { *h += v; }
};
struct FixedAcc {
  const int64_t* grad;
  const int64_t* hess;
  void Prefetch(int64_t r) const {
    __builtin_prefetch(grad + r);
    __builtin_prefetch(hess + r);
  }
  using Bin = IntSum;
  Bin Value(int64_t r) const { return {grad[r], hess[r]}; }
  Bin ValueAt(int64_t r, const uint8_t* /*row*/) const { return Value(r); }
  static void Add(Bin* h, const Bin& v) { *h += v; }
};
struct FloatAcc {
  const float* grad;
  const float* hess;
  void Prefetch(int64_t r) const {
    __builtin_prefetch(grad + r);
    __builtin_prefetch(hess + r);
  }
  using Bin = FloatSum;
  Bin Value(int64_t r) const {
    return {static_cast<double>(grad[r]), static_cast<double>(hess[r])};
  }
  Bin ValueAt(int64_t r, const uint8_t* /*row*/) const { return Value(r); }
  static void Add(Bin* h, const Bin& v) {
    h->g += v.g;
    h->h += v.h;
  }
};
// A packed accumulator reading each row's word from its gradient slot
// (BinnedMatrix::WriteGradientSlots): the row's cache line brings its gradient along.
template <class Acc>
struct FromSlots {
  int64_t slot;  // byte offset of the slot in a row
  void Prefetch(int64_t /*r*/) const {}
  using Bin = typename Acc::Bin;
  Bin ValueAt(int64_t /*r*/, const uint8_t* row) const {
    uint16_t w;
    std::memcpy(&w, row + slot, sizeof(w));
    return Acc::FromWord(w);
  }
  static void Add(Bin* h, const Bin& v) { Acc::Add(h, v); }
};

template <class RowView, class Acc>
void AccumulateRows(const RowView& bins, int num_columns, const uint32_t* offsets,
                    std::span<const int32_t> rows, int64_t begin, int64_t end, const Acc& acc,
                    typename Acc::Bin* hist) {
  for (int64_t i = begin; i < end; ++i) {
    // Leaf rows are ascending but scattered: fetch a row's bins and gradient a few rows ahead.
    if (!rows.empty() && i + kPrefetchDistance < end) {
      const int64_t ahead = rows[static_cast<size_t>(i + kPrefetchDistance)];
      __builtin_prefetch(bins.Row(ahead));
      acc.Prefetch(ahead);
    }
    const int64_t r = rows.empty() ? i : rows[static_cast<size_t>(i)];
    const typename Acc::Bin v = acc.Value(r);
    const auto* row_bins = bins.Row(r);
    RowView::ForEachCell(row_bins, num_columns,
                         [&](int c, uint32_t bin) { Acc::Add(hist + offsets[c] + bin, v); });
  }
}

// Two rows at a time into two copies of the histogram (the second right after the first in its
// storage, see Histogram::Reset), folded at the end. Consecutive rows often share a bin
// (low-cardinality columns); with one copy each add would wait for the previous store to the
// same bin. Integer kinds only: the sums are exact in any order.
template <class RowView, class Acc>
void AccumulateRowsPaired(const RowView& bins, int num_columns, const uint32_t* offsets,
                          int total_bins, std::span<const int32_t> rows, int64_t begin, int64_t end,
                          const Acc& acc, typename Acc::Bin* hist) {
  typename Acc::Bin* second = hist + total_bins;
  std::fill(second, second + total_bins, typename Acc::Bin{});
  int64_t i = begin;
  for (; i + 1 < end; i += 2) {
    if (!rows.empty() && i + kPrefetchDistance + 1 < end) {
      for (int k = 0; k < 2; ++k) {
        const int64_t ahead = rows[static_cast<size_t>(i + kPrefetchDistance + k)];
        __builtin_prefetch(bins.Row(ahead));
        acc.Prefetch(ahead);
      }
    }
    const int64_t ra = rows.empty() ? i : rows[static_cast<size_t>(i)];
    const int64_t rb = rows.empty() ? i + 1 : rows[static_cast<size_t>(i + 1)];
    const typename Acc::Bin va = acc.Value(ra), vb = acc.Value(rb);
    const auto* a = bins.Row(ra);
    const auto* b = bins.Row(rb);
    if constexpr (std::is_same_v<RowView, RowBins4>) {
      RowView::ForEachCell(a, num_columns,
                           [&](int c, uint32_t bin) { Acc::Add(hist + offsets[c] + bin, va); });
      RowView::ForEachCell(b, num_columns,
                           [&](int c, uint32_t bin) { Acc::Add(second + offsets[c] + bin, vb); });
    } else {
      for (int c = 0; c < num_columns; ++c) {
        Acc::Add(hist + offsets[c] + RowView::At(a, c), va);
        Acc::Add(second + offsets[c] + RowView::At(b, c), vb);
      }
    }
  }
  if (i < end) AccumulateRows(bins, num_columns, offsets, rows, i, end, acc, hist);
  for (int b = 0; b < total_bins; ++b) Acc::Add(hist + b, second[b]);
}

// Column-wise: one column of the leaf's rows into that column's slice of the histogram, from
// values gathered once per leaf in row order. The slice (a few hundred bins) stays in L1, and
// columns are independent, so threads split columns with nothing to merge. Two copies as in
// AccumulateRowsPaired when the slice is small next to the rows (integer kinds only: `paired`).
template <class ColumnView, class Bin, class AddFn>
void AccumulateColumn(const ColumnView& column, std::span<const int32_t> rows, const Bin* values,
                      int64_t n, Bin* hist, int bins, bool paired, AddFn add) {
  if (!paired) {
    for (int64_t i = 0; i < n; ++i) {
      const int64_t r = rows.empty() ? i : rows[static_cast<size_t>(i)];
      add(hist + column[r], values[i]);
    }
    return;
  }
  Bin* second = hist + bins;  // scratch after the slice's bins: the caller provides it
  std::fill(second, second + bins, Bin{});
  int64_t i = 0;
  for (; i + 1 < n; i += 2) {
    const int64_t ra = rows.empty() ? i : rows[static_cast<size_t>(i)];
    const int64_t rb = rows.empty() ? i + 1 : rows[static_cast<size_t>(i + 1)];
    add(hist + column[ra], values[i]);
    add(second + column[rb], values[i + 1]);
  }
  if (i < n) add(hist + column[rows.empty() ? i : rows[static_cast<size_t>(i)]], values[i]);
  for (int b = 0; b < bins; ++b) add(hist + b, second[b]);
}

// Rows per bin below which folding the second copy costs more than it saves.
constexpr int64_t kMinRowsPerBinForPairs = 2;
// Both copies must stay in L1 (32 KiB on current x86 cores); past it the second copy's misses
// cost more than the store-forwarding stalls it avoids (measured: 28 dense columns lose 10 %).
constexpr size_t kMaxPairedBytes = 32 * 1024;

// The histogram's bins of one kind, by bin type.
template <class Bin>
Bin* BinsOf(Histogram* h);
template <>
uint32_t* BinsOf<uint32_t>(Histogram* h) {
  return h->packed16();
}
template <>
uint64_t* BinsOf<uint64_t>(Histogram* h) {
  return h->packed32();
}
template <>
IntSum* BinsOf<IntSum>(Histogram* h) {
  return h->pair64();
}
template <>
FloatSum* BinsOf<FloatSum>(Histogram* h) {
  return h->floats();
}

// 32-bit builds of one-byte rows sum short runs into 16-bit fields first
// (AccumulateRowsStaged); StageOf gives the 16-bit accumulator reading the same gradients.
template <class Acc>
constexpr bool kStagedKind =
    std::is_same_v<Acc, Packed32Acc> || std::is_same_v<Acc, FromSlots<Packed32Acc>>;
Packed16Acc StageOf(const Packed32Acc& acc) { return {acc.packed}; }
FromSlots<Packed16Acc> StageOf(const FromSlots<Packed32Acc>& acc) { return {acc.slot}; }

}  // namespace

HistogramBuilder::HistogramBuilder(const BinnedMatrix& matrix, std::vector<uint32_t> column_offsets,
                                   int threads, HistogramLayout layout)
    : matrix_(matrix),
      column_offsets_(std::move(column_offsets)),
      threads_(threads),
      layout_(layout) {
  for (size_t c = 0; c + 1 < column_offsets_.size(); ++c) {
    max_column_bins_ =
        std::max(max_column_bins_, static_cast<int>(column_offsets_[c + 1] - column_offsets_[c]));
  }
  // Padding costs cache and a per-block scratch copy: only for histograms that stay small
  // (wide rows keep the compact layout: 784 columns lost 30 % in full precision).
  const int64_t padded = static_cast<int64_t>(matrix_.num_columns()) * max_column_bins_;
  strided_ = matrix_.width() == BinWidth::k8 && matrix_.num_columns() > 0 &&
             padded <= kMaxPaddedBins &&
             (padded <= kSmallPaddedBins || padded * 4 <= static_cast<int64_t>(total_bins()) * 5);
}

template <class Acc>
static void BuildWith(const BinnedMatrix& matrix, const uint32_t* offsets,
                      std::span<const int32_t> rows, const Acc& acc, HistKind kind, Histogram* out,
                      std::vector<Histogram>& partials, int threads) {
  const int64_t n = rows.empty() ? matrix.num_rows() : static_cast<int64_t>(rows.size());
  const int64_t blocks = RowBlocks(n, kind, threads);
  while (static_cast<int64_t>(partials.size()) < blocks - 1)
    partials.emplace_back(out->total_bins());
  const int total_bins = out->total_bins();
  // Two copies per block (AccumulateRowsPaired) for packed kinds when the rows repay folding.
  const size_t paired_bytes = 2 * Histogram::BytesPerBin(kind) * static_cast<size_t>(total_bins);
  const bool paired = Histogram::BytesPerBin(kind) <= 8 && paired_bytes <= kMaxPairedBytes &&
                      n / blocks >= kMinRowsPerBinForPairs * total_bins;
  const int copies = paired ? 2 : 1;
  out->Reset(kind, copies);
  ParallelFor(blocks, threads, [&](int64_t b) {
    Histogram* target = b == 0 ? out : &partials[static_cast<size_t>(b - 1)];
    if (b > 0) target->Reset(kind, copies);
    const BlockRange range = BlockOf(n, blocks, b);
    matrix.VisitRows([&](const auto& view) {
      if (paired) {
        AccumulateRowsPaired(view, matrix.num_columns(), offsets, total_bins, rows, range.begin,
                             range.end, acc, BinsOf<typename Acc::Bin>(target));
      } else {
        AccumulateRows(view, matrix.num_columns(), offsets, rows, range.begin, range.end, acc,
                       BinsOf<typename Acc::Bin>(target));
      }
    });
  });
  for (int64_t b = 1; b < blocks; ++b) AddHistogram(partials[static_cast<size_t>(b - 1)], out);
}

// Rows [begin, end) into a padded block histogram of 32-bit fields in runs of `run` rows, each
// summed first into `stage`, a padded histogram of 16-bit fields (half the bytes: it stays in L1
// where the 32-bit one does not; measured 1.1-1.3x), then widened into `hist`.
template <class Acc16>
void AccumulateRowsStaged(const RowBins8& view, int columns, int64_t stride,
                          std::span<const int32_t> rows, int64_t begin, int64_t end,
                          const Acc16& acc, int64_t run, uint32_t* stage, uint64_t* hist) {
  const int64_t cells = static_cast<int64_t>(columns) * stride;
  for (int64_t lo = begin; lo < end; lo += run) {
    std::fill(stage, stage + cells, 0u);
    AccumulateRowsStrided(view, columns, stride, rows, lo, std::min(end, lo + run), acc, stage);
    for (int64_t b = 0; b < cells; ++b) Packed32Acc::Add(hist + b, Encode32(Decode16(stage[b])));
  }
}

// Row-wise over one-byte cells into padded per-block histograms (strided_row_kernels.h), then
// copied into the compact histogram, blocks added in block order (the float sums come out as in
// BuildWith).
template <class Acc>
static void BuildStrided(const BinnedMatrix& matrix, const uint32_t* offsets, int stride,
                         std::span<const int32_t> rows, const Acc& acc, int quant_bins,
                         HistKind kind, Histogram* out, std::vector<uint64_t>& scratch,
                         int threads) {
  using Bin = typename Acc::Bin;
  const int columns = matrix.num_columns();
  const int64_t n = rows.empty() ? matrix.num_rows() : static_cast<int64_t>(rows.size());
  const int64_t blocks = RowBlocks(n, kind, threads);
  const int64_t cells = static_cast<int64_t>(columns) * stride;
  const size_t paired_bytes = 2 * sizeof(Bin) * static_cast<size_t>(cells);
  const bool paired = kind != HistKind::kFloat && sizeof(Bin) <= 8 &&
                      paired_bytes <= kMaxPairedBytes &&
                      n / blocks >= kMinRowsPerBinForPairs * cells;
  // Rows per 16-bit run of a 32-bit build (0: no staging).
  int64_t run = 0;
  if constexpr (kStagedKind<Acc>) {
    if (!paired && quant_bins > 0) run = ((int64_t{1} << 16) - 1) / quant_bins;
  }
  const int64_t copies = paired ? 2 : 1;
  const size_t words = (static_cast<size_t>(cells * copies) * sizeof(Bin) + 7) / 8;
  const size_t stage_words = run > 0 ? (static_cast<size_t>(cells) * 4 + 7) / 8 : 0;
  const size_t block_words = words + stage_words;
  if (scratch.size() < block_words * static_cast<size_t>(blocks))
    scratch.resize(block_words * static_cast<size_t>(blocks));
  auto block_bins = [&](int64_t b) {
    return reinterpret_cast<Bin*>(scratch.data() + block_words * static_cast<size_t>(b));
  };
  ParallelFor(blocks, threads, [&](int64_t b) {
    Bin* target = block_bins(b);
    std::fill(target, target + cells * copies, Bin{});
    const BlockRange range = BlockOf(n, blocks, b);
    const RowBins8 view{matrix.RowData8(), matrix.row_stride8()};
    if constexpr (kStagedKind<Acc>) {
      if (run > 0) {
        auto* stage = reinterpret_cast<uint32_t*>(scratch.data() +
                                                  block_words * static_cast<size_t>(b) + words);
        AccumulateRowsStaged(view, columns, stride, rows, range.begin, range.end, StageOf(acc), run,
                             stage, target);
        return;
      }
    }
    if (paired) {
      AccumulateRowsStridedPaired(view, columns, stride, rows, range.begin, range.end, acc, target);
    } else {
      AccumulateRowsStrided(view, columns, stride, rows, range.begin, range.end, acc, target);
    }
  });
  out->Reset(kind);
  Bin* compact = BinsOf<typename Acc::Bin>(out);
  for (int c = 0; c < columns; ++c) {
    const int bins = static_cast<int>(offsets[c + 1] - offsets[c]);
    Bin* to = compact + offsets[c];
    const int64_t from = static_cast<int64_t>(c) * stride;
    std::copy(block_bins(0) + from, block_bins(0) + from + bins, to);
    for (int64_t b = 1; b < blocks; ++b) {
      const Bin* part = block_bins(b) + from;
      for (int k = 0; k < bins; ++k) Acc::Add(to + k, part[k]);
    }
  }
}

template <class Acc>
void HistogramBuilder::BuildColumnWise(std::span<const int32_t> rows, const Acc& acc, HistKind kind,
                                       Histogram* out) {
  using Bin = typename Acc::Bin;
  const int64_t n = rows.empty() ? matrix_.num_rows() : static_cast<int64_t>(rows.size());
  // The leaf's gradient values, gathered once in row order and shared by every column.
  const size_t words = (static_cast<size_t>(n) * sizeof(Bin) + 7) / 8;
  if (gathered_.size() < words) gathered_.resize(words);
  Bin* values = reinterpret_cast<Bin*>(gathered_.data());
  const int64_t gather_blocks = NumBlocks(n, 65536, 64);
  ParallelFor(gather_blocks, threads_, [&](int64_t b) {
    const BlockRange range = BlockOf(n, gather_blocks, b);
    for (int64_t i = range.begin; i < range.end; ++i)
      values[i] = acc.Value(rows.empty() ? i : rows[static_cast<size_t>(i)]);
  });
  out->Reset(kind);
  Bin* hist = BinsOf<typename Acc::Bin>(out);
  const int columns = matrix_.num_columns();
  const uint32_t* offsets = column_offsets_.data();
  const bool integer = kind != HistKind::kFloat;
  // Per-thread scratch for the second copy of one column's slice.
  const int max_bins = max_column_bins_;
  const auto workers = static_cast<size_t>(threads_ > 0 ? threads_ : 1);
  const size_t scratch_words = (static_cast<size_t>(2 * max_bins) * sizeof(Bin) + 7) / 8;
  if (column_scratch_.size() < scratch_words * workers)
    column_scratch_.resize(scratch_words * workers);
  auto add = [](Bin* h, const Bin& v) { Acc::Add(h, v); };
  ParallelForDynamic(columns, threads_, [&](int64_t c) {
    const int bins = static_cast<int>(offsets[c + 1] - offsets[c]);
    Bin* slice = hist + offsets[c];
    const bool paired = integer && n >= kMinRowsPerBinForPairs * 4 * bins;
    if (!paired) {
      matrix_.VisitColumn(static_cast<int>(c), [&](const auto& column) {
        AccumulateColumn(column, rows, values, n, slice, bins, false, add);
      });
      return;
    }
    // Accumulate into per-thread scratch (two copies), then add into the slice.
    Bin* local = reinterpret_cast<Bin*>(column_scratch_.data() +
                                        scratch_words * static_cast<size_t>(CurrentThreadIndex()));
    std::fill(local, local + bins, Bin{});
    matrix_.VisitColumn(static_cast<int>(c), [&](const auto& column) {
      AccumulateColumn(column, rows, values, n, local, bins, true, add);
    });
    for (int b = 0; b < bins; ++b) Acc::Add(slice + b, local[b]);
  });
}

bool HistogramBuilder::UseColumnWise(int64_t leaf_rows) const {
  switch (layout_) {
    case HistogramLayout::kRowWise:
      return false;
    case HistogramLayout::kColumnWise:
      return true;
    case HistogramLayout::kAuto:
      break;
  }
  // Column-wise reads each column of the leaf's rows separately: it pays when the leaf holds
  // most rows (the reads are nearly sequential) and rows are wide (a row-wise histogram of many
  // columns does not fit in L1, and row-wise threads each need a whole partial histogram).
  return matrix_.num_columns() >= kMinColumnsForColumnWise &&
         leaf_rows * kDenseLeafFraction >= matrix_.num_rows();
}

template <class Acc>
void HistogramBuilder::BuildInLayout(std::span<const int32_t> rows, const Acc& acc, int quant_bins,
                                     HistKind kind, Histogram* out) {
  const int64_t n = rows.empty() ? matrix_.num_rows() : static_cast<int64_t>(rows.size());
  if (UseColumnWise(n)) {
    BuildColumnWise(rows, acc, kind, out);
  } else if (strided_) {
    BuildStrided(matrix_, column_offsets_.data(), max_column_bins_, rows, acc, quant_bins, kind,
                 out, strided_scratch_, threads_);
  } else {
    BuildWith(matrix_, column_offsets_.data(), rows, acc, kind, out, partials_, threads_);
  }
}

void HistogramBuilder::Build(std::span<const int32_t> rows, const GradientView& gradients,
                             HistKind kind, Histogram* out) {
  const int64_t n = rows.empty() ? matrix_.num_rows() : static_cast<int64_t>(rows.size());
  if (gradients.fixed_grad != nullptr && kind == HistKind::kPair64) {
    BuildInLayout(rows, FixedAcc{gradients.fixed_grad, gradients.fixed_hess}, 0, kind, out);
    return;
  }
  // Packed words in the rows' gradient slots: only the padded row kernels read them.
  if (gradients.packed_in_rows && matrix_.HasGradientSlots() && strided_ && !UseColumnWise(n)) {
    const uint32_t* offsets = column_offsets_.data();
    const int stride = max_column_bins_;
    const int64_t slot = matrix_.gradient_slot_offset();
    switch (kind) {
      case HistKind::kPacked16:
        BuildStrided(matrix_, offsets, stride, rows, FromSlots<Packed16Acc>{slot},
                     gradients.quant_bins, kind, out, strided_scratch_, threads_);
        return;
      case HistKind::kPacked32:
        BuildStrided(matrix_, offsets, stride, rows, FromSlots<Packed32Acc>{slot},
                     gradients.quant_bins, kind, out, strided_scratch_, threads_);
        return;
      case HistKind::kPair64:
        BuildStrided(matrix_, offsets, stride, rows, FromSlots<Pair64Acc>{slot},
                     gradients.quant_bins, kind, out, strided_scratch_, threads_);
        return;
      case HistKind::kFloat:
        break;  // float gradients have no slot
    }
  }
  switch (kind) {
    case HistKind::kPacked16:
      BuildInLayout(rows, Packed16Acc{gradients.packed}, gradients.quant_bins, kind, out);
      return;
    case HistKind::kPacked32:
      BuildInLayout(rows, Packed32Acc{gradients.packed}, gradients.quant_bins, kind, out);
      return;
    case HistKind::kPair64:
      BuildInLayout(rows, Pair64Acc{gradients.packed}, gradients.quant_bins, kind, out);
      return;
    case HistKind::kFloat:
      BuildInLayout(rows, FloatAcc{gradients.grad, gradients.hess}, 0, kind, out);
      return;
  }
}

}  // namespace qgbm
