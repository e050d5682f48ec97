// BinMapper: the cut table that turns float feature values into small bin indices.
//
// Glossary
//   numeric bin   bins 0 .. num_numeric_bins-1 of a feature; bin b holds values v with
//                 cut[b-1] < v <= cut[b] (cut[-1] = -inf, last numeric bin has no upper cut)
//   missing bin   bin num_numeric_bins, present only when the training data had NaN in this
//                 feature; NaN values of a feature without one go to the last numeric bin, which
//                 matches the model's rule "NaN goes right" (default_left = false) for it
//   trivial       a feature with one numeric bin and no missing bin: it can never split
//   categorical   a feature of integer category codes (RawData::categorical). Its numeric bins
//                 are categories, one each, most frequent first (CategoryOfBin); its missing bin
//                 always exists and holds NaN, negative, rare and unseen values (LightGBM's bin
//                 0). Categories are kept as LightGBM does: by count, until 99% of the sample is
//                 covered and at most max_bin bins are used, never one rarer than min_data_in_bin
//                 past the second
// Immutable after Build. Validation data is binned with the training data's mapper.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "qgbm/status.h"

#include "collective/communicator.h"
#include "io/raw_data.h"

namespace qgbm {

struct BinningOptions {
  int max_bin = 255;
  int min_data_in_bin = 3;
  int64_t sample_count = 200000;
  uint64_t seed = 1;
  bool pack_4bit = true;  // 4-bit cells when every feature has <= 16 bins (false: tests only)
  // One-byte row-major matrices from this size get gradient slots (BinnedMatrix::
  // HasGradientSlots; 0: whenever the row width allows, for tests). Smaller ones stay in the
  // last-level cache, where scattered rows cost little: covertype's 4 MB gained nothing while
  // copying gradients into the slots added a pass per tree.
  int64_t gradient_slot_min_bytes = int64_t{16} << 20;
};

class BinMapper {
 public:
  // Cut points from a deterministic row sample of `raw`; the missing bin from all rows.
  static BinMapper Build(const RawData& raw, const BinningOptions& options, int threads);
  // Data-parallel training: each machine passes its rows (global rows row_offset .. of
  // global_rows in all) and all get the boundaries Build computes from all rows: the sample is
  // chosen by global row id and gathered in global order, missing bins from every machine.
  // Category codes must mean the same on every machine.
  static StatusOr<BinMapper> BuildDistributed(const RawData& local, int64_t row_offset,
                                              int64_t global_rows, const BinningOptions& options,
                                              int threads, Communicator& comm);

  int num_features() const { return static_cast<int>(has_missing_.size()); }
  int NumNumericBins(int f) const {
    return static_cast<int>(cut_offsets_[f + 1] - cut_offsets_[f]) + 1;
  }
  bool HasMissingBin(int f) const { return has_missing_[f] != 0; }
  int NumBins(int f) const { return NumNumericBins(f) + (HasMissingBin(f) ? 1 : 0); }
  int MissingBin(int f) const { return NumNumericBins(f); }
  bool IsTrivial(int f) const {
    return NumBins(f) <= 1 || (IsCategorical(f) && categorical_trivial_[f] != 0);
  }
  bool IsCategorical(int f) const { return !categorical_.empty() && categorical_[f] != 0; }
  bool HasCategorical() const;
  // Categorical features: the category code of numeric bin b, and the bin of a value.
  int CategoryOfBin(int f, int b) const { return bin_category_[category_offsets_[f] + b]; }
  uint32_t CategoricalBinOf(int f, float v) const;
  int MaxNumBins() const;

  // Threshold for "bin <= b goes left"; b must be a numeric bin below the last one.
  double UpperBound(int f, int b) const { return cuts_[cut_offsets_[f] + b]; }

