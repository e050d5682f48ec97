// Every input layout of the same values (dense row- or column-major, float32 or float64, CSR,
// CSC, a text file) gives the same model bytes; subsets keep their rows' fields.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qgbm/c_api.h"

#include "c_api/c_api_test_util.h"

namespace qgbm::testing {
namespace {

const char* const kParams =
    "objective=binary num_leaves=6 min_data_in_leaf=5 verbosity=-1 categorical_feature=3 "
    "min_data_per_group=5";

// 300 rows, 4 features: feature 1 has missing values, feature 3 holds category codes and
// feature 2 is mostly 0 (so the sparse layouts leave most of it out).
SyntheticData LayoutData() {
  SyntheticData d = MakeData(300, 4, 2, 61);
  for (int64_t r = 0; r < d.rows; ++r) {
    const int64_t code = (r * 7) % 4;
    d.x[static_cast<size_t>(r * 4 + 3)] = static_cast<float>(code);
    if (code == 1 || code == 3) d.y[static_cast<size_t>(r)] = code == 1 ? 1.0f : 0.0f;
    if (r % 3 != 0) d.x[static_cast<size_t>(r * 4 + 2)] = 0.0f;
  }
  return d;
}

std::string TrainedModel(QGBMDatasetHandle data, const SyntheticData& d, bool set_label = true) {
  if (set_label) {
    EXPECT_EQ(QGBM_DatasetSetField(data, "label", d.y.data(), d.rows, QGBM_DTYPE_FLOAT32), 0)
        << LastError();
  }
  BoosterPtr b;
  EXPECT_EQ(QGBM_BoosterCreate(data, kParams, nullptr, &b.h), 0) << LastError();
  for (int i = 0; i < 5; ++i) {
    int finished = 0;
    EXPECT_EQ(QGBM_BoosterUpdateOneIter(b.h, &finished), 0) << LastError();
  }
  return ModelText(b.h);
}

TEST(CApiDataLayouts, DenseSparseAndFileInputsGiveTheSameModel) {
  const SyntheticData d = LayoutData();
  const int64_t n = d.rows;
  const int m = d.cols;
  DatasetPtr row_major;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, n, m, 1, kParams, nullptr,
                                      &row_major.h),
            0)
      << LastError();
  const std::string want = TrainedModel(row_major.h, d);
  EXPECT_NE(want.find("is_categorical"), std::string::npos);

  std::vector<double> fortran(d.x.size());
  for (int64_t r = 0; r < n; ++r) {
    for (int c = 0; c < m; ++c)
      fortran[static_cast<size_t>(c * n + r)] = d.x[static_cast<size_t>(r * m + c)];
  }
  DatasetPtr column_major;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(fortran.data(), QGBM_DTYPE_FLOAT64, n, m, 0, kParams, nullptr,
                                      &column_major.h),
            0)
      << LastError();
  EXPECT_EQ(TrainedModel(column_major.h, d), want);

  // CSR (int64 offsets, float64 values) and CSC (int32 offsets, float32 values) of the non-zero
  // cells; NaN is stored, so it stays missing.
  std::vector<int64_t> indptr = {0};
  std::vector<int32_t> indices;
  std::vector<double> values;
  for (int64_t r = 0; r < n; ++r) {
    for (int c = 0; c < m; ++c) {
      const float v = d.x[static_cast<size_t>(r * m + c)];
      if (v != 0.0f) {
        indices.push_back(c);
        values.push_back(v);
      }
    }
    indptr.push_back(static_cast<int64_t>(indices.size()));
  }
  ASSERT_LT(values.size(), d.x.size());
  DatasetPtr csr;
  ASSERT_EQ(
      QGBM_DatasetCreateFromCSR(indptr.data(), QGBM_DTYPE_INT64, indices.data(), values.data(),
                                QGBM_DTYPE_FLOAT64, static_cast<int64_t>(indptr.size()),
                                static_cast<int64_t>(values.size()), m, kParams, nullptr, &csr.h),
      0)
      << LastError();
  EXPECT_EQ(TrainedModel(csr.h, d), want);

  std::vector<int32_t> col_ptr = {0}, rows;
  std::vector<float> cvalues;
  for (int c = 0; c < m; ++c) {
    for (int64_t r = 0; r < n; ++r) {
      const float v = d.x[static_cast<size_t>(r * m + c)];
      if (v != 0.0f) {
        rows.push_back(static_cast<int32_t>(r));
        cvalues.push_back(v);
      }
    }
    col_ptr.push_back(static_cast<int32_t>(rows.size()));
  }
  DatasetPtr csc;
  ASSERT_EQ(
      QGBM_DatasetCreateFromCSC(col_ptr.data(), QGBM_DTYPE_INT32, rows.data(), cvalues.data(),
                                QGBM_DTYPE_FLOAT32, static_cast<int64_t>(col_ptr.size()),
                                static_cast<int64_t>(cvalues.size()), n, kParams, nullptr, &csc.h),
      0)
      << LastError();
  EXPECT_EQ(TrainedModel(csc.h, d), want);

  // The same values in a CSV file, labels read from its first column.
  const std::string csv = WriteCsv(d, "layouts.csv");
  DatasetPtr file;
  ASSERT_EQ(QGBM_DatasetCreateFromFile(csv.c_str(), kParams, nullptr, &file.h), 0) << LastError();
  EXPECT_EQ(TrainedModel(file.h, d, false), want);
  std::filesystem::remove_all(std::filesystem::path(csv).parent_path());
}

