#include "learner/histogram/histogram_builder.h"

#include <utility>

#include "common/parallel_for.h"

namespace qgbm {
namespace {

constexpr int64_t kMinRowsPerBlock = 4096;
constexpr int64_t kMaxBlocks = 16;
constexpr int64_t kPrefetchDistance = 16;

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
  out->Reset(kind);
  ParallelFor(blocks, threads, [&](int64_t b) {
    Histogram* target = b == 0 ? out : &partials[static_cast<size_t>(b - 1)];
    if (b > 0) target->Reset(kind);
    const BlockRange range = BlockOf(n, blocks, b);
    if (matrix.wide()) {
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
