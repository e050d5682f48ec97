// Row keys: a row's float values turned, once per row, into int32 keys that the forest compares
// with one integer test per node.
//
// Glossary
//   key      OrderedKey(v): an int32 that orders as the float does (-0.0 and 0.0 share key 0);
//            every non-NaN key lies in [OrderedKey(-inf), OrderedKey(+inf)]
//   key row  2 x num_features keys: column c is feature c with NaN as kNanLowKey (below every
//            key), column num_features + c the same with NaN as kNanHighKey (above every key)
//
// A node sends a value right when its key is greater than the node's threshold key. A node whose
// NaN goes left reads the low copy and a node whose NaN goes right reads the high copy, so NaN
// takes the default direction without a NaN test per step, thresholds of +-inf included.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace qgbm {

inline constexpr int32_t kNanLowKey = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kNanHighKey = std::numeric_limits<int32_t>::max();

// v must not be NaN. Positive floats order as their bit patterns; negative ones in reverse, so
// their magnitude bits are flipped.
inline int32_t OrderedKey(float v) {
  if (v == 0.0f) return 0;  // -0.0 == 0.0
  const auto bits = std::bit_cast<int32_t>(v);
  return bits >= 0 ? bits : bits ^ std::numeric_limits<int32_t>::max();
}

// Writes the key row of `row` (2 * num_features keys, column c at keys[c * stride]); the stride
// lets several key rows interleave (flat_forest.h).
inline void KeyRow(const float* row, int num_features, int stride, int32_t* keys) {
  for (int c = 0; c < num_features; ++c) {
    const float v = row[c];
    const bool nan = std::isnan(v);
    const int32_t key = nan ? 0 : OrderedKey(v);
    keys[static_cast<ptrdiff_t>(c) * stride] = nan ? kNanLowKey : key;
    keys[static_cast<ptrdiff_t>(num_features + c) * stride] = nan ? kNanHighKey : key;
  }
}

}  // namespace qgbm
