#include "learner/grow/tree_grower.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <utility>

#include "common/check.h"
#include "common/fixed_point.h"
#include "common/parallel_for.h"
#include "common/random.h"
#include "common/random_subset.h"
#include "common/timer.h"

namespace qgbm {
namespace {

constexpr int kMinBinsForParallelSearch = 4096;
// Leaf renewal's row blocks (each with its own partial sums).
constexpr int64_t kRenewRowsPerBlock = 65536;
constexpr int64_t kRenewMaxBlocks = 64;

ColumnLayout MakeLayout(const Dataset& data) {
  ColumnLayout layout;
  layout.offsets.push_back(0);
  for (int c = 0; c < data.num_used_features(); ++c) {
    const int f = data.RealFeature(c);
    const BinMapper& m = data.bin_mapper();
    layout.num_numeric_bins.push_back(m.NumNumericBins(f));
    layout.has_missing.push_back(m.HasMissingBin(f) ? 1 : 0);
    if (m.IsCategorical(f)) {  // the flags exist only when some column is categorical
      layout.categorical.resize(static_cast<size_t>(data.num_used_features()), 0);
      layout.categorical[static_cast<size_t>(c)] = 1;
    }
    layout.offsets.push_back(layout.offsets.back() + static_cast<uint32_t>(m.NumBins(f)));
  }
  return layout;
}

// Bitset of the bins a categorical split sends left.
std::vector<uint32_t> BinBitset(const std::vector<uint32_t>& bins) {
  std::vector<uint32_t> words(bins.empty() ? 1 : bins.back() / 32 + 1, 0u);
  for (uint32_t b : bins) words[b / 32] |= 1u << (b % 32);
  return words;
}

}  // namespace

TreeGrower::TreeGrower(const Dataset& data, const GrowerOptions& options, int threads,
                       Communicator* comm)
    : data_(data),
      options_(options),
      threads_(threads),
      comm_(comm),
      layout_(MakeLayout(data)),
      builder_(data.matrix(), layout_.offsets, threads, options.histogram_layout),
      finder_(layout_, options.split, options.categorical),
      partitioner_(options.num_leaves, threads),
      constraints_(options.constraints, data, options.num_leaves),
      spare_(builder_.total_bins()) {
  // Storage comes with first use (Histogram::Reset): leaves of a small tree cost nothing.
  hists_.reserve(static_cast<size_t>(options.num_leaves));
  for (int i = 0; i < options.num_leaves; ++i) hists_.emplace_back(builder_.total_bins());
  sums_.resize(static_cast<size_t>(options.num_leaves));
  best_.resize(static_cast<size_t>(options.num_leaves));
  pruned_.assign(static_cast<size_t>(options.num_leaves),
                 std::vector<uint8_t>(static_cast<size_t>(layout_.num_columns()), 0));
  node_id_.assign(static_cast<size_t>(options.num_leaves), 0);
}

HistKind TreeGrower::KindFor(int64_t rows) const {
  if (gradients_.fixed_grad != nullptr) return HistKind::kPair64;
  if (gradients_.packed == nullptr) return HistKind::kFloat;
  return KindForWidth(WidthForRows(rows, gradients_.scale->num_bins));
}

bool TreeGrower::SumOverMachines(std::span<int64_t> values) {
  if (!sync_status_.ok()) return false;
  if (Distributed()) sync_status_ = comm_->AllreduceSum(values);
  return sync_status_.ok();
}

bool TreeGrower::SumOverMachines(Histogram* hist) {
  if (!Distributed() || !sync_status_.ok()) return sync_status_.ok();
  // Packed sums add as plain integers: the width comes from the global leaf's row count, so no
  // field of any partial sum overflows into its neighbour (gradient/packed.h).
  const auto bins = static_cast<size_t>(hist->total_bins());
  times_.reduced_bins += static_cast<int64_t>(bins);
  times_.reduced_bytes += static_cast<int64_t>(bins * Histogram::BytesPerBin(hist->kind()));
  switch (hist->kind()) {
    case HistKind::kPacked16:
      sync_status_ = comm_->AllreduceSum(
          std::span<int32_t>(reinterpret_cast<int32_t*>(hist->packed16()), bins));
      break;
    case HistKind::kPacked32:
      sync_status_ = comm_->AllreduceSum(
          std::span<int64_t>(reinterpret_cast<int64_t*>(hist->packed32()), bins));
      break;
    case HistKind::kPair64:
      sync_status_ = comm_->AllreduceSum(
          std::span<int64_t>(reinterpret_cast<int64_t*>(hist->packed32()), 2 * bins));
      break;
    case HistKind::kFloat:
      sync_status_ = Status::InvalidArgument(
          "data-parallel training needs quantized gradients (use_quantized_grad=true)");
      break;
  }
  return sync_status_.ok();
}

void TreeGrower::BuildLeafHistogram(int leaf, int64_t global_rows, Histogram* out) {
  const GradientView view{gradients_.packed,    gradients_.grad,           gradients_.hess,
                          QuantBins(),          gradients_.packed_in_rows, gradients_.fixed_grad,
                          gradients_.fixed_hess};
  const HistKind kind = KindFor(global_rows);
  if (partitioner_.Count(leaf) == 0) {
    out->Reset(kind);  // this machine holds none of the leaf's rows (Build would take them all)
  } else {
    builder_.Build(partitioner_.Rows(leaf), view, kind, out);
  }
  times_.histogram_rows += partitioner_.Count(leaf);
  SumOverMachines(out);
}

LeafSums TreeGrower::RootSums(std::span<const int32_t> rows) {
  const int64_t n = rows.empty() ? data_.num_rows() : static_cast<int64_t>(rows.size());
  const int64_t blocks = NumBlocks(n, 16384, 256);
  std::vector<LeafSums> partial(static_cast<size_t>(blocks));
  ParallelFor(blocks, threads_, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    LeafSums s;
    for (int64_t i = range.begin; i < range.end; ++i) {
      const size_t r =
          rows.empty() ? static_cast<size_t>(i) : static_cast<size_t>(rows[static_cast<size_t>(i)]);
      if (gradients_.fixed_grad != nullptr) {
        s.ints += IntSum{gradients_.fixed_grad[r], gradients_.fixed_hess[r]};
      } else if (gradients_.packed != nullptr) {
        s.ints += IntSum{PackedRowGrad(gradients_.packed[r]), PackedRowHess(gradients_.packed[r])};
      } else {
        s.g += static_cast<double>(gradients_.grad[r]);
        s.h += static_cast<double>(gradients_.hess[r]);
      }
    }
    partial[static_cast<size_t>(b)] = s;
  });
  LeafSums total;
  for (const LeafSums& s : partial) {
    total.ints += s.ints;
    total.g += s.g;
    total.h += s.h;
  }
  total.count = n;
  if (Distributed()) {
    int64_t v[3] = {total.ints.g, total.ints.h, total.count};
    SumOverMachines(v);
    total.ints = IntSum{v[0], v[1]};
    total.count = v[2];
  }
  if (gradients_.packed != nullptr || gradients_.fixed_grad != nullptr) {
    total.g = static_cast<double>(total.ints.g) * gradients_.scale->grad_scale;
    total.h = static_cast<double>(total.ints.h) * gradients_.scale->hess_scale;
  }
  return total;
}

