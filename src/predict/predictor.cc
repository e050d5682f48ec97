#include "predict/predictor.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "common/check.h"
#include "common/parallel_for.h"
#include "predict/forest_walk.h"
#include "predict/row_keys.h"

namespace qgbm {
namespace {

// Rows per block: as many as keep the block's key rows within about half of L1 (next to the
// few KB of the tree being walked), since every step of a walk loads a key. The forest's nodes
// are streamed from L2/L3 once per block, so blocks are kept at least kMinRowsPerBlock rows.
// The block size depends on the model only; results do not depend on it at all (each row is
// summed on its own).
constexpr int64_t kBlockKeyBytes = int64_t{16} * 1024;
constexpr int64_t kMinRowsPerBlock = 64;
constexpr int64_t kMaxRowsPerBlock = 1024;

int64_t RowsPerBlock(const FlatForest& forest) {
  const int64_t row_bytes = std::max<int64_t>(1, forest.key_columns()) * int64_t{sizeof(int32_t)};
  const int64_t rows = std::clamp(kBlockKeyBytes / row_bytes, kMinRowsPerBlock, kMaxRowsPerBlock);
  return rows / kLanes * kLanes;
}

// Calls fn(begin, end) for blocks of rows_per_block rows, in parallel.
template <class Fn>
void ForEachRowBlock(int64_t num_rows, int64_t rows_per_block, int threads, Fn&& fn) {
  const int64_t blocks = (num_rows + rows_per_block - 1) / rows_per_block;
  ParallelFor(blocks, threads > 0 ? threads : DefaultThreadCount(), [&](int64_t b) {
    const int64_t begin = b * rows_per_block;
    fn(begin, std::min(num_rows, begin + rows_per_block));
  });
}

void CheckInputs(const FlatForest& forest, int64_t num_rows, int row_stride) {
  QGBM_CHECK(num_rows >= 0) << "num_rows " << num_rows;
  QGBM_CHECK(row_stride >= forest.num_features())
      << "row_stride " << row_stride << " < num_features " << forest.num_features();
}

// The key rows of one block (row_keys.h), made once and walked by every tree: groups of kLanes
// rows, lane-interleaved (flat_forest.h). The last group is padded with copies of the last row,
// so every walk is full; the copies' leaves are ignored.
class BlockKeys {
 public:
  BlockKeys(const FlatForest& forest, const float* rows, int row_stride, int64_t begin, int64_t end)
      : count_(end - begin), group_size_(static_cast<int64_t>(forest.key_columns()) * kLanes) {
    const int64_t groups = (count_ + kLanes - 1) / kLanes;
    keys_.resize(static_cast<size_t>(groups * group_size_));
    for (int64_t i = 0; i < groups * kLanes; ++i) {
      const int64_t row = begin + std::min(i, count_ - 1);
      KeyRow(rows + row * row_stride, forest.num_features(), kLanes,
             keys_.data() + (i / kLanes) * group_size_ + i % kLanes);
    }
  }
  int64_t count() const { return count_; }
  const int32_t* group(int64_t first_row) const {
    return keys_.data() + first_row / kLanes * group_size_;
  }

