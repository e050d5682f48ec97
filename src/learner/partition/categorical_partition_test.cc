// Categorical splits partition rows exactly like a stable partition by SplitRule::GoesLeft, for
// byte and 4-bit cells (the vector kernel and its scalar tail) and any thread count.
#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "common/random.h"
#include "data/dataset.h"
#include "learner/partition/row_partitioner.h"

namespace qgbm {
namespace {

// One categorical column of `categories` codes (plus a few NaN), one numeric column.
Dataset MakeData(int64_t rows, int categories) {
  RawData raw;
  raw.num_rows = rows;
  raw.num_features = 2;
  raw.categorical = {1, 0};
  const uint64_t key = RandomKey(3, RandomStream::kBinSample, 1);
  for (int64_t r = 0; r < rows; ++r) {
    const double u = RandomUniform(key, static_cast<uint64_t>(r));
    raw.values.push_back(r % 29 == 0 ? std::nanf("") : static_cast<float>(u * categories));
    raw.values.push_back(static_cast<float>(r % 7));
  }
  raw.labels.assign(static_cast<size_t>(rows), 0.0f);
  BinningOptions o;
  o.min_data_in_bin = 1;
  return Dataset::FromRaw(std::move(raw), o, 2).value();
}

TEST(CategoricalPartitionTest, MatchesStablePartitionByTheBitset) {
  for (int categories : {12, 200}) {  // 4-bit and byte cells
    const Dataset data = MakeData(50021, categories);
    const BinnedMatrix& m = data.matrix();
    ASSERT_EQ(m.width(), categories == 12 ? BinWidth::k4 : BinWidth::k8);
    SplitRule rule;
    rule.column = 0;
    const int bins = data.bin_mapper().NumBins(0);
    rule.left_bins.assign(static_cast<size_t>((bins + 31) / 32), 0u);
    for (int b = 0; b + 1 < bins; b += 3)
      rule.left_bins[static_cast<size_t>(b / 32)] |= 1u << (b % 32);
    std::vector<int32_t> all(static_cast<size_t>(m.num_rows()));
    for (size_t r = 0; r < all.size(); ++r) all[r] = static_cast<int32_t>(r);
    std::vector<int32_t> want = all;
    const auto mid = std::stable_partition(want.begin(), want.end(),
                                           [&](int32_t r) { return rule.GoesLeft(m.Bin(r, 0)); });
    for (int threads : {1, 3}) {
      RowPartitioner part(4, threads);
      part.Reset(m.num_rows(), {});
      const int64_t left = part.Split(0, 1, m, rule);
      ASSERT_EQ(left, mid - want.begin());
      std::vector<int32_t> got(part.Rows(0).begin(), part.Rows(0).end());
      got.insert(got.end(), part.Rows(1).begin(), part.Rows(1).end());
      EXPECT_EQ(got, want) << categories << " categories, " << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace qgbm
