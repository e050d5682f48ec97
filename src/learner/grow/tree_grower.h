// TreeGrower: grows one tree leaf-wise (best-first) on binned data.
//
// One call of Grow runs the loop of the algorithm:
//   1. root sums and root histogram;
//   2. best split of the root;
//   3. while leaves remain: take the leaf with the largest gain, partition its rows, build the
//      histogram of the smaller child, get the larger child's by subtraction, find both
//      children's best splits;
//   4. quantized training: renew every leaf value from the full-precision gradients (clamped to
//      the leaf's monotone bounds), summed exactly in fixed point.
// Data-parallel training (a Communicator of several machines, quantized only): each machine
// holds some rows; leaf totals, row counts, the smaller child's histograms (in the packed
// width of the global leaf) and the renewal sums are summed over machines as integers, so every
// machine finds the same splits, and the tree is the one a single machine grows on all rows.
// grow_policy=depthwise replaces step 3's order: every splittable leaf of the shallowest level,
// then the next level (expansion_order.h); each split still builds only the smaller child.
// With quantized gradients each leaf keeps the exact integer sum of its rows; histogram widths
// are chosen from exact row counts, so integer sums never overflow.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "gradient/gradient_quantizer.h"
#include "learner/grow/expansion_order.h"
#include "learner/grow/grown_tree.h"
#include "learner/grow/leaf_constraints.h"
#include "learner/histogram/histogram_builder.h"
#include "learner/partition/row_partitioner.h"
#include "learner/split/split_finder.h"

namespace qgbm {

// Seconds spent in each stage, summed over trees (reported at debug verbosity).
struct GrowerTimes {
  double histogram = 0.0;
  double split = 0.0;
  double partition = 0.0;
  double renew = 0.0;
  int64_t histogram_rows = 0;  // row visits while building histograms (the smaller children)
  int64_t partition_rows = 0;  // rows read while partitioning leaves
  // Data-parallel training: histogram bins summed over machines and the bytes this machine
  // sent for them (in their packed widths).
  int64_t reduced_bins = 0;
  int64_t reduced_bytes = 0;
};

struct GrowerOptions {
  int num_leaves = 31;
  int max_depth = -1;
  GrowPolicy grow_policy = GrowPolicy::kLossguide;
  SplitOptions split;
  TreeConstraintOptions constraints;
  CategoricalOptions categorical;
  bool renew_leaves = true;  // quantized training only
  // Cap on the bytes of all leaf histograms; <= 0: none. Over the cap, the histograms of the
  // leaves least likely to be split next (lowest gain first) are dropped and rebuilt if needed.
  double histogram_pool_bytes = 0.0;
  HistogramLayout histogram_layout = HistogramLayout::kAuto;
  // Each node may split on this fraction of the tree's columns, drawn per node.
  double feature_fraction_bynode = 1.0;
};

// The gradients of one tree: floats always (renewal, full precision), packed rows when quantized.
struct TreeGradients {
  const float* grad = nullptr;
  const float* hess = nullptr;
  const uint16_t* packed = nullptr;   // nullptr: full-precision training
  const QuantScale* scale = nullptr;  // set with packed
  bool packed_in_rows = false;        // packed is also in the matrix's gradient slots
  // Full precision as 64-bit fixed point (data-parallel training), with scale: histograms in
  // exact integer pairs, summed across machines like packed ones.
  const int64_t* fixed_grad = nullptr;
  const int64_t* fixed_hess = nullptr;
};

class TreeGrower {
 public:
  // comm: the machines of data-parallel training (nullptr or one rank: this machine alone).
  TreeGrower(const Dataset& data, const GrowerOptions& options, int threads,
             Communicator* comm = nullptr);

