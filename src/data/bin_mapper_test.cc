#include "data/bin_mapper.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include <gtest/gtest.h>

#include "data/binned_matrix.h"
#include "data/dataset.h"
#include "data/testing_data.h"

namespace qgbm {
namespace {

TEST(BinMapperTest, FewDistinctValuesGetOneBinEach) {
  const std::vector<double> cuts = FindCuts({3, 1, 2, 2, 1, 3, 3, 1, 2}, 255, 1);
  ASSERT_EQ(cuts.size(), 2u);
  EXPECT_DOUBLE_EQ(cuts[0], 1.5);
  EXPECT_DOUBLE_EQ(cuts[1], 2.5);
}

TEST(BinMapperTest, ManyValuesRespectMaxBinAndMinDataInBin) {
  std::vector<float> values;
  for (int i = 0; i < 10000; ++i) values.push_back(static_cast<float>(i % 997));
  const std::vector<double> cuts = FindCuts(values, 63, 3);
  EXPECT_LE(cuts.size(), 62u);
  EXPECT_GE(cuts.size(), 50u);
  for (size_t i = 1; i < cuts.size(); ++i) EXPECT_LT(cuts[i - 1], cuts[i]);
  EXPECT_TRUE(FindCuts({1, 2, 3, 4}, 255, 3).size() <= 1u);
}

// LightGBM's rules (tests/python/test_bin_boundaries.py compares with LightGBM itself).
TEST(BinMapperTest, CutIsTheDoubleAboveTheMidpointOfTheValuesAsText) {
  // 0.1f and 0.2f stand for the text "0.1" and "0.2", which LightGBM reads as doubles.
  const std::vector<double> cuts = FindCuts({0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f}, 255, 3);
  ASSERT_EQ(cuts.size(), 1u);
  EXPECT_EQ(cuts[0], std::nextafter((0.1 + 0.2) / 2.0, INFINITY));
  EXPECT_NE(cuts[0], std::nextafter((static_cast<double>(0.1f) + 0.2f) / 2.0, INFINITY));
}

TEST(BinMapperTest, ZeroHasABinOfItsOwnBetweenTheNegativeAndPositiveSides) {
  const auto zero = static_cast<double>(1e-35f);
  std::vector<float> values;
  for (float v : {-2.0f, -1.0f, 0.0f, 1e-36f, 1.0f, 2.0f}) values.insert(values.end(), 3, v);
  EXPECT_EQ(FindCuts(values, 255, 3), (std::vector<double>{std::nextafter(-1.5, INFINITY), -zero,
                                                           zero, std::nextafter(1.5, INFINITY)}));
  // Without zeros the zero bin is empty: only its upper cut stays.
  EXPECT_EQ(FindCuts({-1, -1, -1, 1, 1, 1}, 255, 3), (std::vector<double>{zero}));
  // Cuts with nothing on one side are dropped: a constant feature has none.
  EXPECT_TRUE(FindCuts({3, 3, 3, 3}, 255, 3).empty());
  EXPECT_TRUE(FindCuts({0, 0, 0, 0}, 255, 3).empty());
}

TEST(BinMapperTest, AValueHoldingAFullBinGetsABinOfItsOwn) {
  std::vector<float> values(500, 5.0f);
  for (int i = 0; i < 500; ++i) values.push_back(static_cast<float>(i) / 50.0f + 0.01f);
  const std::vector<double> cuts = FindCuts(values, 10, 3);
  EXPECT_LE(cuts.size(), 9u);
  const auto above = std::upper_bound(cuts.begin(), cuts.end(), 5.0);
  ASSERT_NE(above, cuts.end());
  ASSERT_NE(above, cuts.begin());
  EXPECT_LT(*above, 5.01);     // the next value, 5.01, is in the next bin
  EXPECT_GT(above[-1], 4.99);  // and the one before, 4.99, in the bin before
}

TEST(BinMapperTest, ValueAtACutGoesToTheLowerBinAndNaNToTheMissingBin) {
  RawData raw = testing::MakeRawData(2000, 3, 1, false, 0.05);
  BinMapper m = BinMapper::Build(raw, BinningOptions{}, 2);
  for (int f = 0; f < 3; ++f) {
    ASSERT_TRUE(m.HasMissingBin(f));
    EXPECT_EQ(m.BinOf(f, std::numeric_limits<float>::quiet_NaN()),
              static_cast<uint32_t>(m.MissingBin(f)));
    for (int b = 0; b + 1 < m.NumNumericBins(f); ++b) {
      const double cut = m.UpperBound(f, b);
      EXPECT_EQ(m.BinOf(f, static_cast<float>(cut)) <= static_cast<uint32_t>(b),
                static_cast<float>(cut) <= cut);
    }
  }
  // Every raw value v: bin(v) <= b exactly when v <= UpperBound(b) (the model's threshold rule).
  for (int64_t r = 0; r < raw.num_rows; ++r) {
    const float v = raw.values[static_cast<size_t>(r * 3)];
    if (std::isnan(v)) continue;
    const uint32_t bin = m.BinOf(0, v);
    for (int b = 0; b + 1 < m.NumNumericBins(0); ++b) {
      ASSERT_EQ(bin <= static_cast<uint32_t>(b), static_cast<double>(v) <= m.UpperBound(0, b));
    }
  }
}

// 4-bit cells (max_bin <= 15) hold the same bins as byte cells, row-major and column-major, for
// odd row and column counts (the last byte of a row or column is half used).
TEST(BinnedMatrixTest, FourBitCellsMatchByteCells) {
  for (int features : {1, 4, 7}) {
    BinningOptions options;
    options.max_bin = 15;
    RawData raw = testing::MakeRawData(1001, features, 3, false, 0.05);
    const BinMapper m = BinMapper::Build(raw, options, 2);
    std::vector<int> used;
    for (int f = 0; f < features; ++f) used.push_back(f);
    const BinnedMatrix packed(raw, m, used, 2, true), bytes(raw, m, used, 2, false);
    ASSERT_EQ(packed.width(), BinWidth::k4);
    ASSERT_EQ(bytes.width(), BinWidth::k8);
    EXPECT_LT(packed.MemoryBytes(), bytes.MemoryBytes());
    for (int c = 0; c < features; ++c) {
      packed.VisitColumn(c, [&](const auto& col) {
        for (int64_t r = 0; r < 1001; ++r) {
          ASSERT_EQ(packed.Bin(r, c), bytes.Bin(r, c));
          ASSERT_EQ(col[r], bytes.Bin(r, c));
        }
      });
    }
  }
}

// One-byte rows of 11..14 and 22..30 columns are padded to 16 and 32 bytes with a gradient slot
// after the bins (here from any size; by default from 16 MiB); narrower rows (7 columns: padding
// would more than double them) and 4-bit rows get none. Writing the slots leaves every bin as it
// was (row- and column-major, and in SelectRows' copy, which keeps the padding), and only one
// holder at a time gets the slots.
TEST(BinnedMatrixTest, GradientSlotsPadRowsAndLeaveBinsAlone) {
  for (const auto& [features, stride] : {std::pair{28, 32}, std::pair{12, 16}, std::pair{7, 7}}) {
    RawData raw = testing::MakeRawData(301, features, 5, false, 0.05);
    const BinMapper m = BinMapper::Build(raw, BinningOptions{}, 2);
    std::vector<int> used;
    for (int f = 0; f < features; ++f) used.push_back(f);
    const BinnedMatrix slots(raw, m, used, 2, true, 0), plain(raw, m, used, 2);
    ASSERT_EQ(slots.width(), BinWidth::k8);
    EXPECT_EQ(plain.row_stride8(), features);  // 301 rows: far below the default size
    EXPECT_EQ(slots.row_stride8(), stride) << features << " columns";
    EXPECT_EQ(slots.HasGradientSlots(), stride > features);
    if (!slots.HasGradientSlots()) {
      EXPECT_FALSE(GradientSlotClaim(slots).held());
      continue;
    }
    std::vector<uint16_t> words(301);
    for (size_t r = 0; r < words.size(); ++r) words[r] = static_cast<uint16_t>(0xFFFF - 7 * r);
    {
      const GradientSlotClaim first(slots);
      ASSERT_TRUE(first.held());
      EXPECT_FALSE(GradientSlotClaim(slots).held());  // taken
      slots.WriteGradientSlots(words.data(), 2);
    }
    EXPECT_TRUE(GradientSlotClaim(slots).held());  // released with its holder
    for (int64_t r = 0; r < 301; ++r) {
      uint16_t w;
      std::memcpy(&w, slots.RowData8() + r * stride + slots.gradient_slot_offset(), sizeof(w));
      ASSERT_EQ(w, words[static_cast<size_t>(r)]);
      for (int c = 0; c < features; ++c) ASSERT_EQ(slots.Bin(r, c), plain.Bin(r, c));
    }
    for (int c = 0; c < features; ++c) {
      slots.VisitColumn(c, [&](const auto& col) {
        for (int64_t r = 0; r < 301; ++r) ASSERT_EQ(col[r], plain.Bin(r, c));
      });
    }
    const std::vector<int32_t> picked = {300, 5, 17, 17, 0};
    const BinnedMatrix sub = slots.SelectRows(picked, 2);
    EXPECT_EQ(sub.row_stride8(), stride);
    EXPECT_TRUE(sub.HasGradientSlots());
    for (size_t i = 0; i < picked.size(); ++i) {
      for (int c = 0; c < features; ++c)
        ASSERT_EQ(sub.Bin(static_cast<int64_t>(i), c), plain.Bin(picked[i], c));
    }
  }
  // 4-bit rows: no slots.
  BinningOptions small;
  small.max_bin = 15;
  RawData raw = testing::MakeRawData(100, 28, 5, false, 0.05);
  const BinMapper m = BinMapper::Build(raw, small, 2);
  std::vector<int> used;
  for (int f = 0; f < 28; ++f) used.push_back(f);
  const BinnedMatrix packed(raw, m, used, 2, true, 0);
  ASSERT_EQ(packed.width(), BinWidth::k4);
  EXPECT_FALSE(packed.HasGradientSlots());
}

TEST(BinMapperTest, NoMissingBinSendsNaNToTheLastNumericBin) {
  RawData raw = testing::MakeRawData(500, 2, 2);
  BinMapper m = BinMapper::Build(raw, BinningOptions{}, 1);
  EXPECT_FALSE(m.HasMissingBin(0));
  EXPECT_EQ(m.BinOf(0, std::numeric_limits<float>::quiet_NaN()),
            static_cast<uint32_t>(m.NumNumericBins(0) - 1));
}

TEST(BinMapperTest, SameBinsForAnyThreadCountAndSampling) {
  RawData raw = testing::MakeRawData(30000, 4, 3);
  BinningOptions o;
  o.sample_count = 5000;
  const BinMapper a = BinMapper::Build(raw, o, 1), b = BinMapper::Build(raw, o, 4);
  for (int f = 0; f < 4; ++f) {
    ASSERT_EQ(a.NumBins(f), b.NumBins(f));
    for (int bin = 0; bin + 1 < a.NumNumericBins(f); ++bin)
      EXPECT_EQ(a.UpperBound(f, bin), b.UpperBound(f, bin));
  }
}

TEST(DatasetTest, ConstantColumnsAreNotUsedAndValidationMustMatch) {
  RawData raw = testing::MakeRawData(1000, 3, 4);
  for (int64_t r = 0; r < raw.num_rows; ++r) raw.values[static_cast<size_t>(r * 3 + 1)] = 5.0f;
  auto train = Dataset::FromRaw(std::move(raw), BinningOptions{}, 2);
  ASSERT_TRUE(train.ok());
  EXPECT_EQ(train->num_used_features(), 2);
  EXPECT_EQ(train->RealFeature(1), 2);
  RawData other = testing::MakeRawData(10, 4, 5);
  other.source = "valid.csv";
  auto valid = Dataset::FromRawWithReference(std::move(other), *train, 1);
  ASSERT_FALSE(valid.ok());
  EXPECT_NE(valid.status().message().find("valid.csv"), std::string::npos);
}

}  // namespace
}  // namespace qgbm
