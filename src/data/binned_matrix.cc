#include "data/binned_matrix.h"

#include <algorithm>

#include "common/parallel_for.h"

namespace qgbm {
namespace {

template <class BinT>
void FillBins(const RawData& raw, const BinMapper& mapper, const std::vector<int>& features,
              int threads, std::vector<BinT>* out) {
  const int64_t n = raw.num_rows;
  const int nc = static_cast<int>(features.size());
  const int nf = raw.num_features;
  out->resize(static_cast<size_t>(n * nc));
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
        for (int k = 0; k < 4; ++k) dst[(r + k) * nc + c] = static_cast<BinT>(bins[k]);
      }
    }
    for (; r < range.end; ++r) {
      const float* row = raw.values.data() + r * nf;
      for (int c = 0; c < nc; ++c) {
        dst[r * nc + c] = static_cast<BinT>(
            mapper.BinOf(features[static_cast<size_t>(c)], row[features[static_cast<size_t>(c)]]));
      }
    }
  });
}

template <class BinT>
void Transpose(const std::vector<BinT>& rows, int64_t n, int nc, int threads,
               std::vector<BinT>* columns) {
  columns->resize(rows.size() + kColumnPadding);
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
          dst[c * n + r] = rows[static_cast<size_t>(r * nc + c)];
      }
    }
  });
}

}  // namespace

BinnedMatrix::BinnedMatrix(const RawData& raw, const BinMapper& mapper,
                           const std::vector<int>& features, int threads)
    : num_rows_(raw.num_rows), num_columns_(static_cast<int>(features.size())) {
  int max_bins = 1;
  for (int f : features) max_bins = mapper.NumBins(f) > max_bins ? mapper.NumBins(f) : max_bins;
  if (max_bins <= 256) {
    FillBins(raw, mapper, features, threads, &bins8_);
    Transpose(bins8_, num_rows_, num_columns_, threads, &columns8_);
  } else {
    FillBins(raw, mapper, features, threads, &bins16_);
    Transpose(bins16_, num_rows_, num_columns_, threads, &columns16_);
  }
}

}  // namespace qgbm