bool TreeGrower::CanSplit(int leaf, const Tree& tree) const {
  const int64_t count = sums_[static_cast<size_t>(leaf)].count;
  if (count < 2 || count < 2 * static_cast<int64_t>(options_.split.min_data_in_leaf)) return false;
  return options_.max_depth <= 0 ||
         tree.leaf_depth()[static_cast<size_t>(leaf)] < options_.max_depth;
}

void TreeGrower::FindSplit(int leaf, const Tree& tree) {
  best_[static_cast<size_t>(leaf)] = SplitCandidate{};
  if (!CanSplit(leaf, tree)) return;
  // Constraints cost nothing when unset: no node constraints, no narrower set of columns.
  NodeConstraints node;
  const NodeConstraints* node_constraints =
      constraints_.ForLeaf(leaf, tree.leaf_depth()[static_cast<size_t>(leaf)], &node);
  // Searched: the tree's columns, less those pruned above this leaf. The split may use only
  // those the node allows (interaction constraints, feature_fraction_bynode); the others are
  // searched all the same, since whether they can split decides their pruning (as in LightGBM).
  std::vector<uint8_t>& pruned = pruned_[static_cast<size_t>(leaf)];
  const int columns = static_cast<int>(pruned.size());
  std::vector<uint8_t> search =
      column_mask_.empty() ? std::vector<uint8_t>(pruned.size(), 1) : column_mask_;
  for (size_t c = 0; c < pruned.size(); ++c) search[c] &= static_cast<uint8_t>(pruned[c] == 0);
  std::vector<uint8_t> allowed;
  if (constraints_.has_interactions()) constraints_.MaskForLeaf(leaf, column_mask_, &allowed);
  if (options_.feature_fraction_bynode < 1.0) {
    std::vector<uint8_t> sampled;
    KeepRandomSubset(columns, column_mask_, options_.feature_fraction_bynode,
                     RandomBits(node_sampling_key_, node_id_[static_cast<size_t>(leaf)]), &sampled);
    if (allowed.empty()) {
      allowed = std::move(sampled);
    } else {
      for (size_t c = 0; c < allowed.size(); ++c) allowed[c] &= sampled[c];
    }
  }
  best_[static_cast<size_t>(leaf)] = finder_.FindBestSplit(
      hists_[static_cast<size_t>(leaf)], sums_[static_cast<size_t>(leaf)], gradients_.scale, search,
      threads_, node_constraints, &pruned, allowed.empty() ? nullptr : &allowed);
}

