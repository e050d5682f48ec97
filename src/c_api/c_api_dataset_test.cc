// C API datasets: creation from arrays, fields, names, and argument errors.
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qgbm/c_api.h"

#include "c_api/c_api_test_util.h"

namespace qgbm::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CApiDataset, FromMatFieldsAndCounts) {
  const SyntheticData d = MakeData(60, 3, 2, 1);
  DatasetPtr ds;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1,
                                      "max_bin=15 verbosity=-1", nullptr, &ds.h),
            0)
      << LastError();
  int64_t rows = 0;
  int32_t cols = 0;
  ASSERT_EQ(QGBM_DatasetGetNumData(ds.h, &rows), 0);
  ASSERT_EQ(QGBM_DatasetGetNumFeature(ds.h, &cols), 0);
  EXPECT_EQ(rows, 60);
  EXPECT_EQ(cols, 3);

  // Labels given as float64 come back as float32; unset fields are empty.
  std::vector<double> labels(d.y.begin(), d.y.end());
  ASSERT_EQ(QGBM_DatasetSetField(ds.h, "label", labels.data(), d.rows, QGBM_DTYPE_FLOAT64), 0)
      << LastError();
  int64_t len = -1;
  const void* ptr = nullptr;
  int type = -1;
  ASSERT_EQ(QGBM_DatasetGetField(ds.h, "label", &len, &ptr, &type), 0);
  EXPECT_EQ(len, 60);
  EXPECT_EQ(type, QGBM_DTYPE_FLOAT32);
  EXPECT_EQ(std::vector<float>(static_cast<const float*>(ptr), static_cast<const float*>(ptr) + 60),
            d.y);
  ASSERT_EQ(QGBM_DatasetGetField(ds.h, "weight", &len, &ptr, &type), 0);
  EXPECT_EQ(len, 0);
  EXPECT_EQ(ptr, nullptr);
  // Setting another field leaves the labels where they are.
  const float* label_ptr = nullptr;
  ASSERT_EQ(QGBM_DatasetGetField(ds.h, "label", &len, &ptr, &type), 0);
  label_ptr = static_cast<const float*>(ptr);
  const std::vector<float> weights(60, 2.0f);
  ASSERT_EQ(QGBM_DatasetSetField(ds.h, "weight", weights.data(), 60, QGBM_DTYPE_FLOAT32), 0);
  EXPECT_EQ(label_ptr[59], d.y[59]);
  ASSERT_EQ(QGBM_DatasetGetField(ds.h, "label", &len, &ptr, &type), 0);
  EXPECT_EQ(ptr, label_ptr);

  const std::vector<int64_t> groups = {20, 40};
  ASSERT_EQ(QGBM_DatasetSetField(ds.h, "group", groups.data(), 2, QGBM_DTYPE_INT64), 0)
      << LastError();
  ASSERT_EQ(QGBM_DatasetGetField(ds.h, "group", &len, &ptr, &type), 0);
  EXPECT_EQ(type, QGBM_DTYPE_INT32);
  ASSERT_EQ(len, 2);
  EXPECT_EQ(static_cast<const int32_t*>(ptr)[1], 40);
  ASSERT_EQ(QGBM_DatasetSetField(ds.h, "group", nullptr, 0, QGBM_DTYPE_INT32), 0);  // removes
  ASSERT_EQ(QGBM_DatasetGetField(ds.h, "group", &len, &ptr, &type), 0);
  EXPECT_EQ(len, 0);

  std::vector<float> init(120, 0.25f);  // two outputs per row
  ASSERT_EQ(QGBM_DatasetSetField(ds.h, "init_score", init.data(), 120, QGBM_DTYPE_FLOAT32), 0);
  ASSERT_EQ(QGBM_DatasetGetField(ds.h, "init_score", &len, &ptr, &type), 0);
  EXPECT_EQ(type, QGBM_DTYPE_FLOAT64);
  EXPECT_EQ(len, 120);
  EXPECT_EQ(static_cast<const double*>(ptr)[119], 0.25);
}

TEST(CApiDataset, FeatureNames) {
  const SyntheticData d = MakeData(30, 3, 2, 2);
  DatasetPtr ds;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1,
                                      "verbosity=-1", nullptr, &ds.h),
            0);
  char a[16], b[16], c[16];
  char* out[] = {a, b, c};
  int n = 0;
  size_t longest = 0;
  ASSERT_EQ(QGBM_DatasetGetFeatureNames(ds.h, 3, &n, 16, &longest, out), 0);
  EXPECT_EQ(n, 3);
  EXPECT_STREQ(c, "Column_2");
  const char* names[] = {"age", "income", "a_much_longer_name"};
  ASSERT_EQ(QGBM_DatasetSetFeatureNames(ds.h, names, 3), 0) << LastError();
  ASSERT_EQ(QGBM_DatasetGetFeatureNames(ds.h, 3, &n, 16, &longest, out), 0);
  EXPECT_EQ(longest, std::strlen("a_much_longer_name") + 1);
  EXPECT_STREQ(b, "income");
  EXPECT_STREQ(c, "a_much_longer_n");  // cut to buffer_len - 1

  const char* two[] = {"x", "y"};
  EXPECT_EQ(QGBM_DatasetSetFeatureNames(ds.h, two, 2), -1);
  EXPECT_TRUE(Contains(LastError(), "2 feature names for 3 features")) << LastError();
  const char* twice[] = {"x", "y", "x"};
  EXPECT_EQ(QGBM_DatasetSetFeatureNames(ds.h, twice, 3), -1);
  EXPECT_TRUE(Contains(LastError(), "'x' appears twice")) << LastError();
}