  // bag_rows: rows to grow on, ascending (empty = all rows). column_mask: allowed columns.
  // node_sampling_key: this tree's key of feature_fraction_bynode's draws (one per node).
  // After a failed collective the tree stops growing: check sync_status().
  GrownTree Grow(std::span<const int32_t> bag_rows, const TreeGradients& gradients,
                 const std::vector<uint8_t>& column_mask, uint64_t node_sampling_key = 0);
  // The first failed collective of the last Grow (always ok on one machine).
  const Status& sync_status() const { return sync_status_; }

  // Rows of each leaf of the last grown tree (the booster updates training scores from it).
  const RowPartitioner& partitioner() const { return partitioner_; }
  // The leaf of every row of the last grown tree (RowPartitioner::LeafOfRows), built on the
  // first call after each Grow.
  std::span<const int32_t> LeafOfRows();
  // The last tree's leaf value kept inside the leaf's monotone bounds (unchanged without them):
  // outputs refit after growth (an objective's own renewal) must stay inside them too.
  double ClampToLeafBounds(int leaf, double value) const { return constraints_.Clamp(leaf, value); }
  const GrowerTimes& times() const { return times_; }

 private:
  LeafSums RootSums(std::span<const int32_t> rows);
  bool Distributed() const { return comm_ != nullptr && comm_->size() > 1; }
  // Sums over machines in place (no-op on one machine); false once a collective failed.
  bool SumOverMachines(std::span<int64_t> values);
  bool SumOverMachines(Histogram* hist);
  // Builds `leaf`'s histogram from this machine's rows of it (none: zeros), summed over machines.
  void BuildLeafHistogram(int leaf, int64_t global_rows, Histogram* out);
  HistKind KindFor(int64_t rows) const;
  // Gradient levels of the packed rows (0 in full-precision training).
  int QuantBins() const {
    return gradients_.packed != nullptr && gradients_.scale != nullptr ? gradients_.scale->num_bins
                                                                       : 0;
  }
  bool CanSplit(int leaf, const Tree& tree) const;
  void GrowLossguide(GrownTree* grown);
  void GrowDepthwise(GrownTree* grown);
  void FindSplit(int leaf, const Tree& tree);
  bool ApplySplit(int leaf, GrownTree* grown);
  void BuildChildHistograms(int left, int right);
  // Drops leaf histograms, lowest split gain first, until the pool is under its cap.
  void EnforceHistogramPool(int num_leaves);
  void RenewLeafValues(Tree* tree);
  void CheckLeafInvariants(int leaf) const;
  // Records a categorical split of `leaf` (bins of best.cat_bins go left) in the tree.
  void SplitCategoricalNode(int leaf, const SplitCandidate& best, const LeafSums& left,
                            const LeafSums& right, Tree* tree) const;

  const Dataset& data_;
  GrowerOptions options_;
  int threads_;
  Communicator* comm_;
  Status sync_status_;
  ColumnLayout layout_;
  HistogramBuilder builder_;
  SplitFinder finder_;
  RowPartitioner partitioner_;
  LeafConstraints constraints_;
  std::vector<Histogram> hists_;  // per leaf
  Histogram spare_;
  std::vector<LeafSums> sums_;  // per leaf
  std::vector<SplitCandidate> best_;
  // Per leaf: 1 for columns no descendant of the leaf searches. A column with no valid split in
  // a leaf is not searched below it (LightGBM prunes the same way): searches of deep leaves
  // skip the columns that stopped paying, and full-precision trees stay LightGBM's.
  std::vector<std::vector<uint8_t>> pruned_;
  std::vector<uint64_t> node_id_;  // per leaf: its node's id in this tree (bynode draws)
  uint64_t node_sampling_key_ = 0;
  // Per-Grow state.
  TreeGradients gradients_;
  int64_t root_rows_ = 0;  // rows of the tree on all machines (bounds the renewal sums)
  std::span<const int32_t> leaf_of_rows_;
  bool leaf_of_rows_ready_ = false;
  std::vector<uint8_t> column_mask_;
  GrowerTimes times_;
};

}  // namespace qgbm
