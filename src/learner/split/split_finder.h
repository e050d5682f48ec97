// SplitFinder: scans a leaf's histogram for the best threshold of every allowed column.
//
// For each column the numeric bins are scanned left to right with running sums (exact int64
// for integer histograms); when the column has a missing bin, each threshold is tried with the
// missing rows on the left and on the right, which learns the default direction. Gains come from
// dequantized sums (sum * scale). Row counts: exact from the integer hessian when the hessian is
// constant; otherwise estimated as hessian * (leaf rows / leaf hessian), as LightGBM does; the
// partition later confirms the real counts. Categorical columns are searched by
// FindCategoricalSplit (categorical_split.h) instead.
#pragma once

#include <cstdint>
#include <vector>

#include "gradient/gradient_quantizer.h"
#include "learner/histogram/histogram.h"
#include "learner/split/categorical_split.h"
#include "learner/split/split_candidate.h"
#include "learner/split/split_constraints.h"
#include "learner/split/split_math.h"

namespace qgbm {

struct ColumnLayout {
  std::vector<uint32_t> offsets;      // first global bin of each column, size columns + 1
  std::vector<int> num_numeric_bins;  // per column
  std::vector<uint8_t> has_missing;   // per column; the missing bin follows the numeric bins
  std::vector<uint8_t> categorical;   // per column, or empty when no column is categorical
  int num_columns() const { return static_cast<int>(num_numeric_bins.size()); }
  bool IsCategorical(int c) const {
    return !categorical.empty() && categorical[static_cast<size_t>(c)] != 0;
  }
};

class SplitFinder {
 public:
  // From this many columns one search spreads its columns over the threads; below it, the
  // grower searches the two children of a split side by side instead.
  static constexpr int kMinColumnsForParallelScan = 64;
  // Columns per work item of a parallel search.
  static constexpr int kColumnsPerItem = 16;

  SplitFinder(const ColumnLayout& layout, const SplitOptions& options,
              const CategoricalOptions& categorical = {})
      : layout_(layout), options_(options), categorical_(categorical) {}

  // scale == nullptr means a float histogram. column_mask[c] == 0 skips column c. `node`:
  // monotone constraints and output bounds of the leaf, nullptr when training has none.
  // unsplittable (optional): set to 1 for every searched column without a valid split, left
  // alone for the others. accept (optional): only columns with accept[c] != 0 may win; the
  // others are still searched, for `unsplittable` (LightGBM searches every column a node could
  // use later, then keeps the best of those the node may use now).
  SplitCandidate FindBestSplit(const Histogram& hist, const LeafSums& leaf, const QuantScale* scale,
                               const std::vector<uint8_t>& column_mask, int threads,
                               const NodeConstraints* node = nullptr,
                               std::vector<uint8_t>* unsplittable = nullptr,
                               const std::vector<uint8_t>* accept = nullptr) const;

  const SplitOptions& options() const { return options_; }

 private:
  template <class Reader, class SplitGain>
  void ScanColumn(int column, const Reader& reader, const LeafSums& leaf,
                  const SplitGain& split_gain, SplitCandidate* best) const;
  // One column: the constrained scan where `node` applies to it, else the fastest plain scan.
  template <class Reader>
  void ScanOneColumn(int column, const Reader& reader, const LeafSums& leaf,
                     const QuantScale* scale, const NodeConstraints* node,
                     SplitCandidate* best) const;
  // The scalar scan with ConstrainedSplitGain, and the monotone penalty on its result.
  template <class Reader>
  void ScanConstrainedColumn(int column, const Reader& reader, const LeafSums& leaf,
                             const NodeConstraints& node, SplitCandidate* best) const;

  const ColumnLayout& layout_;
  SplitOptions options_;
  CategoricalOptions categorical_;
};

}  // namespace qgbm