TEST(CApiDataLayouts, CategoricalFeaturesAndNamesReachTheModel) {
  const SyntheticData d = LayoutData();
  DatasetPtr data;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1, kParams,
                                      nullptr, &data.h),
            0);
  const char* names[] = {"north", "east", "south", "west"};
  ASSERT_EQ(QGBM_DatasetSetCategoryNames(data.h, 3, names, 4), 0) << LastError();
  ASSERT_EQ(QGBM_DatasetSetField(data.h, "label", d.y.data(), d.rows, QGBM_DTYPE_FLOAT32), 0);
  BoosterPtr b;
  ASSERT_EQ(QGBM_BoosterCreate(data.h, kParams, nullptr, &b.h), 0);
  int finished = 0;
  ASSERT_EQ(QGBM_BoosterUpdateOneIter(b.h, &finished), 0);
  int categorical[4] = {-1, -1, -1, -1};
  ASSERT_EQ(QGBM_BoosterGetCategoricalFeatures(b.h, categorical), 0) << LastError();
  EXPECT_EQ(std::vector<int>(categorical, categorical + 4), (std::vector<int>{0, 0, 0, 1}));
  char a[8], b1[8], c[8], e[8];
  char* out[] = {a, b1, c, e};
  int len = 0;
  size_t longest = 0;
  ASSERT_EQ(QGBM_BoosterGetCategoryNames(b.h, 3, 4, &len, 8, &longest, out), 0) << LastError();
  EXPECT_EQ(len, 4);
  EXPECT_STREQ(c, "south");
  ASSERT_EQ(QGBM_BoosterGetCategoryNames(b.h, 0, 4, &len, 8, &longest, out), 0);
  EXPECT_EQ(len, 0);
  EXPECT_EQ(QGBM_BoosterGetCategoryNames(b.h, 4, 4, &len, 8, &longest, out), -1);
  EXPECT_NE(LastError().find("feature 4 is outside"), std::string::npos);

  // A loaded model keeps both.
  const std::string text = ModelText(b.h);
  BoosterPtr loaded;
  ASSERT_EQ(QGBM_BoosterLoadModelFromString(text.data(), text.size(), &loaded.h), 0);
  ASSERT_EQ(QGBM_BoosterGetCategoricalFeatures(loaded.h, categorical), 0);
  EXPECT_EQ(categorical[3], 1);
  ASSERT_EQ(QGBM_BoosterGetCategoryNames(loaded.h, 3, 4, &len, 8, &longest, out), 0);
  EXPECT_STREQ(e, "west");
}

