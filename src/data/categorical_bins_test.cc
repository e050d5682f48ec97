// Binning of categorical features: one bin per kept category, most frequent first, and the
// missing bin for NaN, negative, rare and unseen codes.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "data/bin_mapper.h"
#include "data/dataset.h"

namespace qgbm {
namespace {

TEST(CategoricalBinsTest, MostFrequentFirstTiesByCode) {
  // code: count = 7:50, 3:30, 5:30, 1:10
  std::vector<float> values;
  for (int i = 0; i < 50; ++i) values.push_back(7);
  for (int i = 0; i < 30; ++i) values.push_back(5);
  for (int i = 0; i < 30; ++i) values.push_back(3);
  for (int i = 0; i < 10; ++i) values.push_back(1);
  int64_t other = -1;
  const std::vector<int32_t> bins = FindCategoryBins(values, 125, 255, 3, &other);
  EXPECT_EQ(bins, (std::vector<int32_t>{7, 3, 5, 1}));
  EXPECT_EQ(other, 5);  // the 5 NaN rows of the sample
}

// Past the first two categories, one rarer than min_data_in_bin ends the list; and once 99% of
// the rows are covered, max_bin caps the bins (LightGBM's rule).
TEST(CategoricalBinsTest, RareCategoriesGoToTheMissingBin) {
  std::vector<float> values;
  for (int c = 0; c < 5; ++c) {
    for (int i = 0; i < 100 - c; ++i) values.push_back(static_cast<float>(c));
  }
  values.push_back(9);  // one row: below min_data_in_bin
  int64_t other = 0;
  EXPECT_EQ(FindCategoryBins(values, static_cast<int64_t>(values.size()), 255, 3, &other),
            (std::vector<int32_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(other, 1);
  // max_bin 4: three categories plus the missing bin, then coverage (below 99%) asks for more.
  const auto capped = FindCategoryBins(values, static_cast<int64_t>(values.size()), 4, 1, &other);
  EXPECT_EQ(capped.size(), 5u);
}

TEST(CategoricalBinsTest, MapperBinsCodesAndSendsTheRestToTheMissingBin) {
  RawData raw;
  raw.num_rows = 400;
  raw.num_features = 2;
  raw.categorical = {0, 1};
  for (int64_t r = 0; r < raw.num_rows; ++r) {
    raw.values.push_back(static_cast<float>(r));
    raw.values.push_back(static_cast<float>(r % 4 == 0 ? 10 : r % 4 == 1 ? 20 : 30));
  }
  raw.labels.assign(static_cast<size_t>(raw.num_rows), 0.0f);
  const BinMapper m = BinMapper::Build(raw, BinningOptions{}, 2);
  ASSERT_TRUE(m.IsCategorical(1));
  EXPECT_FALSE(m.IsCategorical(0));
  ASSERT_EQ(m.NumNumericBins(1), 3);
  EXPECT_TRUE(m.HasMissingBin(1));
  EXPECT_EQ(m.CategoryOfBin(1, 0), 30);  // half the rows
  EXPECT_EQ(m.CategoricalBinOf(1, 30.0f), 0u);
  EXPECT_EQ(m.CategoricalBinOf(1, 10.0f), 1u);
  EXPECT_EQ(m.CategoricalBinOf(1, 20.0f), 2u);
  for (float v : {std::nanf(""), -1.0f, 11.0f, 1e10f}) {
    EXPECT_EQ(m.CategoricalBinOf(1, v), static_cast<uint32_t>(m.MissingBin(1))) << v;
  }
  auto data = Dataset::FromRaw(std::move(raw), BinningOptions{}, 2);
  ASSERT_TRUE(data.ok());
  ASSERT_EQ(data->num_used_features(), 2);
  EXPECT_EQ(data->matrix().Bin(0, 1), 1u);  // row 0: code 10
  EXPECT_EQ(data->matrix().Bin(3, 1), 0u);  // row 3: code 30
}

}  // namespace
}  // namespace qgbm
