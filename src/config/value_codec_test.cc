#include "config/value_codec.h"

#include <gtest/gtest.h>

#include "config/choices.h"

namespace qgbm {
namespace {

TEST(Bound, DescribesEachShape) {
  EXPECT_EQ(AtLeast(0).bound.Describe(), ">= 0");
  EXPECT_EQ(GreaterThan(0).bound.Describe(), "> 0");
  EXPECT_EQ(InRange(2, 127).bound.Describe(), "in [2, 127]");
  EXPECT_EQ(InRangeOpenLow(0, 1).bound.Describe(), "in (0, 1]");
  EXPECT_EQ(NoConstraint().bound.Describe(), "");
  EXPECT_FALSE(InRangeOpenLow(0, 1).bound.Contains(0));
  EXPECT_TRUE(InRangeOpenLow(0, 1).bound.Contains(1));
  EXPECT_EQ(InRangeOpenHigh(1, 2).bound.Describe(), "in [1, 2)");
  EXPECT_TRUE(InRangeOpenHigh(1, 2).bound.Contains(1));
  EXPECT_FALSE(InRangeOpenHigh(1, 2).bound.Contains(2));
}

TEST(ValueCodec, DoublesRoundTripExactly) {
  const FieldSpec spec{"x", {}, NoConstraint(), ""};
  for (double v : {0.1, 1e-3, 1.0 / 3.0, 123456789.123, -2.5e-300}) {
    double copy = v;
    double parsed = 0;
    ASSERT_TRUE(ParseValue(spec, FormatValue(&copy), &parsed).ok());
    EXPECT_EQ(parsed, v);
  }
}

TEST(ValueCodec, IntegersAreStrict) {
  const FieldSpec spec{"n", {}, NoConstraint(), ""};
  int v = 7;
  EXPECT_TRUE(ParseValue(spec, "+12", &v).ok());
  EXPECT_EQ(v, 12);
  EXPECT_TRUE(ParseValue(spec, "-3", &v).ok());
  EXPECT_EQ(v, -3);
  for (const char* bad : {"", "1.5", "1e3", "12abc", "0x10", "3000000000"}) {
    EXPECT_FALSE(ParseValue(spec, bad, &v).ok()) << bad;
  }
  EXPECT_EQ(v, -3);  // unchanged on error
  int64_t big = 0;
  EXPECT_TRUE(ParseValue(spec, "3000000000", &big).ok());
  EXPECT_EQ(big, 3000000000LL);
}

TEST(ValueCodec, DoublesRejectGarbageAndNonFinite) {
  const FieldSpec spec{"x", {}, NoConstraint(), ""};
  double v = 0;
  for (const char* bad : {"", "abc", "1.0.0", "nan", "inf", "1,5"}) {
    EXPECT_FALSE(ParseValue(spec, bad, &v).ok()) << bad;
  }
}

TEST(ValueCodec, ListsAreTrimmedAndNormalised) {
  const FieldSpec spec{"metric", {}, Items(&CanonicalMetricName, true), ""};
  std::vector<std::string> v;
  ASSERT_TRUE(ParseValue(spec, " mse , l2,,AUC ,my_metric", &v).ok());
  EXPECT_EQ(v, (std::vector<std::string>{"l2", "auc", "my_metric"}));
  ASSERT_TRUE(ParseValue(spec, "", &v).ok());
  EXPECT_TRUE(v.empty());
}

TEST(ValueCodec, TypeNames) {
  int i = 0;
  std::vector<std::string> list;
  EXPECT_EQ(TypeName(&i), "int");
  EXPECT_EQ(TypeName(&list), "list");
}

}  // namespace
}  // namespace qgbm