GrownTree TreeGrower::Grow(std::span<const int32_t> bag_rows, const TreeGradients& gradients,
                           const std::vector<uint8_t>& column_mask, uint64_t node_sampling_key) {
  gradients_ = gradients;
  column_mask_ = column_mask;
  node_sampling_key_ = node_sampling_key;
  node_id_[0] = 0;
  sync_status_ = Status::Ok();
  leaf_of_rows_ready_ = false;
  if (Distributed() && gradients.packed == nullptr && gradients.fixed_grad == nullptr) {
    sync_status_ = Status::InvalidArgument(
        "data-parallel training sums histograms as integers: it needs quantized or fixed-point "
        "gradients");
  }
  GrownTree grown;
  partitioner_.Reset(data_.num_rows(), bag_rows);
  constraints_.Reset();
  sums_[0] = RootSums(bag_rows);
  root_rows_ = sums_[0].count;
  std::fill(pruned_[0].begin(), pruned_[0].end(), 0);
  const GradientView view{gradients.packed,    gradients.grad,           gradients.hess,
                          QuantBins(),         gradients.packed_in_rows, gradients.fixed_grad,
                          gradients.fixed_hess};
  // Without bagging the root holds every row in order: build without the row-index indirection.
  Timer timer;
  if (bag_rows.empty() && data_.num_rows() > 0) {
    builder_.Build(std::span<const int32_t>{}, view, KindFor(sums_[0].count), &hists_[0]);
    times_.histogram_rows += data_.num_rows();
    SumOverMachines(&hists_[0]);
  } else {
    BuildLeafHistogram(0, sums_[0].count, &hists_[0]);
  }
  times_.histogram += timer.Seconds();
  if (!sync_status_.ok()) return grown;
  grown.tree.set_leaf_value(0, LeafOutput(sums_[0].g, sums_[0].h, options_.split));
  grown.tree.set_leaf_count(0, sums_[0].count);
  grown.tree.set_leaf_weight(0, sums_[0].h);
  FindSplit(0, grown.tree);
  if (options_.grow_policy == GrowPolicy::kDepthwise) {
    GrowDepthwise(&grown);
  } else {
    GrowLossguide(&grown);
  }
  if (gradients.packed != nullptr && options_.renew_leaves) {
    timer.Reset();
    RenewLeafValues(&grown.tree);
    times_.renew += timer.Seconds();
  }
  return grown;
}

