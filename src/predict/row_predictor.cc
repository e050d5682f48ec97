#include "predict/row_predictor.h"

#include <algorithm>
#include <vector>

#include "predict/forest_walk.h"
#include "predict/row_keys.h"

namespace qgbm {
namespace {

// Key rows up to this many columns live on the stack; wider ones in a buffer each thread keeps,
// so no call allocates after a thread's first. The key row is lane-interleaved like a batch's,
// with only lane 0 filled: every lane reads it.
constexpr int kStackKeyColumns = 256;

// Trees walked in lockstep for one row.
constexpr int kTreesPerWalk = 8;

// Calls fn(tree, leaf node) for the used trees in model order; `keys` is the row's key row.
template <class Fn>
void ForEachLeafOfKeys(const FlatForest& forest, const int32_t* keys, IterationRange used,
                       Fn&& fn) {
  const int k = forest.num_outputs();
  const int64_t last = int64_t{used.end} * k;
  for (int64_t t = int64_t{used.begin} * k; t < last; t += kTreesPerWalk) {
    // The last walk may have fewer trees than lanes: the spare lanes repeat its last tree.
    const int64_t n = std::min<int64_t>(kTreesPerWalk, last - t);
    NodeRef at[kTreesPerWalk];
    int depth = 0;
    for (int i = 0; i < kTreesPerWalk; ++i) {
      const int64_t tree = t + std::min<int64_t>(i, n - 1);
      at[i] = forest.root(tree);
      depth = std::max(depth, forest.depth(tree));
    }
    if (forest.has_categorical()) {
      WalkLockstepWithCategories<0, kTreesPerWalk>(forest, keys, depth, at);
    } else {
      WalkLockstep<0, kTreesPerWalk>(forest.nodes(), keys, depth, at);
    }
    for (int64_t i = 0; i < n; ++i) fn(t + i, at[i]);
  }
}

template <class Fn>
void ForEachLeaf(const FlatForest& forest, const float* row, IterationRange used, Fn&& fn) {
  const auto size = static_cast<size_t>(forest.key_columns()) * kLanes;
  if (forest.key_columns() <= kStackKeyColumns) {
    int32_t keys[kStackKeyColumns * kLanes];
    KeyRow(row, forest.num_features(), kLanes, keys);
    ForEachLeafOfKeys(forest, keys, used, fn);
    return;
  }
  thread_local std::vector<int32_t> wide;
  if (wide.size() < size) wide.resize(size);
  KeyRow(row, forest.num_features(), kLanes, wide.data());
  ForEachLeafOfKeys(forest, wide.data(), used, fn);
}

template <class T>
void LeafIndices(const FlatForest& forest, const float* row, IterationRange used, T* out) {
  const int64_t first = int64_t{used.begin} * forest.num_outputs();
  ForEachLeaf(forest, row, used, [&](int64_t tree, NodeRef leaf) {
    out[tree - first] = static_cast<T>(forest.leaf_index(leaf));
  });
}

}  // namespace

void PredictRowRaw(const FlatForest& forest, const float* row, IterationRange used, double* out) {
  const int k = forest.num_outputs();
  std::copy(forest.init_score().begin(), forest.init_score().end(), out);
  if (k == 1) {
    double sum = out[0];  // in a register: the adds stay in tree order
    ForEachLeaf(forest, row, used, [&](int64_t, NodeRef leaf) { sum += forest.leaf_value(leaf); });
    out[0] = sum;
    return;
  }
  int output = 0;
  ForEachLeaf(forest, row, used, [&](int64_t, NodeRef leaf) {
    out[output] += forest.leaf_value(leaf);
    output = output + 1 == k ? 0 : output + 1;
  });
}

void PredictRowLeafIndex(const FlatForest& forest, const float* row, IterationRange used,
                         int32_t* out) {
  LeafIndices(forest, row, used, out);
}

void PredictRowLeafIndex(const FlatForest& forest, const float* row, IterationRange used,
                         double* out) {
  LeafIndices(forest, row, used, out);
}

}  // namespace qgbm
