#include "qgbm/c_api.h"

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace {

const std::string kData = std::string(QGBM_SHARED_DATA_DIR) + "/lightgbm_examples/binary.train";

TEST(CApiTest, TrainSavePredictRoundTrip) {
  const std::string model_path =
      (std::filesystem::temp_directory_path() / "qgbm_c_api_test.json").string();
  QGBMBoosterHandle booster = nullptr;
  const std::string params =
      "data=" + kData + " objective=binary num_iterations=5 verbosity=-1 output_model=unused";
  ASSERT_EQ(QGBM_TrainFromParameters(params.c_str(), &booster), 0) << QGBM_GetLastError();
  int32_t features = 0, trees = 0;
  ASSERT_EQ(QGBM_BoosterGetNumFeature(booster, &features), 0);
  ASSERT_EQ(QGBM_BoosterGetNumTrees(booster, &trees), 0);
  EXPECT_EQ(features, 28);
  EXPECT_EQ(trees, 5);
  ASSERT_EQ(QGBM_BoosterSaveModel(booster, model_path.c_str(), 0), 0) << QGBM_GetLastError();

  QGBMBoosterHandle loaded = nullptr;
  ASSERT_EQ(QGBM_BoosterCreateFromModelfile(model_path.c_str(), &loaded), 0) << QGBM_GetLastError();
  std::vector<float> rows(3 * 28, 0.5f);
  rows[5] = NAN;
  std::vector<double> a(3), b(3);
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterPredictForMat(booster, rows.data(), 3, 28, QGBM_PREDICT_NORMAL, 0, 1,
                                      a.data(), &len),
            0);
  EXPECT_EQ(len, 3);
  ASSERT_EQ(QGBM_BoosterPredictForMat(loaded, rows.data(), 3, 28, QGBM_PREDICT_NORMAL, 0, 2,
                                      b.data(), &len),
            0);
  EXPECT_EQ(a, b);
  for (double p : a) EXPECT_TRUE(p > 0.0 && p < 1.0);
  ASSERT_EQ(QGBM_BoosterCalcNumPredict(loaded, 3, QGBM_PREDICT_LEAF_INDEX, 0, &len), 0);
  EXPECT_EQ(len, 15);
  QGBM_BoosterFree(booster);
  QGBM_BoosterFree(loaded);
  std::filesystem::remove(model_path);
}

TEST(CApiTest, ErrorsComeBackAsMessages) {
  QGBMBoosterHandle booster = nullptr;
  EXPECT_EQ(QGBM_BoosterCreateFromModelfile("/no/such/model.json", &booster), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("/no/such/model.json"), std::string::npos);
  EXPECT_EQ(QGBM_TrainFromParameters("num_leafs=3", &booster), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("num_leaves"), std::string::npos);
  const std::string bad = "{\"format\": \"qgbm\"";
  EXPECT_EQ(QGBM_BoosterLoadModelFromString(bad.data(), bad.size(), &booster), -1);
  EXPECT_EQ(QGBM_BoosterGetNumTrees(nullptr, nullptr), -1);
  std::vector<float> rows(28);
  double out = 0;
  int64_t len = 0;
  EXPECT_EQ(QGBM_BoosterPredictForMat(nullptr, rows.data(), 1, 28, 0, 0, 1, &out, &len), -1);
}

const std::string kMulticlassData =
    std::string(QGBM_SHARED_DATA_DIR) + "/lightgbm_examples/multiclass.train";

QGBMBoosterHandle TrainSmallBooster(const std::string& objective = "objective=binary",
                                    const std::string& data = kData) {
  QGBMBoosterHandle booster = nullptr;
  const std::string params = "data=" + data + " " + objective +
                             " num_iterations=23 num_leaves=15 verbosity=-1 output_model=unused";
  EXPECT_EQ(QGBM_TrainFromParameters(params.c_str(), &booster), 0) << QGBM_GetLastError();
  return booster;
}

// Rows with a spare column (ncol 29 > 28 features), some values missing.
std::vector<float> TestRows(int64_t nrow, int ncol) {
  std::mt19937_64 rng(1);
  std::normal_distribution<float> normal(0.5f, 1.0f);
  std::vector<float> rows(static_cast<size_t>(nrow * ncol));
  for (float& v : rows) v = rng() % 8 == 0 ? NAN : normal(rng);
  return rows;
}

