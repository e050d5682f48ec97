// Fixed-point sums: doubles rounded to integers on a shared scale add up exactly, so a total does
// not depend on the order of its terms, the thread count or how rows are split across machines.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace qgbm {

// The largest power-of-two exponent k such that `terms` values of magnitude at most 2^k sum
// within 62 bits, capped so one scaled value stays below 2^51 (RoundScaled's range).
inline int FixedPointExponent(int64_t terms) {
  const int room = 62 - std::bit_width(static_cast<uint64_t>(std::max<int64_t>(terms, 1)));
  return std::min(room, 51);
}

// The factor that maps values of magnitude up to max_abs onto integers of magnitude up to 2^k
// (0 when every value is 0): value * factor, rounded by RoundScaled.
inline double FixedPointFactor(double max_abs, int k) {
  return max_abs > 0.0 ? std::ldexp(1.0, k) / max_abs : 0.0;
}

// x rounded to the nearest integer (ties to even), for |x| < 2^51. Adding and removing 1.5 * 2^52
// leaves an integral double without a libm call (std::llround is one, and dominated leaf
// renewal); converting that integral value is exact. Needs IEEE arithmetic (no -ffast-math,
// which the build never sets).
inline int64_t RoundScaled(double x) {
  constexpr double kMagic = 6755399441055744.0;  // 1.5 * 2^52
  return static_cast<int64_t>((x + kMagic) - kMagic);
}

}  // namespace qgbm
