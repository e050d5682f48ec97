#include "data/binned_matrix.h"

#include <algorithm>
#include <cstring>

#include "common/parallel_for.h"

namespace qgbm {
namespace {

// Rows of `rs` cells (rs >= the column count; cells past the columns are left zero).
template <class BinT>
void FillBins(const RawData& raw, const BinMapper& mapper, const std::vector<int>& features,
              int64_t rs, int threads, LargeVector<BinT>* out) {
  const int64_t n = raw.num_rows;
  const int nc = static_cast<int>(features.size());
  const int nf = raw.num_features;
  out->assign(static_cast<size_t>(n * rs), BinT{0});
  BinT* dst = out->data();
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    int64_t r = range.begin;
    // Four rows at a time, so each feature's four searches run side by side (BinOf4).
    for (; r + 4 <= range.end; r += 4) {
      for (int c = 0; c < nc; ++c) {
        const int f = features[static_cast<size_t>(c)];
        float v[4];
        uint32_t bins[4];
        for (int k = 0; k < 4; ++k) v[k] = raw.values[static_cast<size_t>((r + k) * nf + f)];
        mapper.BinOf4(f, v, bins);
        for (int k = 0; k < 4; ++k) dst[(r + k) * rs + c] = static_cast<BinT>(bins[k]);
      }
    }
    for (; r < range.end; ++r) {
      const float* row = raw.values.data() + r * nf;
      for (int c = 0; c < nc; ++c) {
        dst[r * rs + c] = static_cast<BinT>(
            mapper.BinOf(features[static_cast<size_t>(c)], row[features[static_cast<size_t>(c)]]));
      }
    }
  });
}

// Categorical columns, binned by code lookup. FillBins binned them as numbers first (with
// placeholder cuts); this pass overwrites them, so the numeric loop above stays as it is.
template <class BinT>
void FillCategoricalBins(const RawData& raw, const BinMapper& mapper,
                         const std::vector<int>& features, int64_t rs, int threads,
                         LargeVector<BinT>* out) {
  std::vector<int> columns;
  for (size_t c = 0; c < features.size(); ++c) {
    if (mapper.IsCategorical(features[c])) columns.push_back(static_cast<int>(c));
  }
  if (columns.empty()) return;
  const int64_t n = raw.num_rows;
  const int nf = raw.num_features;
  BinT* dst = out->data();
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t r = range.begin; r < range.end; ++r) {
      for (int c : columns) {
        const int f = features[static_cast<size_t>(c)];
        dst[r * rs + c] = static_cast<BinT>(
            mapper.CategoricalBinOf(f, raw.values[static_cast<size_t>(r * nf + f)]));
      }
    }
  });
}

// Rows of `rs` cells (the first nc of them bins) into nc columns of n cells.
template <class BinT>
void Transpose(const LargeVector<BinT>& rows, int64_t n, int nc, int64_t rs, int threads,
               LargeVector<BinT>* columns) {
  columns->resize(static_cast<size_t>(n * nc) + kColumnPadding);
  BinT* dst = columns->data();
  const int64_t blocks = NumBlocks(n, 65536, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    // Tiles of rows that stay in cache while every column reads them: a whole block at once
    // would fetch a new cache line for every cell of a wide matrix.
    constexpr int64_t kTileRows = 64;
    for (int64_t tile = range.begin; tile < range.end; tile += kTileRows) {
      const int64_t tile_end = std::min(range.end, tile + kTileRows);
      for (int c = 0; c < nc; ++c) {
        for (int64_t r = tile; r < tile_end; ++r)
          dst[c * n + r] = rows[static_cast<size_t>(r * rs + c)];
      }
    }
  });
}

// Packs byte cells (values < 16) two per byte, low nibble first: rows of `nc` cells into rows of
// (nc + 1) / 2 bytes, and columns of n cells into columns of (n + 1) / 2 bytes.
void PackRows4(const LargeVector<uint8_t>& cells, int64_t n, int nc, int threads,
               LargeVector<uint8_t>* out) {
  const int64_t stride = (nc + 1) / 2;
  out->assign(static_cast<size_t>(n * stride), 0);
  uint8_t* dst = out->data();
  const int64_t blocks = NumBlocks(n, 65536, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t r = range.begin; r < range.end; ++r) {
      for (int c = 0; c < nc; ++c) {
        dst[r * stride + (c >> 1)] |=
            static_cast<uint8_t>(cells[static_cast<size_t>(r * nc + c)] << ((c & 1) << 2));
      }
    }
  });
}

void PackColumns4(const LargeVector<uint8_t>& columns, int64_t n, int nc, int threads,
                  LargeVector<uint8_t>* out) {
  const auto stride = static_cast<size_t>((n + 1) / 2);
  out->assign(stride * static_cast<size_t>(nc) + kColumnPadding, 0);
  uint8_t* dst = out->data();
  ParallelFor(nc, threads, [&](int64_t c) {
    const uint8_t* src = columns.data() + static_cast<size_t>(c) * static_cast<size_t>(n);
    uint8_t* col = dst + static_cast<size_t>(c) * stride;
    for (int64_t r = 0; r < n; ++r) col[r >> 1] |= static_cast<uint8_t>(src[r] << ((r & 1) << 2));
  });
}

