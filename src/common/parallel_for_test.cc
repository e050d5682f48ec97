#include "common/parallel_for.h"

#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

TEST(ParallelForTest, VisitsEveryIndexOnce) {
  std::vector<int> hits(1000, 0);
  ParallelFor(1000, 4, [&](int64_t i) { hits[static_cast<size_t>(i)] += 1; });
  for (int h : hits) EXPECT_EQ(h, 1);
}

TEST(ParallelForTest, BlocksCoverRangeContiguously) {
  for (int64_t n : {0, 1, 7, 100, 1001}) {
    for (int64_t blocks : {1, 3, 8}) {
      int64_t expected_begin = 0;
      for (int64_t b = 0; b < blocks; ++b) {
        const BlockRange r = BlockOf(n, blocks, b);
        EXPECT_EQ(r.begin, expected_begin);
        EXPECT_GE(r.end, r.begin);
        expected_begin = r.end;
      }
      EXPECT_EQ(expected_begin, n);
    }
  }
}

}  // namespace
}  // namespace qgbm
