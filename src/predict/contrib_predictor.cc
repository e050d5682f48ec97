#include "predict/contrib_predictor.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "common/check.h"
#include "common/parallel_for.h"
#include "predict/tree_shap.h"

namespace qgbm {
namespace {

// Rows per parallel item: enough to amortise the per-item scratch; results do not depend on it.
constexpr int64_t kRowsPerBlock = 64;

}  // namespace

int64_t NumContribsPerRow(const Model& model) {
  return int64_t{model.num_tree_per_iteration} * (int64_t{model.num_features} + 1);
}

void PredictContrib(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                    const PredictOptions& options, double* out) {
  QGBM_CHECK(num_rows >= 0) << "num_rows " << num_rows;
  QGBM_CHECK(row_stride >= model.num_features)
      << "row_stride " << row_stride << " < num_features " << model.num_features;
  const IterationRange used = UsedIterations(model, options);
  const int k = model.num_tree_per_iteration;
  const size_t first = static_cast<size_t>(used.begin) * static_cast<size_t>(k);
  const size_t last = static_cast<size_t>(used.end) * static_cast<size_t>(k);
  const int64_t block_width = int64_t{model.num_features} + 1;  // one output's contributions
  // Each output's bias is the same for every row: init score, then the trees in model order.
  std::vector<double> bias(model.init_score.begin(), model.init_score.end());
  for (size_t t = first; t < last; ++t) bias[t % k] += TreeExpectedValue(model.trees[t]);

  const int64_t blocks = (num_rows + kRowsPerBlock - 1) / kRowsPerBlock;
  const int threads = options.threads > 0 ? options.threads : DefaultThreadCount();
  ParallelFor(blocks, threads, [&](int64_t b) {
    ShapScratch scratch;
    const int64_t end = std::min(num_rows, (b + 1) * kRowsPerBlock);
    for (int64_t r = b * kRowsPerBlock; r < end; ++r) {
      const float* row = rows + r * row_stride;
      double* row_out = out + r * k * block_width;
      std::fill_n(row_out, k * block_width, 0.0);
      for (size_t t = first; t < last; ++t) {
        TreeShap(model.trees[t], row, &scratch,
                 row_out + static_cast<int64_t>(t % k) * block_width);
      }
      for (int c = 0; c < k; ++c) row_out[c * block_width + model.num_features] = bias[c];
    }
  });
}

}  // namespace qgbm
