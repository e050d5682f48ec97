// BinnedMatrix: bin indices of the used (non-trivial) features. Stored twice: row-major for
// histogram building (one row's bins share a cache line) and column-major for partitioning (a
// split reads one column of a leaf's rows, and one column is small enough to stay in cache).
//
// Cell width: 4 bits (two cells per byte, low nibble first) when every feature has at most 16
// bins (max_bin <= 15 plus a missing bin), one byte up to 256 bins, else two bytes. Code reads
// cells through the views below (VisitRows / VisitColumn pick the width once per call), so each
// kernel is compiled per width with no test per cell.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/large_page_allocator.h"
#include "data/bin_mapper.h"
#include "io/raw_data.h"

namespace qgbm {

// Readable bytes after the last column of the column-major copy, so vector code may load a
// whole 32-bit word at the last row's bin (the partitioner's gathers do).
inline constexpr size_t kColumnPadding = 64;

enum class BinWidth : uint8_t { k4, k8, k16 };

// Row-major views: Row(r) points at row r; At(row, c) is the bin of column c; ForEachCell(row,
// columns, f) calls f(c, bin) for every column in order (the fast way to read a whole row).
struct RowBins8 {
  const uint8_t* base;
  int64_t stride;  // bytes per row
  const uint8_t* Row(int64_t r) const { return base + r * stride; }
  static uint32_t At(const uint8_t* row, int c) { return row[c]; }
  template <class F>
  static void ForEachCell(const uint8_t* row, int columns, F&& f) {
    for (int c = 0; c < columns; ++c) f(c, row[c]);
  }
};
struct RowBins16 {
  const uint16_t* base;
  int64_t stride;  // cells per row
  const uint16_t* Row(int64_t r) const { return base + r * stride; }
  static uint32_t At(const uint16_t* row, int c) { return row[c]; }
  template <class F>
  static void ForEachCell(const uint16_t* row, int columns, F&& f) {
    for (int c = 0; c < columns; ++c) f(c, row[c]);
  }
};
struct RowBins4 {
  const uint8_t* base;
  int64_t stride;  // bytes per row: (columns + 1) / 2
  const uint8_t* Row(int64_t r) const { return base + r * stride; }
  static uint32_t At(const uint8_t* row, int c) { return (row[c >> 1] >> ((c & 1) << 2)) & 0xFu; }
  // Both cells of each byte at once: no per-cell shift computation.
  template <class F>
  static void ForEachCell(const uint8_t* row, int columns, F&& f) {
    int c = 0;
    for (; c + 1 < columns; c += 2) {
      const uint32_t byte = row[c >> 1];
      f(c, byte & 0xFu);
      f(c + 1, byte >> 4);
    }
    if (c < columns) f(c, row[c >> 1] & 0xFu);
  }
};

// Column views: [r] is the bin of row r.
// Address(r) is where row r's cell lives (for prefetching).
struct ColumnBins8 {
  const uint8_t* data;
  uint32_t operator[](int64_t r) const { return data[r]; }
  const void* Address(int64_t r) const { return data + r; }
};
struct ColumnBins16 {
  const uint16_t* data;
  uint32_t operator[](int64_t r) const { return data[r]; }
  const void* Address(int64_t r) const { return data + r; }
};
struct ColumnBins4 {
  const uint8_t* data;
  uint32_t operator[](int64_t r) const { return (data[r >> 1] >> ((r & 1) << 2)) & 0xFu; }
  const void* Address(int64_t r) const { return data + (r >> 1); }
};

class BinnedMatrix {
 public:
  BinnedMatrix() = default;
  // Bins the columns listed in `features` (original feature indices) of `raw`. allow_4bit
  // false keeps one byte per cell even when 4 bits would do (tests compare the two); one-byte
  // rows get gradient slots from gradient_slot_min_bytes (BinningOptions).
  BinnedMatrix(const RawData& raw, const BinMapper& mapper, const std::vector<int>& features,
               int threads, bool allow_4bit = true,
               int64_t gradient_slot_min_bytes = BinningOptions{}.gradient_slot_min_bytes);

  // The rows `rows` (indices into this matrix, in the order given), same columns and width.
  BinnedMatrix SelectRows(std::span<const int32_t> rows, int threads) const;

  int64_t num_rows() const { return num_rows_; }
  int num_columns() const { return num_columns_; }
  BinWidth width() const { return width_; }
  // Row-major one-byte cells (width k8): row r starts at r * row_stride8().
  const uint8_t* RowData8() const { return rows_.data(); }
  // Bytes per row of RowData8(): num_columns(), or more when rows carry a gradient slot.
  int64_t row_stride8() const { return row_stride8_; }