void TreeGrower::GrowLossguide(GrownTree* grown) {
  while (grown->tree.num_leaves() < options_.num_leaves && sync_status_.ok()) {
    const int leaf = BestLeaf(best_, grown->tree.num_leaves());
    if (leaf < 0) break;
    if (!ApplySplit(leaf, grown)) best_[static_cast<size_t>(leaf)] = SplitCandidate{};
  }
}

void TreeGrower::GrowDepthwise(GrownTree* grown) {
  while (grown->tree.num_leaves() < options_.num_leaves && sync_status_.ok()) {
    const std::vector<int> level = NextLevel(best_, grown->tree);
    if (level.empty()) break;
    for (const int leaf : level) {
      if (grown->tree.num_leaves() >= options_.num_leaves) break;
      if (!ApplySplit(leaf, grown)) best_[static_cast<size_t>(leaf)] = SplitCandidate{};
    }
  }
}

bool TreeGrower::ApplySplit(int leaf, GrownTree* grown) {
  const SplitCandidate best = best_[static_cast<size_t>(leaf)];
  const int new_leaf = grown->tree.num_leaves();
  SplitRule rule;
  rule.column = best.column;
  rule.threshold_bin = best.threshold_bin;
  rule.default_left = best.default_left;
  if (layout_.has_missing[static_cast<size_t>(best.column)] != 0) {
    rule.missing_bin =
        static_cast<uint32_t>(layout_.num_numeric_bins[static_cast<size_t>(best.column)]);
  }
  if (!best.cat_bins.empty()) rule.left_bins = BinBitset(best.cat_bins);
  const int64_t total = sums_[static_cast<size_t>(leaf)].count;
  Timer timer;
  int64_t left_count = partitioner_.Split(leaf, new_leaf, data_.matrix(), rule);
  times_.partition += timer.Seconds();
  times_.partition_rows += partitioner_.Count(leaf) + partitioner_.Count(new_leaf);
  SumOverMachines(std::span<int64_t>(&left_count, 1));  // rows of the left child on all machines
  if (!sync_status_.ok()) return false;
  if (left_count == 0 || left_count == total) {
    // The hessian-based count estimate promised rows on both sides but one side is empty:
    // undo (the rows kept their order) and never try this leaf again.
    partitioner_.Merge(leaf, new_leaf);
    return false;
  }
  LeafSums left = best.left, right = best.right;
  left.count = left_count;
  right.count = total - left_count;
  sums_[static_cast<size_t>(leaf)] = left;
  sums_[static_cast<size_t>(new_leaf)] = right;
  pruned_[static_cast<size_t>(new_leaf)] = pruned_[static_cast<size_t>(leaf)];
  // Split k (k = 1, 2, ...) makes nodes 2k - 1 and 2k: ids unique within the tree.
  node_id_[static_cast<size_t>(leaf)] = 2 * static_cast<uint64_t>(new_leaf) - 1;
  node_id_[static_cast<size_t>(new_leaf)] = 2 * static_cast<uint64_t>(new_leaf);
  const int feature = data_.RealFeature(best.column);
  if (!best.cat_bins.empty()) {
    SplitCategoricalNode(leaf, best, left, right, &grown->tree);
  } else {
    grown->tree.Split(leaf, feature,
                      data_.bin_mapper().UpperBound(feature, static_cast<int>(best.threshold_bin)),
                      best.default_left, best.gain, best.left_output, best.right_output, left.count,
                      right.count, left.h, right.h);
  }
  grown->rules.push_back(rule);
  constraints_.OnSplit(leaf, new_leaf, best.column, best.left_output, best.right_output);
  BuildChildHistograms(leaf, new_leaf);
  if (!sync_status_.ok()) return false;
  if (QGBM_DEBUG_INVARIANTS && !Distributed()) {
    CheckLeafInvariants(leaf);
    CheckLeafInvariants(new_leaf);
  }
  timer.Reset();
  const int children[2] = {leaf, new_leaf};
  // The two children's searches are independent: one per thread, when the histograms are large
  // enough to repay waking a thread and each search does not already use every thread.
  const bool pair_parallel = builder_.total_bins() >= kMinBinsForParallelSearch &&
                             layout_.num_columns() < SplitFinder::kMinColumnsForParallelScan;
  const int pair_threads = pair_parallel ? threads_ : 1;
  ParallelFor(2, pair_threads, [&](int64_t i) { FindSplit(children[i], grown->tree); });
  times_.split += timer.Seconds();
  if (options_.histogram_pool_bytes > 0.0) EnforceHistogramPool(grown->tree.num_leaves());
  return true;
}

