// FloatThresholdBelow: the float threshold that sends every float row value the same way as a
// double threshold.
//
// Tree::LeafIndex sends a value left when static_cast<double>(v) <= t. For a float v that is the
// same test as v <= f, where f is the largest float with (double)f <= t: a float at or below f
// is at or below t, and a float above f is above t, or f would not be the largest. Comparing
// floats halves the node size and the bytes read per step, and the answer stays bit for bit.
#pragma once

#include <cmath>
#include <limits>

namespace qgbm {

// t must not be NaN (model validation rejects NaN thresholds).
inline float FloatThresholdBelow(double t) {
  constexpr float kMax = std::numeric_limits<float>::max();
  constexpr float kInf = std::numeric_limits<float>::infinity();
  // Outside the finite float range a cast would round to infinity: every finite float is below
  // a large t, and only -inf is at or below a t under the lowest float.
  if (t >= static_cast<double>(kMax)) {
    if (std::isinf(t)) return kInf;
    return kMax;
  }
  if (t < -static_cast<double>(kMax)) return -kInf;
  const auto f = static_cast<float>(t);  // nearest float: t's neighbour above or below
  return static_cast<double>(f) <= t ? f : std::nextafter(f, -kInf);
}

}  // namespace qgbm