  // Gradient slots (width k8 only, when the padding is cheap, see RowStride8For): two bytes
  // right after each row's bins where one trainer at a time keeps that row's packed gradient
  // word. A scattered row visit of a histogram build then reads one cache line instead of the
  // row's one or two plus the gradient's (sparse leaves of 10M x 28 rows: about 2x faster).
  // The slots are scratch outside the matrix's value: bins never change, so they are written
  // through a const matrix by whoever holds the claim.
  bool HasGradientSlots() const {
    return row_stride8_ >= num_columns_ + 2 && width_ == BinWidth::k8;
  }
  // Byte offset of the slot within a row.
  int64_t gradient_slot_offset() const { return num_columns_; }
  // True if the caller now holds the slots (until ReleaseGradientSlots); false when the matrix
  // has none or another holder has them (that caller reads gradients from its own array).
  bool ClaimGradientSlots() const;
  void ReleaseGradientSlots() const;
  // Writes packed[r] into row r's slot, every row (the claim's holder only).
  void WriteGradientSlots(const uint16_t* packed, int threads) const;

  uint32_t Bin(int64_t row, int column) const {
    switch (width_) {
      case BinWidth::k4:
        return RowBins4::At(rows_.data() + row * RowStride4(), column);
      case BinWidth::k8:
        return rows_[static_cast<size_t>(row * row_stride8_ + column)];
      case BinWidth::k16:
        return rows16_[static_cast<size_t>(row * num_columns_ + column)];
    }
    return 0;
  }
  size_t MemoryBytes() const {
    return rows_.size() + columns_.size() + 2 * (rows16_.size() + columns16_.size());
  }

  // Calls fn(view) with the row-major view of this matrix's width.
  template <class Fn>
  decltype(auto) VisitRows(Fn&& fn) const {
    switch (width_) {
      case BinWidth::k4:
        return fn(RowBins4{rows_.data(), RowStride4()});
      case BinWidth::k16:
        return fn(RowBins16{rows16_.data(), num_columns_});
      case BinWidth::k8:
        break;
    }
    return fn(RowBins8{rows_.data(), row_stride8_});
  }
  // Calls fn(view) with column c's view.
  template <class Fn>
  decltype(auto) VisitColumn(int c, Fn&& fn) const {
    switch (width_) {
      case BinWidth::k4:
        return fn(ColumnBins4{columns_.data() + static_cast<size_t>(c) * ColumnStride4()});
      case BinWidth::k16:
        return fn(ColumnBins16{columns16_.data() + static_cast<size_t>(c) * Rows()});
      case BinWidth::k8:
        break;
    }
    return fn(ColumnBins8{columns_.data() + static_cast<size_t>(c) * Rows()});
  }

 private:
  // Bytes per k8 row of `columns` columns (with a gradient slot where it pays).
  static int64_t RowStride8For(int columns, int64_t rows, int64_t gradient_slot_min_bytes);
  size_t Rows() const { return static_cast<size_t>(num_rows_); }
  int64_t RowStride4() const { return (num_columns_ + 1) / 2; }
  size_t ColumnStride4() const { return (Rows() + 1) / 2; }

  int64_t num_rows_ = 0;
  int num_columns_ = 0;
  int64_t row_stride8_ = 0;  // k8: bytes per row of rows_
  BinWidth width_ = BinWidth::k8;
  LargeVector<uint8_t> rows_;        // k4 and k8
  LargeVector<uint8_t> columns_;     // k4 and k8, padded
  LargeVector<uint16_t> rows16_;     // k16
  LargeVector<uint16_t> columns16_;  // k16, padded
  // Held while a trainer owns the gradient slots (a pointer: the matrix stays movable).
  std::unique_ptr<std::atomic<bool>> slots_claimed_ = std::make_unique<std::atomic<bool>>(false);
};

// Holds a matrix's gradient slots from construction to destruction, if they were free
// (BinnedMatrix::ClaimGradientSlots); held() says whether this holder may write them.
class GradientSlotClaim {
 public:
  explicit GradientSlotClaim(const BinnedMatrix& matrix)
      : matrix_(matrix.ClaimGradientSlots() ? &matrix : nullptr) {}
  ~GradientSlotClaim() {
    if (matrix_ != nullptr) matrix_->ReleaseGradientSlots();
  }
  GradientSlotClaim(const GradientSlotClaim&) = delete;
  GradientSlotClaim& operator=(const GradientSlotClaim&) = delete;

  bool held() const { return matrix_ != nullptr; }

 private:
  const BinnedMatrix* matrix_;
};

}  // namespace qgbm