void TreeGrower::SplitCategoricalNode(int leaf, const SplitCandidate& best, const LeafSums& left,
                                      const LeafSums& right, Tree* tree) const {
  const int feature = data_.RealFeature(best.column);
  // The model stores category codes, not bins: prediction needs no bin mapper.
  std::vector<int32_t> codes;
  for (uint32_t b : best.cat_bins)
    codes.push_back(data_.bin_mapper().CategoryOfBin(feature, static_cast<int>(b)));
  tree->SplitCategorical(leaf, feature, codes, best.gain, best.left_output, best.right_output,
                         left.count, right.count, left.h, right.h);
}

void TreeGrower::EnforceHistogramPool(int num_leaves) {
  double bytes = static_cast<double>(spare_.StorageBytes());
  std::vector<int> held;
  for (int l = 0; l < num_leaves; ++l) {
    if (!hists_[static_cast<size_t>(l)].has_storage()) continue;
    bytes += static_cast<double>(hists_[static_cast<size_t>(l)].StorageBytes());
    held.push_back(l);
  }
  if (bytes <= options_.histogram_pool_bytes) return;
  // Leaves that cannot split never need their histogram again; then the lowest gains (the
  // last to be split), ties by leaf index, so the choice does not depend on anything else.
  auto priority = [&](int l) {
    const SplitCandidate& c = best_[static_cast<size_t>(l)];
    return c.valid() ? c.gain : -std::numeric_limits<double>::infinity();
  };
  std::sort(held.begin(), held.end(), [&](int a, int b) {
    const double pa = priority(a), pb = priority(b);
    return pa < pb || (pa == pb && a < b);
  });
  for (int l : held) {
    if (bytes <= options_.histogram_pool_bytes) break;
    Histogram& h = hists_[static_cast<size_t>(l)];
    bytes -= static_cast<double>(h.StorageBytes());
    h.Release();
  }
}

void TreeGrower::BuildChildHistograms(int left, int right) {
  Timer timer;
  // Counts over all machines: every machine picks the same smaller child and widths.
  const int64_t left_rows = sums_[static_cast<size_t>(left)].count;
  const int64_t right_rows = sums_[static_cast<size_t>(right)].count;
  const bool left_smaller = left_rows <= right_rows;
  const int small = left_smaller ? left : right;
  const int64_t large_rows = left_smaller ? right_rows : left_rows;
  Histogram& parent =
      hists_[static_cast<size_t>(left)];  // the parent's histogram lives in the left slot
  if (!parent.has_storage()) {
    // The pool dropped the parent's histogram: build both children from their rows.
    BuildLeafHistogram(left, left_rows, &hists_[static_cast<size_t>(left)]);
    BuildLeafHistogram(right, right_rows, &hists_[static_cast<size_t>(right)]);
    times_.histogram += timer.Seconds();
    return;
  }
  // Build the smaller child into the spare buffer, derive the larger one into its own slot.
  BuildLeafHistogram(small, sums_[static_cast<size_t>(small)].count, &spare_);
  Histogram& large_hist =
      left_smaller ? hists_[static_cast<size_t>(right)] : hists_[static_cast<size_t>(left)];
  if (left_smaller) {
    large_hist.Reset(KindFor(large_rows));
    SubtractHistogram(parent, spare_, &large_hist);
    std::swap(hists_[static_cast<size_t>(left)], spare_);
  } else {
    // The larger (left) child reuses the parent's slot: subtract into a second buffer first.
    std::swap(hists_[static_cast<size_t>(right)], spare_);
    spare_.Reset(KindFor(large_rows));
    SubtractHistogram(parent, hists_[static_cast<size_t>(right)], &spare_);
    std::swap(hists_[static_cast<size_t>(left)], spare_);
  }
  times_.histogram += timer.Seconds();
}