TEST(CApiDataLayouts, SubsetKeepsBinsAndFieldsOfItsRows) {
  const SyntheticData d = LayoutData();
  DatasetPtr full;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1, kParams,
                                      nullptr, &full.h),
            0);
  std::vector<float> weights(static_cast<size_t>(d.rows));
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0f + static_cast<float>(i % 3);
  ASSERT_EQ(QGBM_DatasetSetField(full.h, "label", d.y.data(), d.rows, QGBM_DTYPE_FLOAT32), 0);
  ASSERT_EQ(QGBM_DatasetSetField(full.h, "weight", weights.data(), d.rows, QGBM_DTYPE_FLOAT32), 0);

  // Every row but each fifth: a subset, and the same rows binned with the full data's bins.
  std::vector<int32_t> keep;
  SyntheticData part;
  part.cols = d.cols;
  std::vector<float> part_weights;
  for (int32_t r = 0; r < d.rows; ++r) {
    if (r % 5 == 4) continue;
    keep.push_back(r);
    part.x.insert(part.x.end(), d.x.begin() + r * d.cols, d.x.begin() + (r + 1) * d.cols);
    part.y.push_back(d.y[static_cast<size_t>(r)]);
    part_weights.push_back(weights[static_cast<size_t>(r)]);
  }
  part.rows = static_cast<int64_t>(keep.size());
  DatasetPtr subset, direct;
  ASSERT_EQ(QGBM_DatasetGetSubset(full.h, keep.data(), static_cast<int64_t>(keep.size()), kParams,
                                  &subset.h),
            0)
      << LastError();
  int64_t len = 0;
  const void* ptr = nullptr;
  int type = 0;
  ASSERT_EQ(QGBM_DatasetGetField(subset.h, "weight", &len, &ptr, &type), 0);
  ASSERT_EQ(len, part.rows);
  EXPECT_EQ(
      std::vector<float>(static_cast<const float*>(ptr), static_cast<const float*>(ptr) + len),
      part_weights);
  ASSERT_EQ(QGBM_DatasetCreateFromMat(part.x.data(), QGBM_DTYPE_FLOAT32, part.rows, part.cols, 1,
                                      kParams, full.h, &direct.h),
            0);
  ASSERT_EQ(
      QGBM_DatasetSetField(direct.h, "weight", part_weights.data(), part.rows, QGBM_DTYPE_FLOAT32),
      0);
  EXPECT_EQ(TrainedModel(subset.h, part, false), TrainedModel(direct.h, part));

  // The subset is binned like its parent, so it validates a booster trained on the parent.
  BoosterPtr b;
  ASSERT_EQ(QGBM_BoosterCreate(full.h, kParams, nullptr, &b.h), 0);
  EXPECT_EQ(QGBM_BoosterAddValidData(b.h, subset.h, "fold"), 0) << LastError();
}

TEST(CApiDataLayouts, SubsetsKeepQueryGroupsWhole) {
  const SyntheticData d = MakeData(12, 2, 2, 71);
  DatasetPtr full;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1,
                                      "min_data_in_bin=1", nullptr, &full.h),
            0);
  const std::vector<int32_t> groups = {3, 4, 5};
  ASSERT_EQ(QGBM_DatasetSetField(full.h, "group", groups.data(), 3, QGBM_DTYPE_INT32), 0);
  const std::vector<int32_t> whole = {0, 1, 2, 7, 8, 9, 10, 11};
  DatasetPtr ok;
  ASSERT_EQ(QGBM_DatasetGetSubset(full.h, whole.data(), 8, nullptr, &ok.h), 0) << LastError();
  int64_t len = 0;
  const void* ptr = nullptr;
  int type = 0;
  ASSERT_EQ(QGBM_DatasetGetField(ok.h, "group", &len, &ptr, &type), 0);
  ASSERT_EQ(len, 2);
  EXPECT_EQ(static_cast<const int32_t*>(ptr)[0], 3);
  EXPECT_EQ(static_cast<const int32_t*>(ptr)[1], 5);
  const std::vector<int32_t> cut = {0, 1, 2, 3};
  QGBMDatasetHandle bad = nullptr;
  EXPECT_EQ(QGBM_DatasetGetSubset(full.h, cut.data(), 4, nullptr, &bad), -1);
  EXPECT_NE(LastError().find("1 of the 4 rows of query group 1"), std::string::npos) << LastError();
  const std::vector<int32_t> unordered = {2, 1};
  EXPECT_EQ(QGBM_DatasetGetSubset(full.h, unordered.data(), 2, nullptr, &bad), -1);
  EXPECT_NE(LastError().find("used_row_indices[1] = 1"), std::string::npos) << LastError();
  EXPECT_EQ(bad, nullptr);
}

}  // namespace
}  // namespace qgbm::testing
