#include "io/array_data.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

// The 3 x 2 matrix [[1, NaN], [0, 2.5], [3, 0]] in every layout the C API accepts.
const float kNaN = std::numeric_limits<float>::quiet_NaN();

void ExpectSameValues(const RawData& raw) {
  ASSERT_EQ(raw.num_rows, 3);
  ASSERT_EQ(raw.num_features, 2);
  const std::vector<float> want = {1.0f, kNaN, 0.0f, 2.5f, 3.0f, 0.0f};
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(raw.values[i])) << i;
    } else {
      EXPECT_EQ(raw.values[i], want[i]) << i;
    }
  }
  EXPECT_EQ(raw.feature_names, (std::vector<std::string>{"Column_0", "Column_1"}));
}

TEST(ArrayData, DenseRowAndColumnMajorFloat32AndFloat64) {
  const std::vector<float> rows = {1.0f, kNaN, 0.0f, 2.5f, 3.0f, 0.0f};
  const std::vector<double> cols = {1.0, 0.0, 3.0, std::nan(""), 2.5, 0.0};
  auto a = RawFromDense({rows.data(), ArrayType::kFloat32, 3, 2, true}, "", 1);
  ASSERT_TRUE(a.ok()) << a.status().message();
  ExpectSameValues(*a);
  auto b = RawFromDense({cols.data(), ArrayType::kFloat64, 3, 2, false}, "", 2);
  ASSERT_TRUE(b.ok()) << b.status().message();
  ExpectSameValues(*b);
}

TEST(ArrayData, SparseEntriesNotStoredAreZero) {
  const std::vector<int64_t> indptr = {0, 2, 3, 4};
  const std::vector<int32_t> indices = {0, 1, 1, 0};
  const std::vector<double> values = {1.0, std::nan(""), 2.5, 3.0};
  SparseArrays csr{indptr.data(),
                   ArrayType::kInt64,
                   indices.data(),
                   values.data(),
                   ArrayType::kFloat64,
                   4,
                   4,
                   2};
  auto a = RawFromCsr(csr, "");
  ASSERT_TRUE(a.ok()) << a.status().message();
  ExpectSameValues(*a);
  const std::vector<int32_t> col_ptr = {0, 2, 4};
  const std::vector<int32_t> rows = {0, 2, 0, 1};
  const std::vector<float> cvalues = {1.0f, 3.0f, kNaN, 2.5f};
  SparseArrays csc{
      col_ptr.data(), ArrayType::kInt32, rows.data(), cvalues.data(), ArrayType::kFloat32, 3, 4, 3};
  auto b = RawFromCsc(csc, "");
  ASSERT_TRUE(b.ok()) << b.status().message();
  ExpectSameValues(*b);
}

TEST(ArrayData, CategoricalFeatureIndices) {
  auto flags = CategoricalFlags(" 2, 0", 3);
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(*flags, (std::vector<uint8_t>{1, 0, 1}));
  EXPECT_NE(CategoricalFlags("3", 3).status().message().find("index 3 is outside"),
            std::string::npos);
  EXPECT_NE(CategoricalFlags("name:a", 3).status().message().find("by name"), std::string::npos);
  EXPECT_NE(CategoricalFlags("x", 3).status().message().find("'x' is not a feature index"),
            std::string::npos);
  // Categorical values must be integer codes; negative ones become missing.
  const std::vector<float> v = {1.0f, -2.0f};
  auto raw = RawFromDense({v.data(), ArrayType::kFloat32, 2, 1, true}, "0", 1);
  ASSERT_TRUE(raw.ok());
  EXPECT_TRUE(std::isnan(raw->values[1]));
  const std::vector<float> bad = {1.5f};
  EXPECT_FALSE(RawFromDense({bad.data(), ArrayType::kFloat32, 1, 1, true}, "0", 1).ok());
}

TEST(ArrayData, BadArgumentsAreNamed) {
  const std::vector<float> v = {1.0f};
  EXPECT_NE(RawFromDense({nullptr, ArrayType::kFloat32, 1, 1, true}, "", 1)
                .status()
                .message()
                .find("'data' is null"),
            std::string::npos);
  EXPECT_NE(RawFromDense({v.data(), ArrayType::kInt32, 1, 1, true}, "", 1)
                .status()
                .message()
                .find("data_type"),
            std::string::npos);
  const std::vector<int32_t> indptr = {0, 2};
  const std::vector<int32_t> indices = {0, 5};
  const std::vector<float> values = {1.0f, 2.0f};
  SparseArrays csr{indptr.data(),
                   ArrayType::kInt32,
                   indices.data(),
                   values.data(),
                   ArrayType::kFloat32,
                   2,
                   2,
                   3};
  EXPECT_NE(RawFromCsr(csr, "").status().message().find("indices[1] = 5"), std::string::npos);
  csr.num_values = 1;
  EXPECT_NE(RawFromCsr(csr, "").status().message().find("indptr ends at 2"), std::string::npos);
  csr.offset_type = ArrayType::kFloat32;
  EXPECT_NE(RawFromCsr(csr, "").status().message().find("indptr must be int32"), std::string::npos);
}

}  // namespace
}  // namespace qgbm
