#include "gradient/packed.h"

#include <gtest/gtest.h>

namespace qgbm {
namespace {

TEST(PackedTest, RowRoundTripsEveryLevel) {
  for (int g = -63; g <= 63; ++g) {
    for (int h = 0; h <= 127; ++h) {
      const uint16_t p = PackRow(g, h);
      ASSERT_EQ(PackedRowGrad(p), g);
      ASSERT_EQ(PackedRowHess(p), h);
      ASSERT_EQ(Decode16(ToPacked16(p)), (IntSum{g, h}));
      ASSERT_EQ(Decode32(ToPacked32(p)), (IntSum{g, h}));
    }
  }
}

// Sums of many packed rows decode to the field sums as long as the totals fit the width.
TEST(PackedTest, PackedSumsDecodeExactlyUpToTheWidthLimit) {
  const int bins = 4;
  // Largest row count of the 16-bit tier: rows * B < 2^16.
  const int64_t rows16 = (int64_t{1} << 16) / bins - 1;
  EXPECT_EQ(WidthForRows(rows16, bins), HistWidth::kPacked16);
  EXPECT_EQ(WidthForRows(rows16 + 1, bins), HistWidth::kPacked32);
  for (int g : {-2, 2}) {
    uint32_t acc16 = 0;
    uint64_t acc32 = 0;
    for (int64_t i = 0; i < rows16; ++i) {
      acc16 += ToPacked16(PackRow(g, bins));
      acc32 += ToPacked32(PackRow(g, bins));
    }
    EXPECT_EQ(Decode16(acc16), (IntSum{g * rows16, bins * rows16}));
    EXPECT_EQ(Decode32(acc32), (IntSum{g * rows16, bins * rows16}));
  }
  const int64_t rows32 = (int64_t{1} << 32) / bins - 1;
  EXPECT_EQ(WidthForRows(rows32, bins), HistWidth::kPacked32);
  EXPECT_EQ(WidthForRows(rows32 + 1, bins), HistWidth::kPair64);
  // Worst case at the 32-bit boundary, via the encoding of the totals.
  const IntSum worst{-2 * rows32, bins * rows32};
  EXPECT_EQ(Decode32(Encode32(worst)), worst);
  const IntSum worst16{-2 * rows16, bins * rows16};
  EXPECT_EQ(Decode16(Encode16(worst16)), worst16);
}

TEST(PackedTest, SubtractionOfPackedValuesIsExact) {
  const IntSum parent{-700, 9000}, child{350, 1234};
  EXPECT_EQ(Decode16(Encode16(parent) - Encode16(child)), parent - child);
  EXPECT_EQ(Decode32(Encode32(parent) - Encode32(child)), parent - child);
}

}  // namespace
}  // namespace qgbm