std::span<const int32_t> TreeGrower::LeafOfRows() {
  if (!leaf_of_rows_ready_) {
    leaf_of_rows_ = partitioner_.LeafOfRows();
    leaf_of_rows_ready_ = true;
  }
  return leaf_of_rows_;
}

void TreeGrower::RenewLeafValues(Tree* tree) {
  // Leaf values from the full-precision gradients of each leaf's rows. The sums are exact:
  // each value is rounded to a multiple of 2^-k of the largest one (common/fixed_point.h) and
  // summed as integers, so they do not depend on row
  // order, thread count or how rows are split across machines.
  const int leaves = tree->num_leaves();
  const int64_t rows = std::max<int64_t>(root_rows_, 1);
  const int k = FixedPointExponent(rows);
  const double max_g = gradients_.scale->max_abs_grad, max_h = gradients_.scale->max_hess;
  const double to_int_g = FixedPointFactor(max_g, k);
  const double to_int_h = FixedPointFactor(max_h, k);
  // One pass over the rows in order (the leaf of each from LeafOfRows), each block summing into
  // its own slots; the integer partial sums add up exactly in any order.
  const std::span<const int32_t> leaf_of = LeafOfRows();
  const auto n = static_cast<int64_t>(leaf_of.size());
  const int64_t blocks = NumBlocks(n, kRenewRowsPerBlock, kRenewMaxBlocks);
  const size_t slots = 2 * static_cast<size_t>(leaves);
  std::vector<int64_t> partial(slots * static_cast<size_t>(blocks), 0);
  ParallelFor(blocks, threads_, [&](int64_t b) {
    int64_t* s = partial.data() + slots * static_cast<size_t>(b);
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t r = range.begin; r < range.end; ++r) {
      const int32_t l = leaf_of[static_cast<size_t>(r)];
      if (l < 0) continue;  // not in this tree's bag
      s[2 * l] += RoundScaled(static_cast<double>(gradients_.grad[r]) * to_int_g);
      s[2 * l + 1] += RoundScaled(static_cast<double>(gradients_.hess[r]) * to_int_h);
    }
  });
  std::vector<int64_t> sums(slots, 0);
  for (int64_t b = 0; b < blocks; ++b) {
    for (size_t s = 0; s < slots; ++s) sums[s] += partial[slots * static_cast<size_t>(b) + s];
  }
  if (!SumOverMachines(sums)) return;
  for (int l = 0; l < leaves; ++l) {
    const double g =
        to_int_g > 0.0 ? static_cast<double>(sums[2 * static_cast<size_t>(l)]) / to_int_g : 0.0;
    const double h =
        to_int_h > 0.0 ? static_cast<double>(sums[2 * static_cast<size_t>(l) + 1]) / to_int_h : 0.0;
    // Renewed values stay inside the leaf's monotone bounds, or monotonicity would break.
    tree->set_leaf_value(l, constraints_.Clamp(l, LeafOutput(g, h, options_.split)));
    tree->set_leaf_weight(l, h);
  }
}

void TreeGrower::CheckLeafInvariants(int leaf) const {
  if (gradients_.packed == nullptr) return;
  IntSum rows_sum;
  for (int32_t r : partitioner_.Rows(leaf))
    rows_sum += IntSum{PackedRowGrad(gradients_.packed[r]), PackedRowHess(gradients_.packed[r])};
  const LeafSums& s = sums_[static_cast<size_t>(leaf)];
  QGBM_CHECK(rows_sum == s.ints) << "leaf " << leaf
                                 << " integer total differs from the sum of its rows";
  const Histogram& h = hists_[static_cast<size_t>(leaf)];
  for (int c = 0; c < layout_.num_columns(); ++c) {
    IntSum col;
    for (uint32_t b = layout_.offsets[static_cast<size_t>(c)];
         b < layout_.offsets[static_cast<size_t>(c) + 1]; ++b) {
      col += h.IntAt(static_cast<int>(b));
    }
    QGBM_CHECK(col == s.ints) << "leaf " << leaf << " column " << c
                              << " histogram total differs from the leaf total";
  }
}

}  // namespace qgbm
