// Packed integer gradient sums.
//
// A packed value with field width w holds G * 2^w + H, where H (the hessian sum) is in
// [0, 2^w) and G (the gradient sum) is signed. Adding packed values adds both fields at once; any
// sum or difference decodes correctly as long as the final H fits in w bits and G in the rest.
// All arithmetic is on unsigned integers (wrap-around is defined) and decoding sign-extends.
// A leaf with c rows has |G| <= c*B/2 and H <= c*B, so c*B < 2^w is enough (see WidthForRows).
#pragma once

#include <cstdint>

namespace qgbm {

// Histogram accumulator encodings, from narrowest to exact-but-wide.
enum class HistWidth : uint8_t {
  kPacked16 = 0,  // uint32 per bin, 16-bit fields
  kPacked32 = 1,  // uint64 per bin, 32-bit fields
  kPair64 = 2,    // two int64 per bin: for leaves with rows * B >= 2^32
};

inline HistWidth WidthForRows(int64_t rows, int num_bins) {
  const uint64_t bound = static_cast<uint64_t>(rows) * static_cast<uint64_t>(num_bins);
  if (bound < (uint64_t{1} << 16)) return HistWidth::kPacked16;
  if (bound < (uint64_t{1} << 32)) return HistWidth::kPacked32;
  return HistWidth::kPair64;
}

// Exact integer (gradient, hessian) sum.
struct IntSum {
  int64_t g = 0;
  int64_t h = 0;
  IntSum& operator+=(const IntSum& o) {
    g += o.g;
    h += o.h;
    return *this;
  }
  IntSum& operator-=(const IntSum& o) {
    g -= o.g;
    h -= o.h;
    return *this;
  }
  friend IntSum operator+(IntSum a, const IntSum& b) { return a += b; }
  friend IntSum operator-(IntSum a, const IntSum& b) { return a -= b; }
  friend bool operator==(const IntSum& a, const IntSum& b) { return a.g == b.g && a.h == b.h; }
};

inline int8_t PackedRowGrad(uint16_t row) {
  return static_cast<int8_t>(static_cast<uint8_t>(row >> 8));
}
inline uint8_t PackedRowHess(uint16_t row) { return static_cast<uint8_t>(row & 0xFF); }
inline uint16_t PackRow(int g, int h) {
  return static_cast<uint16_t>(
      (static_cast<uint16_t>(static_cast<uint8_t>(static_cast<int8_t>(g))) << 8) |
      static_cast<uint8_t>(h));
}

inline uint32_t ToPacked16(uint16_t row) {
  return (static_cast<uint32_t>(static_cast<int32_t>(PackedRowGrad(row))) << 16) +
         PackedRowHess(row);
}
inline uint64_t ToPacked32(uint16_t row) {
  return (static_cast<uint64_t>(static_cast<int64_t>(PackedRowGrad(row))) << 32) +
         PackedRowHess(row);
}

inline IntSum Decode16(uint32_t v) {
  return {static_cast<int64_t>(static_cast<int32_t>(v) >> 16), static_cast<int64_t>(v & 0xFFFFu)};
}
inline IntSum Decode32(uint64_t v) {
  return {static_cast<int64_t>(v) >> 32, static_cast<int64_t>(v & 0xFFFFFFFFull)};
}
inline uint32_t Encode16(const IntSum& s) {
  return (static_cast<uint32_t>(s.g) << 16) + static_cast<uint32_t>(s.h);
}
inline uint64_t Encode32(const IntSum& s) {
  return (static_cast<uint64_t>(s.g) << 32) + static_cast<uint64_t>(s.h);
}

}  // namespace qgbm