TEST(CApiDataset, CategoryNamesNeedACategoricalFeature) {
  std::vector<float> x = {0, 1.5f, 1, 2.5f, 2, 0.5f, 1, 1.0f};  // feature 0 holds codes
  DatasetPtr ds;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(x.data(), QGBM_DTYPE_FLOAT32, 4, 2, 1,
                                      "categorical_feature=0 min_data_in_bin=1 verbosity=-1",
                                      nullptr, &ds.h),
            0)
      << LastError();
  const char* names[] = {"red", "green", "blue"};
  EXPECT_EQ(QGBM_DatasetSetCategoryNames(ds.h, 0, names, 3), 0) << LastError();
  EXPECT_EQ(QGBM_DatasetSetCategoryNames(ds.h, 1, names, 3), -1);
  EXPECT_TRUE(Contains(LastError(), "feature 1 is not categorical")) << LastError();
  EXPECT_EQ(QGBM_DatasetSetCategoryNames(ds.h, 5, names, 3), -1);
  EXPECT_TRUE(Contains(LastError(), "feature 5 is outside")) << LastError();
}

TEST(CApiDataset, BadFieldsAreNamed) {
  const SyntheticData d = MakeData(10, 2, 2, 3);
  DatasetPtr ds;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1, nullptr,
                                      nullptr, &ds.h),
            0);
  std::vector<float> y = d.y;
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, "lable", y.data(), 10, QGBM_DTYPE_FLOAT32), -1);
  EXPECT_TRUE(Contains(LastError(), "unknown field 'lable'")) << LastError();
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, "label", y.data(), 9, QGBM_DTYPE_FLOAT32), -1);
  EXPECT_TRUE(Contains(LastError(), "field 'label' has 9 values but the data has 10 rows"))
      << LastError();
  y[4] = NAN;
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, "label", y.data(), 10, QGBM_DTYPE_FLOAT32), -1);
  EXPECT_TRUE(Contains(LastError(), "field 'label': value 4")) << LastError();
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, "weight", y.data(), 10, QGBM_DTYPE_INT32), -1);
  EXPECT_TRUE(Contains(LastError(), "field 'weight' takes float32")) << LastError();
  const std::vector<int32_t> groups = {4, 5};
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, "group", groups.data(), 2, QGBM_DTYPE_INT32), -1);
  EXPECT_TRUE(Contains(LastError(), "field 'group': the sizes sum to 9")) << LastError();
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, "group", groups.data(), 2, QGBM_DTYPE_FLOAT32), -1);
  EXPECT_TRUE(Contains(LastError(), "field 'group' takes int32")) << LastError();
  std::vector<double> init(15, 0.0);
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, "init_score", init.data(), 15, QGBM_DTYPE_FLOAT64), -1);
  EXPECT_TRUE(Contains(LastError(), "not a multiple of the 10 rows")) << LastError();
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, "label", nullptr, 10, QGBM_DTYPE_FLOAT32), -1);
  EXPECT_TRUE(Contains(LastError(), "'field_data' is null")) << LastError();
  EXPECT_EQ(QGBM_DatasetSetField(ds.h, nullptr, y.data(), 10, QGBM_DTYPE_FLOAT32), -1);
  EXPECT_TRUE(Contains(LastError(), "'field_name' is null")) << LastError();
  int64_t len = 0;
  const void* ptr = nullptr;
  int type = 0;
  EXPECT_EQ(QGBM_DatasetGetField(ds.h, "weights", &len, &ptr, &type), -1);
  EXPECT_TRUE(Contains(LastError(), "unknown field 'weights'")) << LastError();
}

TEST(CApiDataset, BadCreationArgumentsAreNamed) {
  const std::vector<float> x(6, 1.0f);
  QGBMDatasetHandle h = nullptr;
  EXPECT_EQ(QGBM_DatasetCreateFromMat(x.data(), QGBM_DTYPE_INT32, 3, 2, 1, nullptr, nullptr, &h),
            -1);
  EXPECT_TRUE(Contains(LastError(), "data_type")) << LastError();
  EXPECT_EQ(
      QGBM_DatasetCreateFromMat(x.data(), QGBM_DTYPE_FLOAT32, 3, 2, 1, "max_binz=3", nullptr, &h),
      -1);
  EXPECT_TRUE(Contains(LastError(), "max_binz")) << LastError();
  EXPECT_EQ(QGBM_DatasetCreateFromMat(nullptr, QGBM_DTYPE_FLOAT32, 3, 2, 1, nullptr, nullptr, &h),
            -1);
  EXPECT_TRUE(Contains(LastError(), "'data' is null")) << LastError();
  EXPECT_EQ(
      QGBM_DatasetCreateFromMat(x.data(), QGBM_DTYPE_FLOAT32, 3, 2, 1, nullptr, nullptr, nullptr),
      -1);
  EXPECT_TRUE(Contains(LastError(), "'out' is null")) << LastError();
  EXPECT_EQ(QGBM_DatasetCreateFromMat(x.data(), QGBM_DTYPE_FLOAT32, 3, 2, 1,
                                      "categorical_feature=4", nullptr, &h),
            -1);
  EXPECT_TRUE(Contains(LastError(), "categorical_feature: index 4")) << LastError();
  EXPECT_EQ(QGBM_DatasetCreateFromFile("/no/such/file.csv", nullptr, nullptr, &h), -1);
  EXPECT_TRUE(Contains(LastError(), "/no/such/file.csv")) << LastError();
  int64_t rows = 0;
  EXPECT_EQ(QGBM_DatasetGetNumData(nullptr, &rows), -1);
  EXPECT_TRUE(Contains(LastError(), "'handle' is null")) << LastError();
  EXPECT_EQ(h, nullptr);
}

}  // namespace
}  // namespace qgbm::testing
