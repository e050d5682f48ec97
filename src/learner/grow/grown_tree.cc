#include "learner/grow/grown_tree.h"

#include "common/parallel_for.h"

namespace qgbm {
namespace {

template <class BinT>
void AddRange(const GrownTree& t, const BinT* bins, int columns, const uint8_t* skip, int64_t begin,
              int64_t end, double* scores) {
  const double* values = t.tree.leaf_value().data();
  for (int64_t r = begin; r < end; ++r) {
    if (skip != nullptr && skip[r] != 0) continue;
    scores[r] += values[t.LeafOf(bins + r * columns)];
  }
}

}  // namespace

void GrownTree::AddToScores(const BinnedMatrix& matrix, const uint8_t* skip, int threads,
                            double* scores) const {
  const int64_t n = matrix.num_rows();
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    if (matrix.wide()) {
      AddRange(*this, matrix.bins16(), matrix.num_columns(), skip, range.begin, range.end, scores);
    } else {
      AddRange(*this, matrix.bins8(), matrix.num_columns(), skip, range.begin, range.end, scores);
    }
  });
}

}  // namespace qgbm
