// Leaf indices of a multi-output model over iteration ranges, against Tree::LeafIndex: the
// columns are the used trees in model order (iteration-major, K per iteration).
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "predict/predictor.h"
#include "predict/testing_forests.h"

namespace qgbm {
namespace {

TEST(LeafIndexTest, IterationRangesOfAMulticlassModelMatchTheTrees) {
  std::mt19937_64 rng(23);
  constexpr int kOutputs = 3;
  const Model m = testing::RandomHardModel(5 * kOutputs, kOutputs, 4, 9, rng);
  constexpr int64_t kRows = 300;
  const std::vector<float> rows = testing::RandomHardRows(m, kRows, 5, rng);
  for (const auto& [start, count] : {std::pair{0, -1}, {1, 2}, {4, 10}, {5, 1}}) {
    PredictOptions o;
    o.start_iteration = start;
    o.num_iterations = count;
    const int64_t per_row = NumTreesUsed(m, o);
    const IterationRange used = UsedIterations(m, o);
    ASSERT_EQ(per_row, int64_t{used.end - used.begin} * kOutputs);
    std::vector<int32_t> one(static_cast<size_t>(kRows * per_row));
    std::vector<int32_t> three(one.size());
    PredictLeafIndex(m, rows.data(), kRows, 5, o, one.data());
    o.threads = 3;
    PredictLeafIndex(m, rows.data(), kRows, 5, o, three.data());
    EXPECT_EQ(one, three);
    for (int64_t r = 0; r < kRows; ++r) {
      for (int64_t j = 0; j < per_row; ++j) {
        const Tree& tree = m.trees[static_cast<size_t>(used.begin * kOutputs + j)];
        ASSERT_EQ(one[static_cast<size_t>(r * per_row + j)], tree.LeafIndex(&rows[r * 5]))
            << "start " << start << " row " << r << " column " << j;
      }
    }
  }
}

}  // namespace
}  // namespace qgbm
