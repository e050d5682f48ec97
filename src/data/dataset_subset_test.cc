// Dataset::Subset (cross-validation folds) and the checked metadata setters.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "data/dataset.h"
#include "data/testing_data.h"

namespace qgbm {
namespace {

// A subset's cells equal its parent's rows in every cell width (4-bit, 8-bit, 16-bit), through
// both the row-major and the column-major copies.
TEST(DatasetSubsetTest, CellsEqualTheParentsRowsInEveryWidth) {
  for (const int max_bin : {15, 63, 1000}) {
    BinningOptions options;
    options.max_bin = max_bin;
    options.min_data_in_bin = 1;
    auto full = Dataset::FromRaw(testing::MakeRawData(2000, 5, 7, false, 0.05), options, 2);
    ASSERT_TRUE(full.ok()) << full.status().message();
    std::vector<int32_t> rows;
    for (int32_t r = 1; r < 2000; r += 3) rows.push_back(r);
    auto part = Dataset::Subset(*full, rows, 2);
    ASSERT_TRUE(part.ok()) << part.status().message();
    ASSERT_EQ(part->num_rows(), static_cast<int64_t>(rows.size()));
    EXPECT_EQ(part->matrix().width(), full->matrix().width());
    EXPECT_TRUE(part->bin_mapper() == full->bin_mapper());
    for (int c = 0; c < full->num_used_features(); ++c) {
      part->matrix().VisitColumn(c, [&](const auto& column) {
        for (size_t i = 0; i < rows.size(); ++i) {
          ASSERT_EQ(part->matrix().Bin(static_cast<int64_t>(i), c), full->matrix().Bin(rows[i], c));
          ASSERT_EQ(column[static_cast<int64_t>(i)], full->matrix().Bin(rows[i], c));
        }
      });
    }
    for (size_t i = 0; i < rows.size(); ++i)
      EXPECT_EQ(part->metadata().labels[i], full->metadata().labels[static_cast<size_t>(rows[i])]);
  }
}

TEST(DatasetSubsetTest, InitScoresAreSlicedPerOutput) {
  RawData raw = testing::MakeRawData(6, 2, 3);
  raw.init_scores = {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15};  // two outputs, output-major
  auto full = Dataset::FromRaw(std::move(raw), BinningOptions{}, 1);
  ASSERT_TRUE(full.ok());
  const std::vector<int32_t> rows = {1, 4};
  auto part = Dataset::Subset(*full, rows, 1);
  ASSERT_TRUE(part.ok());
  EXPECT_EQ(part->metadata().init_scores, (std::vector<double>{1, 4, 11, 14}));
}

TEST(DatasetSubsetTest, MetadataIsCheckedAgainstTheRows) {
  auto data = Dataset::FromRaw(testing::MakeRawData(10, 2, 5), BinningOptions{}, 1);
  ASSERT_TRUE(data.ok());
  Metadata m = data->metadata();
  m.weights.assign(10, 1.0f);
  m.weights[2] = INFINITY;
  EXPECT_NE(data->SetMetadata(m).message().find("field 'weight': value 2"), std::string::npos);
  m.weights.clear();
  m.group_sizes = {5, 0, 5};
  EXPECT_NE(data->SetMetadata(m).message().find("field 'group': size 1 is 0"), std::string::npos);
  m.group_sizes = {5, 5};
  EXPECT_TRUE(data->SetMetadata(m).ok());
  EXPECT_EQ(data->metadata().group_sizes, (std::vector<int32_t>{5, 5}));
}

}  // namespace
}  // namespace qgbm
