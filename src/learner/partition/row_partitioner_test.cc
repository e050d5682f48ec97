#include "learner/partition/row_partitioner.h"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "data/dataset.h"
#include "data/testing_data.h"

namespace qgbm {
namespace {

Dataset MakeData(int64_t rows) {
  return Dataset::FromRaw(testing::MakeRawData(rows, 3, 5, false, 0.1), BinningOptions{}, 2)
      .value();
}

// What a split must produce: the leaf's rows in order, left ones first, both sides stable.
std::vector<int32_t> Expected(std::span<const int32_t> rows, const BinnedMatrix& m,
                              const SplitRule& rule, int64_t* left_count) {
  std::vector<int32_t> out(rows.begin(), rows.end());
  auto mid = std::stable_partition(out.begin(), out.end(),
                                   [&](int32_t r) { return rule.GoesLeft(m.Bin(r, rule.column)); });
  *left_count = mid - out.begin();
  return out;
}

// Splits leaf 0 twice then each child once more, checking every leaf against the reference,
// for block sizes across the vector width and several thread counts.
TEST(RowPartitioner, MatchesStablePartitionForAnyThreadCount) {
  for (int64_t rows : {40, 100, 4095, 20000, 70001}) {
    const Dataset data = MakeData(rows);
    ASSERT_EQ(data.num_used_features(), 3);
    const BinnedMatrix& m = data.matrix();
    for (int threads : {1, 2, 3}) {
      for (bool default_left : {false, true}) {
        RowPartitioner part(8, threads);
        part.Reset(rows, {});
        SplitRule rule;
        rule.column = 1;
        rule.threshold_bin = 40;
        rule.default_left = default_left;
        if (data.bin_mapper().HasMissingBin(data.RealFeature(1))) {
          rule.missing_bin =
              static_cast<uint32_t>(data.bin_mapper().NumNumericBins(data.RealFeature(1)));
        }
        const std::vector<int32_t> all(part.Rows(0).begin(), part.Rows(0).end());
        int64_t nl = 0;
        std::vector<int32_t> want = Expected(all, m, rule, &nl);
        ASSERT_EQ(part.Split(0, 1, m, rule), nl) << rows << " rows, " << threads << " threads";
        std::vector<int32_t> got(part.Rows(0).begin(), part.Rows(0).end());
        got.insert(got.end(), part.Rows(1).begin(), part.Rows(1).end());
        ASSERT_EQ(got, want) << rows << " rows, " << threads << " threads";
        // Split the right child on another column: its rows are now scattered.
        SplitRule second;
        second.column = 2;
        second.threshold_bin = 100;
        const std::vector<int32_t> right(part.Rows(1).begin(), part.Rows(1).end());
        want = Expected(right, m, second, &nl);
        ASSERT_EQ(part.Split(1, 2, m, second), nl);
        got.assign(part.Rows(1).begin(), part.Rows(1).end());
        got.insert(got.end(), part.Rows(2).begin(), part.Rows(2).end());
        ASSERT_EQ(got, want) << rows << " rows, " << threads << " threads";
      }
    }
  }
}

TEST(RowPartitioner, MergeUndoesSplit) {
  const Dataset data = MakeData(5000);
  RowPartitioner part(4, 2);
  part.Reset(5000, {});
  SplitRule rule;
  rule.threshold_bin = 10;
  part.Split(0, 1, data.matrix(), rule);
  part.Merge(0, 1);
  ASSERT_EQ(part.Count(0), 5000);
  EXPECT_EQ(part.Count(1), 0);
  // The rows are all back in one range (left ones first); the set is unchanged.
  std::vector<int32_t> rows(part.Rows(0).begin(), part.Rows(0).end());
  std::sort(rows.begin(), rows.end());
  for (int32_t i = 0; i < 5000; ++i) ASSERT_EQ(rows[static_cast<size_t>(i)], i);
}

}  // namespace
}  // namespace qgbm
