#include "common/parallel_for.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

TEST(ParallelForTest, VisitsEveryIndexOnce) {
  std::vector<int> hits(1000, 0);
  ParallelFor(1000, 4, [&](int64_t i) { hits[static_cast<size_t>(i)] += 1; });
  for (int h : hits) EXPECT_EQ(h, 1);
}

TEST(ParallelForTest, ManyShortRegionsFromSeveralCallerThreads) {
  // Callers that find the pool busy run serially; every item still runs exactly once.
  std::vector<std::thread> callers;
  std::atomic<int64_t> total{0};
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&total] {
      for (int region = 0; region < 2000; ++region) {
        std::vector<int> hits(17, 0);
        ParallelFor(17, 3, [&](int64_t i) { hits[static_cast<size_t>(i)] += 1; });
        for (int h : hits) ASSERT_EQ(h, 1);
        total += 17;
      }
    });
  }
  for (auto& c : callers) c.join();
  EXPECT_EQ(total.load(), 4 * 2000 * 17);
}

TEST(ParallelForTest, NestedCallsRunInline) {
  std::vector<int> hits(8 * 50, 0);
  ParallelFor(8, 4, [&](int64_t outer) {
    const int index = CurrentThreadIndex();
    ParallelFor(50, 4, [&](int64_t inner) {
      // A nested call runs on the thread that made it.
      EXPECT_EQ(CurrentThreadIndex(), index);
      hits[static_cast<size_t>(outer * 50 + inner)] += 1;
    });
  });
  for (int h : hits) EXPECT_EQ(h, 1);
}

TEST(ParallelForTest, ThreadIndexStaysBelowTheThreadCount) {
  std::vector<int> index(5000, -1);
  ParallelFor(5000, 3, [&](int64_t i) { index[static_cast<size_t>(i)] = CurrentThreadIndex(); });
  for (int k : index) {
    EXPECT_GE(k, 0);
    EXPECT_LT(k, 3);
  }
  EXPECT_EQ(CurrentThreadIndex(), 0);
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