// Calls fn(r) for every r in [0, n), in blocks of rows spread over the threads.
template <class Fn>
void ForEachRowBlock(int64_t n, int threads, Fn&& fn) {
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t r = range.begin; r < range.end; ++r) fn(r);
  });
}

}  // namespace

BinnedMatrix::BinnedMatrix(const RawData& raw, const BinMapper& mapper,
                           const std::vector<int>& features, int threads, bool allow_4bit,
                           int64_t gradient_slot_min_bytes)
    : num_rows_(raw.num_rows), num_columns_(static_cast<int>(features.size())) {
  int max_bins = 1;
  for (int f : features) max_bins = mapper.NumBins(f) > max_bins ? mapper.NumBins(f) : max_bins;
  const int nc = num_columns_;
  if (max_bins <= 16 && allow_4bit) {
    // Half the bytes to stream for histograms and partitions.
    LargeVector<uint8_t> cells, columns;
    FillBins(raw, mapper, features, nc, threads, &cells);
    FillCategoricalBins(raw, mapper, features, nc, threads, &cells);
    Transpose(cells, num_rows_, nc, nc, threads, &columns);
    PackRows4(cells, num_rows_, nc, threads, &rows_);
    PackColumns4(columns, num_rows_, nc, threads, &columns_);
    width_ = BinWidth::k4;
  } else if (max_bins <= 256) {
    row_stride8_ = RowStride8For(nc, num_rows_, gradient_slot_min_bytes);
    FillBins(raw, mapper, features, row_stride8_, threads, &rows_);
    FillCategoricalBins(raw, mapper, features, row_stride8_, threads, &rows_);
    Transpose(rows_, num_rows_, nc, row_stride8_, threads, &columns_);
    width_ = BinWidth::k8;
  } else {
    FillBins(raw, mapper, features, nc, threads, &rows16_);
    FillCategoricalBins(raw, mapper, features, nc, threads, &rows16_);
    Transpose(rows16_, num_rows_, nc, nc, threads, &columns16_);
    width_ = BinWidth::k16;
  }
}

BinnedMatrix BinnedMatrix::SelectRows(std::span<const int32_t> rows, int threads) const {
  BinnedMatrix m;
  m.num_rows_ = static_cast<int64_t>(rows.size());
  m.num_columns_ = num_columns_;
  m.width_ = width_;
  const int64_t n = m.num_rows_;
  const int nc = num_columns_;
  if (width_ == BinWidth::k16) {
    m.rows16_.resize(static_cast<size_t>(n * nc));
    ForEachRowBlock(n, threads, [&](int64_t r) {
      const uint16_t* src =
          rows16_.data() + static_cast<int64_t>(rows[static_cast<size_t>(r)]) * nc;
      std::copy(src, src + nc, m.rows16_.data() + r * nc);
    });
    Transpose(m.rows16_, n, nc, nc, threads, &m.columns16_);
    return m;
  }
  // One byte per cell first (4-bit cells unpacked, rows padded as this width's), then the
  // layout of this width.
  const int64_t rs = width_ == BinWidth::k8 ? row_stride8_ : nc;
  LargeVector<uint8_t> cells(static_cast<size_t>(n * rs), 0);
  ForEachRowBlock(n, threads, [&](int64_t r) {
    for (int c = 0; c < nc; ++c)
      cells[static_cast<size_t>(r * rs + c)] =
          static_cast<uint8_t>(Bin(rows[static_cast<size_t>(r)], c));
  });
  LargeVector<uint8_t> columns;
  Transpose(cells, n, nc, rs, threads, &columns);
  if (width_ == BinWidth::k8) {
    m.row_stride8_ = rs;
    m.rows_ = std::move(cells);
    m.columns_ = std::move(columns);
  } else {
    PackRows4(cells, n, nc, threads, &m.rows_);
    PackColumns4(columns, n, nc, threads, &m.columns_);
  }
  return m;
}

int64_t BinnedMatrix::RowStride8For(int columns, int64_t rows, int64_t gradient_slot_min_bytes) {
  if (rows * columns < gradient_slot_min_bytes) return columns;
  // The smallest power of two with room for the bins and a two-byte slot, when it costs at most
  // half again the bytes of plain rows and stays within one cache line (aligned rows then never
  // straddle two lines). Narrower rows (flights_3m: 7 columns) keep no slot: 16-byte rows
  // measured slower on their denser leaves.
  int64_t stride = 16;
  while (stride < columns + 2) stride *= 2;
  if (stride <= 64 && 2 * stride <= 3 * static_cast<int64_t>(columns)) return stride;
  return columns;
}

bool BinnedMatrix::ClaimGradientSlots() const {
  if (!HasGradientSlots()) return false;
  bool expected = false;
  return slots_claimed_->compare_exchange_strong(expected, true);
}

void BinnedMatrix::ReleaseGradientSlots() const { slots_claimed_->store(false); }

void BinnedMatrix::WriteGradientSlots(const uint16_t* packed, int threads) const {
  // The slots sit outside the bins (see the header): writing them leaves the matrix's value.
  uint8_t* base = const_cast<uint8_t*>(rows_.data()) + gradient_slot_offset();
  const int64_t stride = row_stride8_;
  const int64_t blocks = NumBlocks(num_rows_, 65536, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(num_rows_, blocks, b);
    for (int64_t r = range.begin; r < range.end; ++r)
      std::memcpy(base + r * stride, packed + r, sizeof(uint16_t));
  });
}

}  // namespace qgbm
