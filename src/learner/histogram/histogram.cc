#include "learner/histogram/histogram.h"

#include "common/check.h"

namespace qgbm {

void SubtractHistogram(const Histogram& parent, const Histogram& smaller, Histogram* larger) {
  const int n = parent.total_bins();
  if (parent.kind() == HistKind::kFloat) {
    QGBM_CHECK(smaller.kind() == HistKind::kFloat);
    const FloatSum* p = parent.floats();
    const FloatSum* s = smaller.floats();
    FloatSum* out = larger->floats();
    for (int b = 0; b < n; ++b) out[b] = {p[b].g - s[b].g, p[b].h - s[b].h};
    return;
  }
  const HistKind k = larger->kind();
  if (parent.kind() == k && smaller.kind() == k && k == HistKind::kPacked16) {
    const uint32_t* p = parent.packed16();
    const uint32_t* s = smaller.packed16();
    uint32_t* out = larger->packed16();
    for (int b = 0; b < n; ++b) out[b] = p[b] - s[b];
    return;
  }
  if (parent.kind() == k && smaller.kind() == k && k == HistKind::kPacked32) {
    const uint64_t* p = parent.packed32();
    const uint64_t* s = smaller.packed32();
    uint64_t* out = larger->packed32();
    for (int b = 0; b < n; ++b) out[b] = p[b] - s[b];
    return;
  }
  // Mixed widths: decode both to exact int64 pairs, subtract, re-encode at the larger's width.
  for (int b = 0; b < n; ++b) larger->SetInt(b, parent.IntAt(b) - smaller.IntAt(b));
}

void AddHistogram(const Histogram& from, Histogram* to) {
  QGBM_CHECK(from.kind() == to->kind());
  const int n = from.total_bins();
  switch (from.kind()) {
    case HistKind::kPacked16: {
      const uint32_t* f = from.packed16();
      uint32_t* t = to->packed16();
      for (int b = 0; b < n; ++b) t[b] += f[b];
      break;
    }
    case HistKind::kPacked32: {
      const uint64_t* f = from.packed32();
      uint64_t* t = to->packed32();
      for (int b = 0; b < n; ++b) t[b] += f[b];
      break;
    }
    case HistKind::kPair64: {
      const IntSum* f = from.pair64();
      IntSum* t = to->pair64();
      for (int b = 0; b < n; ++b) t[b] += f[b];
      break;
    }
    case HistKind::kFloat: {
      const FloatSum* f = from.floats();
      FloatSum* t = to->floats();
      for (int b = 0; b < n; ++b) {
        t[b].g += f[b].g;
        t[b].h += f[b].h;
      }
      break;
    }
  }
}

}  // namespace qgbm
