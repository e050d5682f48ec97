#include "learner/histogram/histogram_builder.h"

#include <algorithm>
#include <utility>

#include "common/parallel_for.h"

namespace qgbm {
namespace {

constexpr int64_t kMinRowsPerBlock = 4096;
constexpr int64_t kMaxBlocks = 16;
constexpr int64_t kPrefetchDistance = 32;

// The accumulators: what one row adds to a bin, per histogram kind.
struct Packed16Acc {
  const uint16_t* packed;
  void Prefetch(int64_t r) const { __builtin_prefetch(packed + r); }
  using Bin = uint32_t;
  Bin Value(int64_t r) const { return ToPacked16(packed[r]); }
  static void Add(Bin* h, Bin v) { *h += v; }
};
struct Packed32Acc {
  const uint16_t* packed;
  void Prefetch(int64_t r) const { __builtin_prefetch(packed + r); }
  using Bin = uint64_t;
  Bin Value(int64_t r) const { return ToPacked32(packed[r]); }
  static void Add(Bin* h, Bin v) { *h += v; }
};
struct Pair64Acc {
  const uint16_t* packed;
  void Prefetch(int64_t r) const { __builtin_prefetch(packed + r); }
  using Bin = IntSum;
  Bin Value(int64_t r) const { return {PackedRowGrad(packed[r]), PackedRowHess(packed[r])}; }
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
  static void Add(Bin* h, const Bin& v) {
    h->g += v.g;
    h->h += v.h;
  }
};

template <class BinT, class Acc>
void AccumulateRows(const BinT* bins, int num_columns, const uint32_t* offsets,
                    std::span<const int32_t> rows, int64_t begin, int64_t end, const Acc& acc,
                    typename Acc::Bin* hist) {
  for (int64_t i = begin; i < end; ++i) {
    // Leaf rows are ascending but scattered: fetch a row's bins and gradient a few rows ahead.
    if (!rows.empty() && i + kPrefetchDistance < end) {
      const int64_t ahead = rows[static_cast<size_t>(i + kPrefetchDistance)];
      __builtin_prefetch(bins + ahead * num_columns);
      acc.Prefetch(ahead);
    }
    const int64_t r = rows.empty() ? i : rows[static_cast<size_t>(i)];
    const typename Acc::Bin v = acc.Value(r);
    const BinT* row_bins = bins + r * num_columns;
    for (int c = 0; c < num_columns; ++c) Acc::Add(hist + offsets[c] + row_bins[c], v);
  }
}

// Two rows at a time into two copies of the histogram (the second right after the first in its
// storage, see Histogram::Reset), folded at the end. Consecutive rows often share a bin
// (low-cardinality columns); with one copy each add would wait for the previous store to the
// same bin. Integer kinds only: the sums are exact in any order.
template <class BinT, class Acc>
void AccumulateRowsPaired(const BinT* bins, int num_columns, const uint32_t* offsets,
                          int total_bins, std::span<const int32_t> rows, int64_t begin, int64_t end,
                          const Acc& acc, typename Acc::Bin* hist) {
  typename Acc::Bin* second = hist + total_bins;
  std::fill(second, second + total_bins, typename Acc::Bin{});
  int64_t i = begin;
  for (; i + 1 < end; i += 2) {
    if (!rows.empty() && i + kPrefetchDistance + 1 < end) {
      for (int k = 0; k < 2; ++k) {
        const int64_t ahead = rows[static_cast<size_t>(i + kPrefetchDistance + k)];
        __builtin_prefetch(bins + ahead * num_columns);
        acc.Prefetch(ahead);
      }
    }
    const int64_t ra = rows.empty() ? i : rows[static_cast<size_t>(i)];
    const int64_t rb = rows.empty() ? i + 1 : rows[static_cast<size_t>(i + 1)];
    const typename Acc::Bin va = acc.Value(ra), vb = acc.Value(rb);
    const BinT* a = bins + ra * num_columns;
    const BinT* b = bins + rb * num_columns;
    for (int c = 0; c < num_columns; ++c) {
      Acc::Add(hist + offsets[c] + a[c], va);
      Acc::Add(second + offsets[c] + b[c], vb);
    }
  }
  if (i < end) AccumulateRows(bins, num_columns, offsets, rows, i, end, acc, hist);
  for (int b = 0; b < total_bins; ++b) Acc::Add(hist + b, second[b]);
}

// Rows per bin below which folding the second copy costs more than it saves.
constexpr int64_t kMinRowsPerBinForPairs = 2;

template <class Acc>
typename Acc::Bin* BinsOf(Histogram* h);
template <>
uint32_t* BinsOf<Packed16Acc>(Histogram* h) {
  return h->packed16();
}
template <>
uint64_t* BinsOf<Packed32Acc>(Histogram* h) {
  return h->packed32();
}
template <>
IntSum* BinsOf<Pair64Acc>(Histogram* h) {
  return h->pair64();
}
template <>
FloatSum* BinsOf<FloatAcc>(Histogram* h) {
  return h->floats();
}

}  // namespace

HistogramBuilder::HistogramBuilder(const BinnedMatrix& matrix, std::vector<uint32_t> column_offsets,
                                   int threads)
    : matrix_(matrix), column_offsets_(std::move(column_offsets)), threads_(threads) {}

template <class Acc>
static void BuildWith(const BinnedMatrix& matrix, const uint32_t* offsets,
                      std::span<const int32_t> rows, const Acc& acc, HistKind kind, Histogram* out,
                      std::vector<Histogram>& partials, int threads) {
  const int64_t n = rows.empty() ? matrix.num_rows() : static_cast<int64_t>(rows.size());
  const int64_t blocks = NumBlocks(n, kMinRowsPerBlock, kMaxBlocks);
  while (static_cast<int64_t>(partials.size()) < blocks - 1)
    partials.emplace_back(out->total_bins());
  const int total_bins = out->total_bins();
  // Two copies per block (AccumulateRowsPaired) for packed kinds when the rows repay folding.
  const bool paired =
      Histogram::BytesPerBin(kind) <= 8 && n / blocks >= kMinRowsPerBinForPairs * total_bins;
  const int copies = paired ? 2 : 1;
  out->Reset(kind, copies);
  ParallelFor(blocks, threads, [&](int64_t b) {
    Histogram* target = b == 0 ? out : &partials[static_cast<size_t>(b - 1)];
    if (b > 0) target->Reset(kind, copies);
    const BlockRange range = BlockOf(n, blocks, b);
    if (paired) {
      if (matrix.wide()) {
        AccumulateRowsPaired(matrix.bins16(), matrix.num_columns(), offsets, total_bins, rows,
                             range.begin, range.end, acc, BinsOf<Acc>(target));
      } else {
        AccumulateRowsPaired(matrix.bins8(), matrix.num_columns(), offsets, total_bins, rows,
                             range.begin, range.end, acc, BinsOf<Acc>(target));
      }
    } else if (matrix.wide()) {
      AccumulateRows(matrix.bins16(), matrix.num_columns(), offsets, rows, range.begin, range.end,
                     acc, BinsOf<Acc>(target));
    } else {
      AccumulateRows(matrix.bins8(), matrix.num_columns(), offsets, rows, range.begin, range.end,
                     acc, BinsOf<Acc>(target));
    }
  });
  for (int64_t b = 1; b < blocks; ++b) AddHistogram(partials[static_cast<size_t>(b - 1)], out);
}

void HistogramBuilder::Build(std::span<const int32_t> rows, const GradientView& gradients,
                             HistKind kind, Histogram* out) {
  const uint32_t* offsets = column_offsets_.data();
  switch (kind) {
    case HistKind::kPacked16:
      BuildWith(matrix_, offsets, rows, Packed16Acc{gradients.packed}, kind, out, partials_,
                threads_);
      break;
    case HistKind::kPacked32:
      BuildWith(matrix_, offsets, rows, Packed32Acc{gradients.packed}, kind, out, partials_,
                threads_);
      break;
    case HistKind::kPair64:
      BuildWith(matrix_, offsets, rows, Pair64Acc{gradients.packed}, kind, out, partials_,
                threads_);
      break;
    case HistKind::kFloat:
      BuildWith(matrix_, offsets, rows, FloatAcc{gradients.grad, gradients.hess}, kind, out,
                partials_, threads_);
      break;
  }
}

}  // namespace qgbm
