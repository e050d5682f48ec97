// ExpFloat: e^x in single precision from basic float operations only (no libm call), so loops
// that use it vectorise. Error at most 3 ulp on [-80, 88] (measured over every float there;
// below -80 results near the denormal range lose relative precision); inputs outside [-87, 88]
// are clamped, so the result stays finite.
//
// Only additions, multiplications, truncations and bit shifts, in a fixed order: the result is
// the same bits whether the compiler emits scalar or vector code (as long as it does not fuse
// multiply-adds, which the targets qgbm compiles for do not have).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

namespace qgbm {

inline float ExpFloat(float x) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2Hi = 0.693359375f;  // ln 2 split in two so n * ln2 is exact in floats
  constexpr float kLn2Lo = -2.12194440e-4f;
  x = std::min(std::max(x, -87.0f), 88.0f);
  // n = round(x / ln 2), by truncating a positive number (floor == trunc there).
  const int n = static_cast<int>(x * kLog2e + 128.5f) - 128;
  const float nf = static_cast<float>(n);
  const float r = (x - nf * kLn2Hi) - nf * kLn2Lo;  // |r| <= ln2 / 2
  // Taylor series of e^r to degree 6, Horner form.
  float p = 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const float scale = std::bit_cast<float>(static_cast<uint32_t>(n + 127) << 23);  // 2^n
  return p * scale;
}

}  // namespace qgbm
