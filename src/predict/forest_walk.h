// Lockstep walks over a FlatForest: kLanes independent (tree, row) walks advance one level at a
// time, interleaved.
//
// One walk is a chain of dependent loads (node, then the key it names, then the child), and its
// length differs from row to row, so walking rows one by one waits on memory at every level and
// mispredicts the loop exit of every tree. Interleaving kLanes walks gives the CPU independent
// chains to overlap. A step is a few instructions and no branch: node refs are byte offsets (no
// index arithmetic), the lanes' keys share one base address (lane-interleaved key rows), and
// the comparison selects the child with a conditional move. Leaf nodes step onto themselves, so
// every lane takes the same number of steps; the loop ends when a step moves no lane (children
// come after their parent, so the sum of the refs grows until every lane stands on a leaf), at
// the latest after the deepest tree's depth.
#pragma once

#include <cstddef>
#include <cstdint>

#include "predict/flat_forest.h"

namespace qgbm {

// Walks at[i], i < kWalks, down to leaves; `depth` is the deepest of the trees walked. `keys`
// points at lane 0 of a lane-interleaved key row block. kLaneBytes = 4: lane i reads key lane i
// (a batch: kLanes rows, one tree); kLaneBytes = 0: every lane reads lane 0 (a single row, one
// tree per lane).
template <int kLaneBytes, int kWalks = kLanes>
inline void WalkLockstep(const FlatNode* nodes, const int32_t* keys, int depth, NodeRef* at) {
  const auto* node_bytes = reinterpret_cast<const unsigned char*>(nodes);
  const auto* key_bytes = reinterpret_cast<const unsigned char*>(keys);
  uint64_t sum = 0;
  for (int i = 0; i < kWalks; ++i) sum += at[i];
  for (int step = 0; step < depth; ++step) {
    uint64_t next_sum = 0;
    for (int i = 0; i < kWalks; ++i) {
      const auto& n = *reinterpret_cast<const FlatNode*>(node_bytes + at[i]);
      const int32_t key =
          *reinterpret_cast<const int32_t*>(key_bytes + n.key_offset + ptrdiff_t{i} * kLaneBytes);
      at[i] = key > n.threshold ? n.right : n.left;
      next_sum += at[i];
    }
    if (next_sum == sum) break;
    sum = next_sum;
  }
}

// WalkLockstep for a forest with categorical nodes (FlatForest::has_categorical): numeric nodes
// decide as there, categorical ones test the row's category against the node's set (a branch on
// the node kind, which only such forests pay). Leaf nodes are numeric (category set -1) and still
// step onto themselves.
template <int kLaneBytes, int kWalks = kLanes>
inline void WalkLockstepWithCategories(const FlatForest& forest, const int32_t* keys, int depth,
                                       NodeRef* at) {
  const auto* node_bytes = reinterpret_cast<const unsigned char*>(forest.nodes());
  const auto* key_bytes = reinterpret_cast<const unsigned char*>(keys);
  uint64_t sum = 0;
  for (int i = 0; i < kWalks; ++i) sum += at[i];
  for (int step = 0; step < depth; ++step) {
    uint64_t next_sum = 0;
    for (int i = 0; i < kWalks; ++i) {
      const auto& n = *reinterpret_cast<const FlatNode*>(node_bytes + at[i]);
      const int32_t key =
          *reinterpret_cast<const int32_t*>(key_bytes + n.key_offset + ptrdiff_t{i} * kLaneBytes);
      const int32_t set = forest.category_set(at[i]);
      const bool right = set < 0 ? key > n.threshold : !forest.CategoryGoesLeft(set, key);
      at[i] = right ? n.right : n.left;
      next_sum += at[i];
    }
    if (next_sum == sum) break;
    sum = next_sum;
  }
}

}  // namespace qgbm