  uint32_t BinOf(int f, float v) const {
    if (std::isnan(v))
      return static_cast<uint32_t>(HasMissingBin(f) ? MissingBin(f) : NumNumericBins(f) - 1);
    const double* const begin = cuts_.data() + cut_offsets_[f];
    size_t len = static_cast<size_t>(cut_offsets_[f + 1] - cut_offsets_[f]);
    if (len == 0) return 0;
    // First cut >= v: values equal to a cut belong to the bin below it (they go left). The
    // search halves a range whose length depends only on the feature, with a conditional move
    // instead of a branch: binning reads every value once, and branches on data mispredict.
    const double x = static_cast<double>(v);
    const double* base = begin;
    while (len > 1) {
      const size_t half = len / 2;
      base = base[half] < x ? base + half : base;
      len -= half;
    }
    return static_cast<uint32_t>(base - begin) + (*base < x ? 1u : 0u);
  }

  // BinOf of four values of feature f at once: the four searches are independent, so their
  // chains of dependent loads overlap instead of running one after another.
  void BinOf4(int f, const float* v, uint32_t* out) const {
    const double* const begin = cuts_.data() + cut_offsets_[f];
    const size_t n = static_cast<size_t>(cut_offsets_[f + 1] - cut_offsets_[f]);
    double x[4];
    const double* base[4];
    for (int k = 0; k < 4; ++k) {
      x[k] = static_cast<double>(v[k]);
      base[k] = begin;
    }
    if (n > 0) {
      for (size_t len = n; len > 1;) {
        const size_t half = len / 2;
        for (int k = 0; k < 4; ++k) base[k] = base[k][half] < x[k] ? base[k] + half : base[k];
        len -= half;
      }
    }
    for (int k = 0; k < 4; ++k) {
      if (std::isnan(v[k])) {
        out[k] = BinOf(f, v[k]);
      } else {
        out[k] = n == 0 ? 0 : static_cast<uint32_t>(base[k] - begin) + (*base[k] < x[k] ? 1u : 0u);
      }
    }
  }

  // Same cuts, missing bins and categories: data binned by either has the same bins.
  friend bool operator==(const BinMapper&, const BinMapper&) = default;

 private:
  struct CategoryBins {
    std::vector<int32_t> bins;
    int64_t other_count = 0;
  };
  static BinMapper BuildFromSample(const RawData& raw, const std::vector<int64_t>& sample,
                                   const std::vector<uint8_t>& has_missing,
                                   const BinningOptions& options, int threads);
  void SetCategories(const std::vector<uint8_t>& categorical,
                     const std::vector<CategoryBins>& categories);

  std::vector<double> cuts_;          // all features' cuts, feature f at cut_offsets_[f]..[f+1]
  std::vector<int64_t> cut_offsets_;  // size num_features + 1
  std::vector<uint8_t> has_missing_;
  // Categorical features only (all empty without any): per feature, its categories by bin at
  // bin_category_[category_offsets_[f]..[f+1]] and the same sorted by code in category_lookup_
  // (code, bin) for CategoricalBinOf.
  std::vector<uint8_t> categorical_;
  std::vector<uint8_t> categorical_trivial_;
  std::vector<int64_t> category_offsets_;
  std::vector<int32_t> bin_category_;
  std::vector<std::pair<int32_t, int32_t>> category_lookup_;
};

// The categories of one feature by bin, from its non-NaN sample values (exposed for tests);
// *other_count gets the sample rows left for the missing bin.
std::vector<int32_t> FindCategoryBins(const std::vector<float>& values, int64_t sample_rows,
                                      int max_bin, int min_data_in_bin, int64_t* other_count);

// Cut points for one feature from its non-NaN sample values, in any order (exposed for tests):
// LightGBM's (4.6) numeric bin upper bounds for the same values, max_bin and min_data_in_bin,
// including its zero bin (-1e-35, 1e-35], less any cut with no value on one side.
std::vector<double> FindCuts(std::vector<float> values, int max_bin, int min_data_in_bin);

}  // namespace qgbm