// For every prediction kind and a few iteration counts, the fast single-row path returns what the
// batch path returns for each row, bit for bit.
void ExpectFastSingleRowEqualsBatch(QGBMBoosterHandle booster) {
  constexpr int64_t kRows = 50;
  constexpr int kCols = 29;
  const std::vector<float> rows = TestRows(kRows, kCols);
  for (const int type : {QGBM_PREDICT_NORMAL, QGBM_PREDICT_RAW_SCORE, QGBM_PREDICT_LEAF_INDEX}) {
    for (const int num_iteration : {0, 1, 10, 100}) {
      int64_t per_row = 0;
      ASSERT_EQ(QGBM_BoosterCalcNumPredict(booster, 1, type, num_iteration, &per_row), 0);
      std::vector<double> batch(static_cast<size_t>(kRows * per_row));
      int64_t len = 0;
      ASSERT_EQ(QGBM_BoosterPredictForMat(booster, rows.data(), kRows, kCols, type, num_iteration,
                                          2, batch.data(), &len),
                0)
          << QGBM_GetLastError();
      QGBMFastConfigHandle fast = nullptr;
      ASSERT_EQ(QGBM_BoosterPredictForRowFastInit(booster, type, num_iteration, kCols, &fast), 0)
          << QGBM_GetLastError();
      std::vector<double> single(static_cast<size_t>(per_row));
      for (int64_t r = 0; r < kRows; ++r) {
        ASSERT_EQ(QGBM_BoosterPredictForRowFast(fast, &rows[static_cast<size_t>(r * kCols)],
                                                single.data(), &len),
                  0);
        ASSERT_EQ(len, per_row);
        for (int64_t j = 0; j < per_row; ++j) {
          ASSERT_EQ(single[static_cast<size_t>(j)], batch[static_cast<size_t>(r * per_row + j)])
              << "type " << type << " num_iteration " << num_iteration << " row " << r;
        }
      }
      QGBM_FastConfigFree(fast);
    }
  }
}

TEST(CApiTest, FastSingleRowEqualsBatch) {
  QGBMBoosterHandle booster = TrainSmallBooster();
  ExpectFastSingleRowEqualsBatch(booster);
  QGBM_BoosterFree(booster);
}

TEST(CApiTest, MulticlassReturnsOneValuePerClass) {
  QGBMBoosterHandle booster =
      TrainSmallBooster("objective=multiclass num_class=5", kMulticlassData);
  int32_t outputs = 0, trees = 0;
  ASSERT_EQ(QGBM_BoosterGetNumOutputs(booster, &outputs), 0);
  ASSERT_EQ(QGBM_BoosterGetNumTrees(booster, &trees), 0);
  EXPECT_EQ(outputs, 5);
  EXPECT_EQ(trees, 23 * 5);
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterCalcNumPredict(booster, 3, QGBM_PREDICT_NORMAL, 0, &len), 0);
  EXPECT_EQ(len, 15);
  ASSERT_EQ(QGBM_BoosterCalcNumPredict(booster, 3, QGBM_PREDICT_LEAF_INDEX, 10, &len), 0);
  EXPECT_EQ(len, 3 * 10 * 5);
  const std::vector<float> rows = TestRows(3, 29);
  std::vector<double> prob(15);
  ASSERT_EQ(QGBM_BoosterPredictForMat(booster, rows.data(), 3, 29, QGBM_PREDICT_NORMAL, 0, 1,
                                      prob.data(), &len),
            0);
  for (int r = 0; r < 3; ++r) {
    double sum = 0.0;
    for (int k = 0; k < 5; ++k) sum += prob[static_cast<size_t>(r * 5 + k)];
    EXPECT_NEAR(sum, 1.0, 1e-12) << "row " << r;
  }
  ExpectFastSingleRowEqualsBatch(booster);
  QGBM_BoosterFree(booster);
}

// A fast config is read-only: threads share one, and it outlives its booster.
TEST(CApiTest, FastConfigIsSharedAcrossThreadsAndOutlivesTheBooster) {
  QGBMBoosterHandle booster = TrainSmallBooster();
  constexpr int64_t kRows = 200;
  const std::vector<float> rows = TestRows(kRows, 28);
  std::vector<double> expected(kRows);
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterPredictForMat(booster, rows.data(), kRows, 28, QGBM_PREDICT_NORMAL, 0, 1,
                                      expected.data(), &len),
            0);
  QGBMFastConfigHandle fast = nullptr;
  ASSERT_EQ(QGBM_BoosterPredictForRowFastInit(booster, QGBM_PREDICT_NORMAL, 0, 28, &fast), 0);
  QGBM_BoosterFree(booster);
  std::vector<std::vector<double>> got(4, std::vector<double>(kRows));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      int64_t n = 0;
      for (int64_t r = 0; r < kRows; ++r) {
        (void)QGBM_BoosterPredictForRowFast(fast, &rows[static_cast<size_t>(r * 28)],
                                            &got[t][static_cast<size_t>(r)], &n);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (const std::vector<double>& g : got) EXPECT_EQ(g, expected);
  QGBM_FastConfigFree(fast);
}

