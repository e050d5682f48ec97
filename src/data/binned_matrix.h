// BinnedMatrix: bin indices of the used (non-trivial) features, one byte per cell when every
// feature has at most 256 bins, else two. Stored twice: row-major for histogram building (one
// row's bins share a cache line) and column-major for partitioning (a split reads one column of
// a leaf's rows, and one column is small enough to stay in cache).
#pragma once

#include <cstdint>
#include <vector>

#include "data/bin_mapper.h"
#include "io/raw_data.h"

namespace qgbm {

// Readable elements after the last column of the column-major copy, so vector code may load a
// whole 32-bit word at the last row's bin (the partitioner's gathers do).
inline constexpr size_t kColumnPadding = 64;

class BinnedMatrix {
 public:
  BinnedMatrix() = default;
  // Bins the columns listed in `features` (original feature indices) of `raw`.
  BinnedMatrix(const RawData& raw, const BinMapper& mapper, const std::vector<int>& features,
               int threads);

  int64_t num_rows() const { return num_rows_; }
  int num_columns() const { return num_columns_; }
  bool wide() const { return !bins16_.empty(); }
  const uint8_t* bins8() const { return bins8_.data(); }
  const uint16_t* bins16() const { return bins16_.data(); }
  const uint8_t* column8(int c) const {
    return columns8_.data() + static_cast<size_t>(c) * static_cast<size_t>(num_rows_);
  }
  const uint16_t* column16(int c) const {
    return columns16_.data() + static_cast<size_t>(c) * static_cast<size_t>(num_rows_);
  }
  uint32_t Bin(int64_t row, int column) const {
    const size_t i = static_cast<size_t>(row * num_columns_ + column);
    return wide() ? bins16_[i] : bins8_[i];
  }
  size_t MemoryBytes() const {
    return bins8_.size() + columns8_.size() + 2 * (bins16_.size() + columns16_.size());
  }

 private:
  int64_t num_rows_ = 0;
  int num_columns_ = 0;
  std::vector<uint8_t> bins8_;
  std::vector<uint16_t> bins16_;
  std::vector<uint8_t> columns8_;
  std::vector<uint16_t> columns16_;
};

}  // namespace qgbm
