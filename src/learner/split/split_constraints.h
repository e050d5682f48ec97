// Constraints a leaf's split search must respect (LightGBM's "basic" monotone method).
//
// Glossary
//   bounds     [min, max] every output under this leaf must lie in; set by monotone splits above
//              the leaf: a +1 split at mid-point m caps its left subtree at m and floors its
//              right subtree at m (and the reverse for -1). Root: unbounded.
//   direction  a column's monotone constraint: +1 the output may only rise with the value, -1
//              only fall, 0 free.
// A split on a constrained column is valid only when its children's (clamped) outputs are in
// order; in a bounded leaf every split is scored with outputs clamped to the bounds. Unconstrained
// training passes no NodeConstraints, so the plain scan pays nothing for this.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "learner/split/split_candidate.h"
#include "learner/split/split_math.h"

namespace qgbm {

struct OutputBounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();

  bool bounded() const {
    return min > -std::numeric_limits<double>::infinity() ||
           max < std::numeric_limits<double>::infinity();
  }
  double Clamp(double v) const { return v < min ? min : (v > max ? max : v); }
};

// What one leaf's search needs to know about constraints.
struct NodeConstraints {
  const int8_t* direction = nullptr;  // per column; nullptr: no monotone constraint
  OutputBounds bounds;
  double monotone_gain_factor = 1.0;  // monotone_penalty at this leaf's depth

  int DirectionOf(int column) const { return direction == nullptr ? 0 : direction[column]; }
  // Whether `column` needs the constrained scan (the plain one is exact otherwise).
  bool Applies(int column) const { return bounds.bounded() || DirectionOf(column) != 0; }
};

// LightGBM's monotone_penalty: the gain of a monotone split at `depth` is multiplied by this.
inline double MonotoneGainFactor(int depth, double penalty) {
  constexpr double kEpsilon = 1e-15;
  if (penalty <= 0.0) return 1.0;
  if (penalty >= depth + 1.0) return kEpsilon;
  if (penalty <= 1.0) return 1.0 - penalty / static_cast<double>(1LL << depth) + kEpsilon;
  return 1.0 - std::pow(2.0, penalty - 1.0 - depth) + kEpsilon;
}

// Split gain (before the parent's gain is subtracted) of the scans: the plain formula ...
struct PlainSplitGain {
  const SplitOptions& options;
  double operator()(const LeafSums& left, const LeafSums& right) const {
    return LeafGain(left.g, left.h, options) + LeafGain(right.g, right.h, options);
  }
};

// ... and the constrained one: outputs clamped to the leaf's bounds, -inf when a monotone
// column's children are out of order (LightGBM scores such a split as no gain at all).
struct ConstrainedSplitGain {
  const SplitOptions& options;
  OutputBounds bounds;
  int direction;
  double operator()(const LeafSums& left, const LeafSums& right) const {
    const double lo = bounds.Clamp(LeafOutput(left.g, left.h, options));
    const double ro = bounds.Clamp(LeafOutput(right.g, right.h, options));
    if ((direction > 0 && lo > ro) || (direction < 0 && lo < ro)) {
      return -std::numeric_limits<double>::infinity();
    }
    return LeafGainGivenOutput(left.g, left.h, lo, options) +
           LeafGainGivenOutput(right.g, right.h, ro, options);
  }
};

}  // namespace qgbm