TEST(CApiTest, FastPathRejectsBadInput) {
  QGBMBoosterHandle booster = TrainSmallBooster();
  QGBMFastConfigHandle fast = nullptr;
  EXPECT_EQ(QGBM_BoosterPredictForRowFastInit(nullptr, 0, 0, 28, &fast), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("handle"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFastInit(booster, 0, 0, 28, nullptr), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("out"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFastInit(booster, 0, 0, 27, &fast), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("27 columns"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFastInit(booster, 4, 0, 28, &fast), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("predict_type 4"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFastInit(booster, QGBM_PREDICT_CONTRIB, 0, 28, &fast), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("QGBM_BoosterPredictForMat"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFastInit(booster, -1, 0, 28, &fast), -1);
  EXPECT_EQ(fast, nullptr);

  ASSERT_EQ(QGBM_BoosterPredictForRowFastInit(booster, 0, 0, 28, &fast), 0);
  const std::vector<float> row(28, 0.5f);
  double out = 0;
  int64_t len = 0;
  EXPECT_EQ(QGBM_BoosterPredictForRowFast(nullptr, row.data(), &out, &len), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("'fast'"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFast(fast, nullptr, &out, &len), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("'row'"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFast(fast, row.data(), nullptr, &len), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("'out'"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFast(fast, row.data(), &out, nullptr), -1);
  EXPECT_NE(std::string(QGBM_GetLastError()).find("'out_len'"), std::string::npos);
  EXPECT_EQ(QGBM_BoosterPredictForRowFast(fast, row.data(), &out, &len), 0);
  EXPECT_EQ(len, 1);
  EXPECT_TRUE(out > 0.0 && out < 1.0);
  EXPECT_EQ(QGBM_FastConfigFree(fast), 0);
  EXPECT_EQ(QGBM_FastConfigFree(nullptr), 0);
  QGBM_BoosterFree(booster);
}

// A categorical node (codes 1 and 4 go left) above a numeric one: batch and single-row
// prediction through the C API follow LightGBM's rule (NaN, negative and other codes go right).
TEST(CApiTest, CategoricalModelPredictsInBatchAndSingleRow) {
  const std::string model = R"({"format":"qgbm","format_version":2,"objective":"regression",
    "output_transform":"identity","sigmoid":1.0,"num_tree_per_iteration":1,"num_features":2,
    "feature_names":["c","x"],"init_score":[0.5],"best_iteration":0,"parameters":{},
    "trees":[{"num_leaves":3,"split_feature":[0,1],"threshold":[0,0.5],
    "default_left":[false,true],"left_child":[1,-1],"right_child":[-3,-2],"split_gain":[1,1],
    "internal_value":[0,0],"internal_count":[10,5],"leaf_value":[1.0,2.0,3.0],
    "leaf_count":[3,2,5],"leaf_weight":[1,1,1],"is_categorical":[true,false],
    "cat_boundaries":[0,1],"cat_threshold":[18]}]})";
  QGBMBoosterHandle booster = nullptr;
  ASSERT_EQ(QGBM_BoosterLoadModelFromString(model.data(), model.size(), &booster), 0)
      << QGBM_GetLastError();
  const float nan = std::nanf("");
  const std::vector<float> rows = {1, 0.2f, 4, 0.9f, 2, 0.2f, nan, nan, -1, 0, 4, nan, 4.5f, 0};
  const std::vector<double> want = {1.5, 2.5, 3.5, 3.5, 3.5, 1.5, 1.5};
  std::vector<double> batch(want.size());
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterPredictForMat(booster, rows.data(), 7, 2, QGBM_PREDICT_NORMAL, 0, 1,
                                      batch.data(), &len),
            0)
      << QGBM_GetLastError();
  EXPECT_EQ(batch, want);
  QGBMFastConfigHandle fast = nullptr;
  ASSERT_EQ(QGBM_BoosterPredictForRowFastInit(booster, QGBM_PREDICT_NORMAL, 0, 2, &fast), 0);
  for (size_t r = 0; r < want.size(); ++r) {
    double out = 0.0;
    ASSERT_EQ(QGBM_BoosterPredictForRowFast(fast, &rows[r * 2], &out, &len), 0);
    EXPECT_EQ(out, want[r]) << "row " << r;
  }
  QGBM_FastConfigFree(fast);
  QGBM_BoosterFree(booster);
}

}  // namespace
