#include "qgbm/c_api.h"

#include <cmath>
#include <filesystem>
#include <string>
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

}  // namespace
