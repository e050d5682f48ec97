#include "predict/predictor.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "common/check.h"
#include "common/parallel_for.h"
#include "model/tree.h"

namespace qgbm {
namespace {

// Rows per block: enough that each tree's nodes stay in cache while a block walks it, small
// enough that a block's scores (rows x K doubles) stay in L1/L2.
constexpr int64_t kRowsPerBlock = 128;

// Calls fn(begin, end) for fixed blocks of rows, in parallel.
template <class Fn>
void ForEachRowBlock(int64_t num_rows, int threads, Fn&& fn) {
  const int64_t blocks = (num_rows + kRowsPerBlock - 1) / kRowsPerBlock;
  ParallelFor(blocks, threads > 0 ? threads : DefaultThreadCount(), [&](int64_t b) {
    const int64_t begin = b * kRowsPerBlock;
    fn(begin, std::min(num_rows, begin + kRowsPerBlock));
  });
}

void CheckInputs(const Model& model, int64_t num_rows, int row_stride) {
  QGBM_CHECK(num_rows >= 0) << "num_rows " << num_rows;
  QGBM_CHECK(row_stride >= model.num_features)
      << "row_stride " << row_stride << " < num_features " << model.num_features;
  QGBM_CHECK(model.num_tree_per_iteration >= 1 &&
             model.init_score.size() == static_cast<size_t>(model.num_tree_per_iteration))
      << "model without one init score per output";
}

// What every row block of one call shares.
struct RowSource {
  const Model& model;
  const float* rows;
  int row_stride;
  IterationRange used;
};

// Rows [begin, end): start from init_score, then add trees in model order. The tree loop is
// outside the row loop for cache reuse; each (row, output) still sums in tree order.
void RawScoresOfBlock(const RowSource& src, int64_t begin, int64_t end, double* out) {
  const Model& model = src.model;
  const int k = model.num_tree_per_iteration;
  for (int64_t r = begin; r < end; ++r) {
    std::copy(model.init_score.begin(), model.init_score.end(), out + r * k);
  }
  const auto first = static_cast<size_t>(src.used.begin) * static_cast<size_t>(k);
  const auto last = static_cast<size_t>(src.used.end) * static_cast<size_t>(k);
  for (size_t t = first; t < last; ++t) {
    const Tree& tree = model.trees[t];
    const auto output = static_cast<int64_t>(t % static_cast<size_t>(k));
    for (int64_t r = begin; r < end; ++r) {
      out[r * k + output] += tree.Predict(src.rows + r * src.row_stride);
    }
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

}  // namespace

IterationRange UsedIterations(const Model& model, const PredictOptions& options) {
  const int total = model.num_iterations();
  const int begin = std::clamp(options.start_iteration, 0, total);
  const int end =
      options.num_iterations <= 0 ? total : begin + std::min(options.num_iterations, total - begin);
  return {begin, end};
}

int64_t NumTreesUsed(const Model& model, const PredictOptions& options) {
  const IterationRange used = UsedIterations(model, options);
  return static_cast<int64_t>(used.end - used.begin) * model.num_tree_per_iteration;
}

void PredictRaw(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                const PredictOptions& options, double* out) {
  CheckInputs(model, num_rows, row_stride);
  const RowSource src{model, rows, row_stride, UsedIterations(model, options)};
  ForEachRowBlock(num_rows, options.threads,
                  [&](int64_t begin, int64_t end) { RawScoresOfBlock(src, begin, end, out); });
}

void Predict(const Model& model, const float* rows, int64_t num_rows, int row_stride,
             const PredictOptions& options, double* out) {
  CheckInputs(model, num_rows, row_stride);
  const RowSource src{model, rows, row_stride, UsedIterations(model, options)};
  const int k = model.num_tree_per_iteration;
  ForEachRowBlock(num_rows, options.threads, [&](int64_t begin, int64_t end) {
    RawScoresOfBlock(src, begin, end, out);
    if (!options.raw_score) {
      TransformScores(model.transform, model.sigmoid, k, end - begin, out + begin * k);
    }
  });
}

void PredictLeafIndex(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                      const PredictOptions& options, int32_t* out) {
  CheckInputs(model, num_rows, row_stride);
  const IterationRange used = UsedIterations(model, options);
  const auto first = static_cast<int64_t>(used.begin) * model.num_tree_per_iteration;
  const int64_t num_trees = NumTreesUsed(model, options);
  ForEachRowBlock(num_rows, options.threads, [&](int64_t begin, int64_t end) {
    for (int64_t j = 0; j < num_trees; ++j) {
      const Tree& tree = model.trees[static_cast<size_t>(first + j)];
      for (int64_t r = begin; r < end; ++r) {
        out[r * num_trees + j] = tree.LeafIndex(rows + r * row_stride);
      }
    }
  });
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
