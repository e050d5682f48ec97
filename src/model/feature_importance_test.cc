#include "model/feature_importance.h"

#include <vector>

#include <gtest/gtest.h>

#include "model/testing_models.h"

namespace qgbm {
namespace {

// MakeTestModel: K = 2, two iterations. Splits (feature, gain): tree 0 (0, 10) (2, 2.5);
// tree 1 none; tree 2 (1, 0.125); tree 3 (2, 1/3) (1, 0.75).
TEST(FeatureImportanceTest, SplitsAndGainsByHand) {
  const Model m = testing::MakeTestModel();
  EXPECT_EQ(FeatureImportance(m, ImportanceType::kSplit, 0, 2),
            (std::vector<double>{1.0, 2.0, 2.0}));
  EXPECT_EQ(FeatureImportance(m, ImportanceType::kGain, 0, 2),
            (std::vector<double>{10.0, 0.125 + 0.75, 2.5 + 1.0 / 3.0}));
  // The first iteration only: trees 0 and 1, both outputs.
  EXPECT_EQ(FeatureImportance(m, ImportanceType::kSplit, 0, 1),
            (std::vector<double>{1.0, 0.0, 1.0}));
  EXPECT_EQ(FeatureImportance(m, ImportanceType::kGain, 1, 2),
            (std::vector<double>{0.0, 0.875, 1.0 / 3.0}));
  EXPECT_EQ(FeatureImportance(m, ImportanceType::kGain, 2, 2),
            (std::vector<double>{0.0, 0.0, 0.0}));
}

// LightGBM counts only splits that removed loss.
TEST(FeatureImportanceTest, SplitsWithoutGainDoNotCount) {
  Model m;
  m.num_features = 2;
  m.feature_names = {"a", "b"};
  m.init_score = {0.0};
  Tree t;
  t.Split(0, 1, 0.5, false, 0.0, 1.0, 2.0, 5, 5, 1.0, 1.0);
  t.Split(0, 0, 0.5, false, 3.0, 1.0, 2.0, 2, 3, 1.0, 1.0);
  m.trees = {t};
  EXPECT_EQ(FeatureImportance(m, ImportanceType::kSplit, 0, 1), (std::vector<double>{1.0, 0.0}));
  EXPECT_EQ(FeatureImportance(m, ImportanceType::kGain, 0, 1), (std::vector<double>{3.0, 0.0}));
}

TEST(FeatureImportanceTest, TypeNames) {
  EXPECT_EQ(ImportanceTypeName(ImportanceType::kSplit), "split");
  EXPECT_EQ(ImportanceTypeName(ImportanceType::kGain), "gain");
  EXPECT_EQ(ImportanceTypeFromInt(0), ImportanceType::kSplit);
  EXPECT_EQ(ImportanceTypeFromInt(1), ImportanceType::kGain);
  EXPECT_FALSE(ImportanceTypeFromInt(2).has_value());
}

}  // namespace
}  // namespace qgbm
