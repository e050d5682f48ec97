#include "predict/flat_forest.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <limits>

#include "common/check.h"
#include "predict/float_threshold.h"
#include "predict/row_keys.h"

namespace qgbm {
namespace {

NodeRef RefOf(size_t index) { return static_cast<NodeRef>(index * sizeof(FlatNode)); }

}  // namespace

FlatForest::FlatForest(const Model& model)
    : num_features_(model.num_features),
      num_outputs_(model.num_tree_per_iteration),
      best_iteration_(model.best_iteration),
      init_score_(model.init_score),
      transform_(model.transform),
      sigmoid_(model.sigmoid) {
  QGBM_CHECK(num_outputs_ >= 1 && init_score_.size() == static_cast<size_t>(num_outputs_))
      << "model without one init score per output";
  size_t total = 0;
  for (const Tree& tree : model.trees) total += 2 * static_cast<size_t>(tree.num_leaves()) - 1;
  // Node refs and key offsets are 32-bit byte offsets.
  QGBM_CHECK(total * sizeof(FlatNode) <= std::numeric_limits<NodeRef>::max())
      << "too many nodes for 32-bit node refs: " << total;
  QGBM_CHECK(static_cast<uint64_t>(key_columns()) * kLanes * sizeof(int32_t) <=
             std::numeric_limits<uint32_t>::max())
      << "too many features: " << num_features_;
  nodes_.reserve(total);
  leaf_values_.reserve(total);
  leaf_indices_.reserve(total);
  roots_.reserve(model.trees.size());
  depths_.reserve(model.trees.size());
  bool categorical = false;
  for (const Tree& tree : model.trees) categorical = categorical || tree.num_category_sets() > 0;
  if (categorical) {
    category_set_.reserve(total);
    cat_boundaries_.push_back(0);
  }
  for (const Tree& tree : model.trees) AddTree(tree);
}

bool FlatForest::CategoryGoesLeft(int32_t set, int32_t key) const {
  if (key == kNanLowKey) return false;  // NaN goes right
  // OrderedKey's inverse: non-negative keys are the float's bits, negative ones flipped.
  const float v = std::bit_cast<float>(key >= 0 ? key : key ^ std::numeric_limits<int32_t>::max());
  const int64_t begin = cat_boundaries_[static_cast<size_t>(set)];
  return CategoryInSet(cat_words_.data() + begin,
                       cat_boundaries_[static_cast<size_t>(set) + 1] - begin, v);
}

// Lays the tree out breadth first: slot q of the queue becomes node base + q, and an internal
// node's children are appended to the queue when it is placed.
void FlatForest::AddTree(const Tree& tree) {
  struct Pending {
    int32_t child;  // Tree encoding: >= 0 internal node, < 0 leaf ~child
    int32_t depth;
  };
  const size_t base = nodes_.size();
  const auto count = static_cast<size_t>(2 * tree.num_leaves() - 1);
  nodes_.resize(base + count);
  leaf_values_.resize(base + count, 0.0);
  leaf_indices_.resize(base + count, 0);
  // This tree's category sets, numbered after the earlier trees'.
  const auto first_set =
      static_cast<int32_t>(cat_boundaries_.empty() ? 0 : cat_boundaries_.size() - 1);
  if (!cat_boundaries_.empty()) {
    category_set_.resize(base + count, -1);
    const auto& bounds = tree.cat_boundaries();
    const auto words_before = static_cast<int64_t>(cat_words_.size());
    for (size_t i = 1; i < bounds.size(); ++i) cat_boundaries_.push_back(words_before + bounds[i]);
    cat_words_.insert(cat_words_.end(), tree.cat_threshold().begin(), tree.cat_threshold().end());
  }
  std::vector<Pending> queue;
  queue.reserve(count);
  queue.push_back({tree.num_internal() > 0 ? 0 : ~0, 0});
  int32_t depth = 0;
  for (size_t q = 0; q < queue.size(); ++q) {
    const Pending p = queue[q];
    const size_t slot = base + q;
    if (p.child < 0) {
      const int32_t leaf = ~p.child;
      nodes_[slot] = {0, 0, RefOf(slot), RefOf(slot)};
      leaf_values_[slot] = tree.leaf_value()[static_cast<size_t>(leaf)];
      leaf_indices_[slot] = leaf;
      depth = std::max(depth, p.depth);
      continue;
    }
    const auto n = static_cast<size_t>(p.child);
    QGBM_CHECK(!std::isnan(tree.threshold()[n])) << "NaN threshold";
    // A walk reads the key of this feature, so it must be one of the row's.
    QGBM_CHECK(tree.split_feature()[n] >= 0 && tree.split_feature()[n] < num_features_)
        << "split feature " << tree.split_feature()[n] << " of " << num_features_;
    const bool categorical = tree.is_categorical()[n] != 0;
    // Categorical nodes read the low copy: NaN shows as kNanLowKey.
    const bool nan_right = tree.default_left()[n] == 0 && !categorical;
    const auto column =
        static_cast<uint32_t>(tree.split_feature()[n] + (nan_right ? num_features_ : 0));
    if (categorical) {
      category_set_[slot] = first_set + static_cast<int32_t>(tree.threshold()[n]);
    }
    const size_t left = base + queue.size();
    nodes_[slot] = {OrderedKey(FloatThresholdBelow(tree.threshold()[n])),
                    column * kLanes * static_cast<uint32_t>(sizeof(int32_t)), RefOf(left),
                    RefOf(left + 1)};
    queue.push_back({tree.left_child()[n], p.depth + 1});
    queue.push_back({tree.right_child()[n], p.depth + 1});
  }
  QGBM_CHECK(queue.size() == count) << "tree nodes not reachable from the root";
  roots_.push_back(RefOf(base));
  depths_.push_back(depth);
}

}  // namespace qgbm