 private:
  int64_t count_;
  int64_t group_size_;
  std::vector<int32_t> keys_;
};

// Calls fn(i, leaf node) for every row i of the block, in row order, after walking tree `tree`.
template <class Fn>
void WalkBlock(const FlatForest& forest, int64_t tree, const BlockKeys& rows, Fn&& fn) {
  const NodeRef root = forest.root(tree);
  const int depth = forest.depth(tree);
  // The walk is chosen once per call, so the numeric loop is the same code as without categories.
  auto walk_groups = [&](auto walk) {
    for (int64_t i = 0; i < rows.count(); i += kLanes) {
      NodeRef at[kLanes];
      std::fill_n(at, kLanes, root);
      walk(rows.group(i), at);
      const int64_t n = std::min<int64_t>(kLanes, rows.count() - i);
      for (int64_t j = 0; j < n; ++j) fn(i + j, at[j]);
    }
  };
  if (forest.has_categorical()) {
    walk_groups([&](const int32_t* keys, NodeRef* at) {
      WalkLockstepWithCategories<sizeof(int32_t)>(forest, keys, depth, at);
    });
  } else {
    walk_groups([&](const int32_t* keys, NodeRef* at) {
      WalkLockstep<sizeof(int32_t)>(forest.nodes(), keys, depth, at);
    });
  }
}

// What every row block of one call shares.
struct RowSource {
  const FlatForest& forest;
  const float* rows;
  int row_stride;
  IterationRange used;
};

// Rows [begin, end): start from init_score, then add trees in model order; each (row, output)
// sums in tree order.
void RawScoresOfBlock(const RowSource& src, int64_t begin, int64_t end, double* out) {
  const FlatForest& forest = src.forest;
  const int k = forest.num_outputs();
  double* block_out = out + begin * k;
  for (int64_t r = 0; r < end - begin; ++r) {
    std::copy(forest.init_score().begin(), forest.init_score().end(), block_out + r * k);
  }
  if (begin == end) return;
  const BlockKeys rows(forest, src.rows, src.row_stride, begin, end);
  int output = 0;
  for (int64_t t = int64_t{src.used.begin} * k; t < int64_t{src.used.end} * k; ++t) {
    double* scores = block_out + output;
    WalkBlock(forest, t, rows,
              [&](int64_t i, NodeRef leaf) { scores[i * k] += forest.leaf_value(leaf); });
    output = output + 1 == k ? 0 : output + 1;
  }
}

void Softmax(int k, double* scores) {
  const double max = *std::max_element(scores, scores + k);
  double sum = 0.0;
  for (int i = 0; i < k; ++i) {
    scores[i] = std::exp(scores[i] - max);  // shifted by the max so exp cannot overflow
    sum += scores[i];
  }
  for (int i = 0; i < k; ++i) scores[i] /= sum;
}

IterationRange ClampIterations(int total, const PredictOptions& options) {
  const int begin = std::clamp(options.start_iteration, 0, total);
  const int end =
      options.num_iterations <= 0 ? total : begin + std::min(options.num_iterations, total - begin);
  return {begin, end};
}

}  // namespace

IterationRange UsedIterations(const Model& model, const PredictOptions& options) {
  return ClampIterations(model.num_iterations(), options);
}

IterationRange UsedIterations(const FlatForest& forest, const PredictOptions& options) {
  return ClampIterations(forest.num_iterations(), options);
}

int64_t NumTreesUsed(const Model& model, const PredictOptions& options) {
  const IterationRange used = UsedIterations(model, options);
  return static_cast<int64_t>(used.end - used.begin) * model.num_tree_per_iteration;
}

int64_t NumTreesUsed(const FlatForest& forest, const PredictOptions& options) {
  const IterationRange used = UsedIterations(forest, options);
  return static_cast<int64_t>(used.end - used.begin) * forest.num_outputs();
}

void PredictRaw(const FlatForest& forest, const float* rows, int64_t num_rows, int row_stride,
                const PredictOptions& options, double* out) {
  CheckInputs(forest, num_rows, row_stride);
  const RowSource src{forest, rows, row_stride, UsedIterations(forest, options)};
  ForEachRowBlock(num_rows, RowsPerBlock(forest), options.threads,
                  [&](int64_t begin, int64_t end) { RawScoresOfBlock(src, begin, end, out); });
}

void Predict(const FlatForest& forest, const float* rows, int64_t num_rows, int row_stride,
             const PredictOptions& options, double* out) {
  CheckInputs(forest, num_rows, row_stride);
  const RowSource src{forest, rows, row_stride, UsedIterations(forest, options)};
  const int k = forest.num_outputs();
  ForEachRowBlock(num_rows, RowsPerBlock(forest), options.threads, [&](int64_t begin, int64_t end) {
    RawScoresOfBlock(src, begin, end, out);
    if (!options.raw_score) {
      TransformScores(forest.transform(), forest.sigmoid(), k, end - begin, out + begin * k);
    }
  });
}

void PredictLeafIndex(const FlatForest& forest, const float* rows, int64_t num_rows, int row_stride,
                      const PredictOptions& options, int32_t* out) {
  CheckInputs(forest, num_rows, row_stride);
  const IterationRange used = UsedIterations(forest, options);
  const int64_t first = int64_t{used.begin} * forest.num_outputs();
  const int64_t num_trees = NumTreesUsed(forest, options);
  ForEachRowBlock(num_rows, RowsPerBlock(forest), options.threads, [&](int64_t begin, int64_t end) {
    if (begin == end) return;
    const BlockKeys block(forest, rows, row_stride, begin, end);
    int32_t* block_out = out + begin * num_trees;
    for (int64_t j = 0; j < num_trees; ++j) {
      WalkBlock(forest, first + j, block, [&](int64_t i, NodeRef leaf) {
        block_out[i * num_trees + j] = forest.leaf_index(leaf);
      });
    }
  });
}

void PredictRaw(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                const PredictOptions& options, double* out) {
  PredictRaw(FlatForest(model), rows, num_rows, row_stride, options, out);
}

void Predict(const Model& model, const float* rows, int64_t num_rows, int row_stride,
             const PredictOptions& options, double* out) {
  Predict(FlatForest(model), rows, num_rows, row_stride, options, out);
}

void PredictLeafIndex(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                      const PredictOptions& options, int32_t* out) {
  PredictLeafIndex(FlatForest(model), rows, num_rows, row_stride, options, out);
}

void TransformScores(OutputTransform transform, double sigmoid, int k, int64_t num_rows,
                     double* scores) {
  const int64_t n = num_rows * k;
  switch (transform) {
    case OutputTransform::kIdentity:
      return;
    case OutputTransform::kSigmoid:
      for (int64_t i = 0; i < n; ++i) scores[i] = 1.0 / (1.0 + std::exp(-sigmoid * scores[i]));
      return;
    case OutputTransform::kSoftmax:
      for (int64_t r = 0; r < num_rows; ++r) Softmax(k, scores + r * k);
      return;
    case OutputTransform::kExponential:
      for (int64_t i = 0; i < n; ++i) scores[i] = std::exp(scores[i]);
      return;
  }
}

}  // namespace qgbm
