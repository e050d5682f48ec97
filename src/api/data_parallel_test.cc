#include "api/data_parallel.h"

#include <gtest/gtest.h>

namespace qgbm {
namespace {

RawData Rows(int64_t n, std::vector<int32_t> groups = {}) {
  RawData raw;
  raw.num_rows = n;
  raw.num_features = 2;
  for (int64_t r = 0; r < n; ++r) {
    raw.values.push_back(static_cast<float>(r));
    raw.values.push_back(static_cast<float>(-r));
    raw.labels.push_back(static_cast<float>(r % 2));
    raw.weights.push_back(1.0f + static_cast<float>(r));
  }
  for (int c = 0; c < 2; ++c)
    for (int64_t r = 0; r < n; ++r) raw.init_scores.push_back(static_cast<double>(c * 1000 + r));
  raw.group_sizes = std::move(groups);
  return raw;
}

TEST(DataParallelTest, SharesAreConsecutiveAndCoverEveryRowOnce) {
  for (int size : {1, 2, 3, 4, 7}) {
    int64_t next = 0;
    for (int rank = 0; rank < size; ++rank) {
      const RawData part = KeepShare(Rows(10), rank, size);
      ASSERT_EQ(part.values.size(), static_cast<size_t>(part.num_rows) * 2);
      for (int64_t r = 0; r < part.num_rows; ++r) {
        EXPECT_EQ(part.values[static_cast<size_t>(2 * r)], static_cast<float>(next + r));
        EXPECT_EQ(part.weights[static_cast<size_t>(r)], 1.0f + static_cast<float>(next + r));
        // Both outputs' initial scores follow their rows.
        EXPECT_EQ(part.init_scores[static_cast<size_t>(r)], static_cast<double>(next + r));
        EXPECT_EQ(part.init_scores[static_cast<size_t>(part.num_rows + r)],
                  static_cast<double>(1000 + next + r));
      }
      next += part.num_rows;
    }
    EXPECT_EQ(next, 10) << size;
  }
}

TEST(DataParallelTest, QueryGroupsStayWhole) {
  const std::vector<int32_t> groups = {4, 1, 3, 2};  // rows 0-3, 4, 5-7, 8-9
  const RawData a = KeepShare(Rows(10, groups), 0, 2);
  const RawData b = KeepShare(Rows(10, groups), 1, 2);
  EXPECT_EQ(a.num_rows, 5);  // the even split point 5 is a group start
  EXPECT_EQ(a.group_sizes, (std::vector<int32_t>{4, 1}));
  EXPECT_EQ(b.group_sizes, (std::vector<int32_t>{3, 2}));
  const RawData c = KeepShare(Rows(10, groups), 1, 3);  // even start 3 moves to row 4
  EXPECT_EQ(c.values[0], 4.0f);
}

TEST(DataParallelTest, RankPathReplacesEveryPlaceholder) {
  EXPECT_EQ(RankPath("train.part{rank}.csv", 3), "train.part3.csv");
  EXPECT_EQ(RankPath("{rank}/x{rank}", 0), "0/x0");
  EXPECT_EQ(RankPath("plain.csv", 2), "plain.csv");
}

}  // namespace
}  // namespace qgbm
