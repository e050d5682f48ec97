// Histogram: per-bin gradient and hessian sums of one leaf, over every used column.
//
// Glossary
//   global bin   column offset + local bin; a histogram has total_bins entries
//   kind         how sums are stored: packed integers of a width chosen from the leaf's exact
//                row count (gradient/packed.h), exact int64 pairs for huge leaves, or doubles for
//                full-precision training (use_quantized_grad=false)
// Storage grows on demand to what the kinds used so far need (4 bytes per bin for 16-bit packed
// sums, up to 16 for int64 pairs and doubles) and is kept across Resets, so after the first trees
// nothing is allocated; Release gives it back (the histogram pool's cap).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "gradient/packed.h"

namespace qgbm {

enum class HistKind : uint8_t { kPacked16, kPacked32, kPair64, kFloat };

inline HistKind KindForWidth(HistWidth w) {
  switch (w) {
    case HistWidth::kPacked16:
      return HistKind::kPacked16;
    case HistWidth::kPacked32:
      return HistKind::kPacked32;
    default:
      return HistKind::kPair64;
  }
}

struct FloatSum {
  double g = 0.0;
  double h = 0.0;
};

class Histogram {
 public:
  explicit Histogram(int total_bins = 0) : total_bins_(total_bins) {}

  // Switches to `kind` and zeroes the bytes that kind uses. `copies` > 1 reserves room for that
  // many consecutive copies of the bins (builders accumulate into the extra ones, unzeroed).
  void Reset(HistKind kind, int copies = 1) {
    kind_ = kind;
    const size_t bytes = BytesPerBin(kind) * static_cast<size_t>(total_bins_);
    const size_t words = (bytes * static_cast<size_t>(copies) + 7) / 8;
    if (storage_.size() < words) {
      storage_.clear();  // nothing to keep: avoids copying the old bins into the new storage
      storage_.resize(words);
    }
    std::memset(storage_.data(), 0, bytes);
  }
  // Frees the storage; the next Reset allocates again.
  void Release() {
    storage_.clear();
    storage_.shrink_to_fit();
  }
  bool has_storage() const { return !storage_.empty(); }
  size_t StorageBytes() const { return storage_.size() * sizeof(uint64_t); }
  HistKind kind() const { return kind_; }
  int total_bins() const { return total_bins_; }

  uint32_t* packed16() { return reinterpret_cast<uint32_t*>(storage_.data()); }
  uint64_t* packed32() { return storage_.data(); }
  IntSum* pair64() { return reinterpret_cast<IntSum*>(storage_.data()); }
  FloatSum* floats() { return reinterpret_cast<FloatSum*>(storage_.data()); }
  const uint32_t* packed16() const { return reinterpret_cast<const uint32_t*>(storage_.data()); }
  const uint64_t* packed32() const { return storage_.data(); }
  const IntSum* pair64() const { return reinterpret_cast<const IntSum*>(storage_.data()); }
  const FloatSum* floats() const { return reinterpret_cast<const FloatSum*>(storage_.data()); }

  // Exact integer sums of bin b (integer kinds only).
  IntSum IntAt(int b) const {
    switch (kind_) {
      case HistKind::kPacked16:
        return Decode16(packed16()[b]);
      case HistKind::kPacked32:
        return Decode32(packed32()[b]);
      default:
        return pair64()[b];
    }
  }
  // Stores s into bin b in this histogram's kind (the caller guarantees it fits).
  void SetInt(int b, const IntSum& s) {
    switch (kind_) {
      case HistKind::kPacked16:
        packed16()[b] = Encode16(s);
        break;
      case HistKind::kPacked32:
        packed32()[b] = Encode32(s);
        break;
      default:
        pair64()[b] = s;
        break;
    }
  }

  static size_t BytesPerBin(HistKind k) {
    return k == HistKind::kPacked16 ? 4 : (k == HistKind::kPacked32 ? 8 : 16);
  }

 private:
  int total_bins_;
  HistKind kind_ = HistKind::kFloat;
  std::vector<uint64_t> storage_;  // uint64-aligned; see Reset
};

// larger = parent - smaller, bin by bin, in `larger`'s kind (may alias parent). Exact for
// integer kinds whatever the three widths are, because each child's width fits its own rows.
void SubtractHistogram(const Histogram& parent, const Histogram& smaller, Histogram* larger);

// Adds `from` into `to` (same kind): merging per-block partial histograms.
void AddHistogram(const Histogram& from, Histogram* to);

}  // namespace qgbm
