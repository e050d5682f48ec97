// C API step-by-step training: the same model bytes as `qgbm train` on the same values,
// evaluation, and every booster call answering with the model trained so far.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "qgbm/c_api.h"

#include "c_api/c_api_test_util.h"

namespace qgbm::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A dataset from row-major float32 values with its labels.
void MakeDataset(const SyntheticData& d, const std::string& params, QGBMDatasetHandle reference,
                 DatasetPtr* out) {
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1,
                                      params.c_str(), reference, &out->h),
            0)
      << LastError();
  ASSERT_EQ(QGBM_DatasetSetField(out->h, "label", d.y.data(), d.rows, QGBM_DTYPE_FLOAT32), 0)
      << LastError();
}

void TrainIterations(QGBMBoosterHandle booster, int iterations) {
  for (int i = 0; i < iterations; ++i) {
    int finished = 0;
    ASSERT_EQ(QGBM_BoosterUpdateOneIter(booster, &finished), 0) << LastError();
    ASSERT_EQ(finished, 0);
  }
}

// Trains `params` through the C API on arrays and through QGBM_TrainFromParameters on a CSV of
// the same float32 values (label first); the saved model files must be the same bytes.
void ExpectSameModelAsCli(const SyntheticData& d, const std::string& params, int iterations) {
  const std::string csv = WriteCsv(d, "train.csv");
  const std::string valid_csv = WriteCsv(d, "valid.csv");
  const std::string all = params + " num_iterations=" + std::to_string(iterations);
  BoosterPtr cli;
  ASSERT_EQ(
      QGBM_TrainFromParameters(
          (all + " data=" + csv + " valid=" + valid_csv + " output_model=unused").c_str(), &cli.h),
      0)
      << LastError();

  DatasetPtr train, valid;
  MakeDataset(d, all, nullptr, &train);
  MakeDataset(d, all, train.h, &valid);
  BoosterPtr api;
  ASSERT_EQ(QGBM_BoosterCreate(train.h, all.c_str(), nullptr, &api.h), 0) << LastError();
  ASSERT_EQ(QGBM_BoosterAddValidData(api.h, valid.h, "valid_1"), 0) << LastError();
  TrainIterations(api.h, iterations);

  const std::filesystem::path dir = std::filesystem::path(csv).parent_path();
  const std::string cli_path = (dir / "cli.json").string(), api_path = (dir / "api.json").string();
  ASSERT_EQ(QGBM_BoosterSaveModel(cli.h, cli_path.c_str(), 0), 0) << LastError();
  ASSERT_EQ(QGBM_BoosterSaveModel(api.h, api_path.c_str(), 0), 0) << LastError();
  const std::string cli_bytes = ReadFile(cli_path);
  EXPECT_GT(cli_bytes.size(), 1000u);
  EXPECT_EQ(cli_bytes, ReadFile(api_path));
  EXPECT_EQ(ModelText(api.h), cli_bytes);  // the file's text, also from memory
  EXPECT_FALSE(Contains(cli_bytes, "\"data\"")) << "data location must not be saved";
  std::filesystem::remove_all(dir);
}

TEST(CApiTraining, BinaryModelBytesEqualTheCli) {
  ExpectSameModelAsCli(MakeData(400, 4, 2, 11),
                       "objective=binary num_leaves=7 min_data_in_leaf=5 verbosity=-1 "
                       "num_threads=2 max_bin=63",
                       8);
}

TEST(CApiTraining, MulticlassModelBytesEqualTheCli) {
  ExpectSameModelAsCli(MakeData(300, 3, 3, 12),
                       "objective=multiclass num_class=3 num_leaves=5 min_data_in_leaf=5 "
                       "verbosity=-1 metric=multi_error bagging_fraction=0.7 bagging_freq=2",
                       5);
}

TEST(CApiTraining, RegressionModelBytesEqualTheCliWithCategoricalFeature) {
  SyntheticData d = MakeData(300, 3, 0, 13);
  for (int64_t r = 0; r < d.rows; ++r)
    d.x[static_cast<size_t>(r * 3 + 2)] = static_cast<float>(r % 5);
  ExpectSameModelAsCli(d,
                       "objective=regression num_leaves=6 min_data_in_leaf=5 verbosity=-1 "
                       "categorical_feature=2 min_data_per_group=5 use_quantized_grad=false",
                       5);
}

TEST(CApiTraining, ModelBytesDoNotDependOnTheThreadCount) {
  const SyntheticData d = MakeData(2000, 5, 2, 15);
  std::string text[2];
  for (int i = 0; i < 2; ++i) {
    const std::string params =
        "objective=binary num_leaves=15 bagging_fraction=0.8 "
        "bagging_freq=1 verbosity=-1 num_threads=" +
        std::to_string(i == 0 ? 1 : 4);
    DatasetPtr train;
    MakeDataset(d, params, nullptr, &train);
    BoosterPtr b;
    ASSERT_EQ(QGBM_BoosterCreate(train.h, params.c_str(), nullptr, &b.h), 0) << LastError();
    TrainIterations(b.h, 5);
    text[i] = ModelText(b.h);
  }
  EXPECT_EQ(text[0], text[1]);
}

TEST(CApiTraining, EveryBoosterCallAnswersWithTheModelSoFar) {
  const SyntheticData d = MakeData(300, 4, 2, 21);
  DatasetPtr train;
  const std::string params = "objective=binary num_leaves=5 verbosity=-1";
  MakeDataset(d, params, nullptr, &train);
  BoosterPtr b;
  ASSERT_EQ(QGBM_BoosterCreate(train.h, params.c_str(), nullptr, &b.h), 0) << LastError();
  int32_t trees = -1, outputs = 0;
  ASSERT_EQ(QGBM_BoosterGetNumTrees(b.h, &trees), 0) << LastError();
  EXPECT_EQ(trees, 0);
  // Reads before the first iteration (as LightGBM's Python Booster does) still let validation
  // data be added.
  ASSERT_EQ(QGBM_BoosterGetNumOutputs(b.h, &outputs), 0) << LastError();
  EXPECT_EQ(outputs, 1);
  DatasetPtr valid;
  MakeDataset(d, params, train.h, &valid);
  ASSERT_EQ(QGBM_BoosterAddValidData(b.h, valid.h, "valid_0"), 0) << LastError();
  TrainIterations(b.h, 3);
  ASSERT_EQ(QGBM_BoosterGetNumTrees(b.h, &trees), 0);
  EXPECT_EQ(trees, 3);
  int iteration = 0;
  ASSERT_EQ(QGBM_BoosterGetCurrentIteration(b.h, &iteration), 0);
  EXPECT_EQ(iteration, 3);

  // A fast config made now keeps the 3-tree model; the booster moves on.
  QGBMFastConfigHandle fast = nullptr;
  ASSERT_EQ(QGBM_BoosterPredictForRowFastInit(b.h, QGBM_PREDICT_RAW_SCORE, 0, 4, &fast), 0);
  std::vector<double> before(static_cast<size_t>(d.rows));
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterPredictForMat(b.h, d.x.data(), d.rows, d.cols, QGBM_PREDICT_RAW_SCORE, 0, 1,
                                      before.data(), &len),
            0);
  TrainIterations(b.h, 2);
  std::vector<double> after(static_cast<size_t>(d.rows));
  ASSERT_EQ(QGBM_BoosterPredictForMat(b.h, d.x.data(), d.rows, d.cols, QGBM_PREDICT_RAW_SCORE, 0, 1,
                                      after.data(), &len),
            0);
  EXPECT_NE(before, after);
  double row = 0.0;
  ASSERT_EQ(QGBM_BoosterPredictForRowFast(fast, d.x.data(), &row, &len), 0);
  EXPECT_EQ(row, before[0]);
  QGBM_FastConfigFree(fast);

  // Predictions of the training data equal the booster's own training scores.
  std::vector<double> probabilities(static_cast<size_t>(d.rows)), current(before.size());
  ASSERT_EQ(QGBM_BoosterPredictForMat(b.h, d.x.data(), d.rows, d.cols, QGBM_PREDICT_NORMAL, 0, 1,
                                      probabilities.data(), &len),
            0);
  ASSERT_EQ(QGBM_BoosterGetNumPredict(b.h, 0, &len), 0) << LastError();
  ASSERT_EQ(len, d.rows);
  ASSERT_EQ(QGBM_BoosterGetPredict(b.h, 0, &len, current.data()), 0) << LastError();
  for (size_t i = 0; i < current.size(); ++i) EXPECT_NEAR(current[i], probabilities[i], 1e-12);

  std::vector<double> gain(4, 0.0);
  ASSERT_EQ(QGBM_BoosterFeatureImportance(b.h, 0, QGBM_FEATURE_IMPORTANCE_SPLIT, gain.data()), 0);
  EXPECT_EQ(gain[0] + gain[1] + gain[2] + gain[3], 5.0 * 4);  // 5 trees of 5 leaves
  int64_t dump_len = 0;
  ASSERT_EQ(QGBM_BoosterDumpModel(b.h, 0, 0, 0, 0, &dump_len, nullptr), 0);
  std::string dump(static_cast<size_t>(dump_len), '\0');
  ASSERT_EQ(QGBM_BoosterDumpModel(b.h, 0, 0, 0, dump_len, &dump_len, dump.data()), 0);
  EXPECT_TRUE(Contains(dump, "\"tree_index\":4"));

  // Best iteration: saved, and used by predict for num_iteration <= 0.
  ASSERT_EQ(QGBM_BoosterSetBestIteration(b.h, 3), 0);
  int best = 0;
  ASSERT_EQ(QGBM_BoosterGetBestIteration(b.h, &best), 0);
  EXPECT_EQ(best, 3);
  ASSERT_EQ(QGBM_BoosterPredictForMat(b.h, d.x.data(), d.rows, d.cols, QGBM_PREDICT_RAW_SCORE, 0, 1,
                                      after.data(), &len),
            0);
  EXPECT_EQ(after, before);
  EXPECT_TRUE(Contains(ModelText(b.h), "\"best_iteration\": 3"));
  EXPECT_EQ(QGBM_BoosterSetBestIteration(b.h, 6), -1);
  EXPECT_TRUE(Contains(LastError(), "best_iteration 6 is outside [0, 5]")) << LastError();

  // The first iterations only, as text.
  BoosterPtr loaded;
  const std::string first = ModelText(b.h, 2);
  ASSERT_EQ(QGBM_BoosterLoadModelFromString(first.data(), first.size(), &loaded.h), 0);
  ASSERT_EQ(QGBM_BoosterGetNumTrees(loaded.h, &trees), 0);
  EXPECT_EQ(trees, 2);
}

// The first reads after an iteration refresh the model; concurrent ones must all see it whole.
TEST(CApiTraining, ConcurrentPredictionsAfterAnIterationAgree) {
  const SyntheticData d = MakeData(500, 4, 2, 25);
  const std::string params = "objective=binary num_leaves=7 verbosity=-1";
  DatasetPtr train;
  MakeDataset(d, params, nullptr, &train);
  BoosterPtr b;
  ASSERT_EQ(QGBM_BoosterCreate(train.h, params.c_str(), nullptr, &b.h), 0);
  for (int round = 0; round < 3; ++round) {
    TrainIterations(b.h, 1);
    std::vector<std::vector<double>> out(4, std::vector<double>(static_cast<size_t>(d.rows)));
    std::vector<int> rc(4, -1);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < out.size(); ++t) {
      threads.emplace_back([&, t] {
        int64_t len = 0;
        rc[t] = QGBM_BoosterPredictForMat(b.h, d.x.data(), d.rows, d.cols, QGBM_PREDICT_NORMAL, 0,
                                          1, out[t].data(), &len);
      });
    }
    for (std::thread& t : threads) t.join();
    for (size_t t = 0; t < out.size(); ++t) {
      EXPECT_EQ(rc[t], 0);
      EXPECT_EQ(out[t], out[0]);
    }
    int32_t trees = 0;
    ASSERT_EQ(QGBM_BoosterGetNumTrees(b.h, &trees), 0);
    EXPECT_EQ(trees, round + 1);
  }
}

TEST(CApiTraining, EvaluationOnTrainingAndValidationData) {
  const SyntheticData d = MakeData(300, 4, 2, 31), v = MakeData(200, 4, 2, 32);
  const std::string params = "objective=binary metric=binary_logloss,auc verbosity=-1";
  DatasetPtr train, valid;
  MakeDataset(d, params, nullptr, &train);
  MakeDataset(v, params, train.h, &valid);
  BoosterPtr b;
  ASSERT_EQ(QGBM_BoosterCreate(train.h, params.c_str(), nullptr, &b.h), 0);
  ASSERT_EQ(QGBM_BoosterAddValidData(b.h, valid.h, "valid_0"), 0) << LastError();
  int count = 0;
  ASSERT_EQ(QGBM_BoosterGetEvalCounts(b.h, &count), 0) << LastError();
  ASSERT_EQ(count, 2);
  char n0[32], n1[32];
  char* names[] = {n0, n1};
  int n = 0;
  size_t longest = 0;
  ASSERT_EQ(QGBM_BoosterGetEvalNames(b.h, 2, &n, 32, &longest, names), 0);
  EXPECT_STREQ(n0, "binary_logloss");
  EXPECT_STREQ(n1, "auc");
  int higher[2] = {-1, -1};
  ASSERT_EQ(QGBM_BoosterGetEvalHigherBetter(b.h, higher), 0);
  EXPECT_EQ(higher[0], 0);
  EXPECT_EQ(higher[1], 1);
  TrainIterations(b.h, 10);
  // Validation data can no longer be added once training began.
  EXPECT_EQ(QGBM_BoosterAddValidData(b.h, valid.h, "late"), -1);
  EXPECT_TRUE(Contains(LastError(), "before the first iteration")) << LastError();
  for (int data_idx = 0; data_idx < 2; ++data_idx) {
    const SyntheticData& s = data_idx == 0 ? d : v;
    double results[2] = {0, 0};
    int len = 0;
    ASSERT_EQ(QGBM_BoosterGetEval(b.h, data_idx, &len, results), 0) << LastError();
    ASSERT_EQ(len, 2);
    // The log loss of the booster's own predictions.
    std::vector<double> p(static_cast<size_t>(s.rows));
    int64_t plen = 0;
    ASSERT_EQ(QGBM_BoosterGetPredict(b.h, data_idx, &plen, p.data()), 0);
    double loss = 0.0;
    for (size_t i = 0; i < p.size(); ++i)
      loss -= s.y[i] > 0.5f ? std::log(p[i]) : std::log(1.0 - p[i]);
    EXPECT_NEAR(results[0], loss / static_cast<double>(s.rows), 1e-9);
    EXPECT_GT(results[1], 0.7);
  }
  double results[2];
  int len = 0;
  EXPECT_EQ(QGBM_BoosterGetEval(b.h, 2, &len, results), -1);
  EXPECT_TRUE(Contains(LastError(), "data_idx 2 is outside [0, 2)")) << LastError();
  int64_t plen = 0;
  EXPECT_EQ(QGBM_BoosterGetNumPredict(b.h, -1, &plen), -1);
  EXPECT_TRUE(Contains(LastError(), "data_idx -1")) << LastError();
}

TEST(CApiTraining, BadArgumentsAreErrors) {
  const SyntheticData d = MakeData(100, 3, 2, 41);
  DatasetPtr train, other;
  MakeDataset(d, "verbosity=-1", nullptr, &train);
  MakeDataset(d, "verbosity=-1 max_bin=7", nullptr, &other);
  BoosterPtr b;
  EXPECT_EQ(QGBM_BoosterCreate(train.h, "objective=binary num_leave=3", nullptr, &b.h), -1);
  EXPECT_TRUE(Contains(LastError(), "num_leave")) << LastError();
  EXPECT_EQ(QGBM_BoosterCreate(nullptr, "objective=binary", nullptr, &b.h), -1);
  EXPECT_TRUE(Contains(LastError(), "'train_data' is null")) << LastError();
  ASSERT_EQ(QGBM_BoosterCreate(train.h, "objective=binary verbosity=-1", nullptr, &b.h), 0);
  // Validation data binned on its own would be read with the wrong bins.
  EXPECT_EQ(QGBM_BoosterAddValidData(b.h, other.h, "v"), -1);
  EXPECT_TRUE(Contains(LastError(), "reference")) << LastError();
  // The training data's fields are fixed once a booster uses them.
  EXPECT_EQ(QGBM_DatasetSetField(train.h, "label", d.y.data(), d.rows, QGBM_DTYPE_FLOAT32), -1);
  EXPECT_TRUE(Contains(LastError(), "cannot set field 'label'")) << LastError();
  const std::vector<float> g(100, 0.1f);
  int finished = 0;
  EXPECT_EQ(QGBM_BoosterUpdateOneIterCustom(b.h, g.data(), g.data(), 100, &finished), -1);
  EXPECT_TRUE(Contains(LastError(), "objective=none")) << LastError();
  EXPECT_EQ(QGBM_BoosterUpdateOneIter(b.h, nullptr), -1);
  EXPECT_TRUE(Contains(LastError(), "'is_finished' is null")) << LastError();

  // Training calls on a booster that only holds a model.
  BoosterPtr model_only;
  const std::string text = ModelText(b.h);
  ASSERT_EQ(QGBM_BoosterLoadModelFromString(text.data(), text.size(), &model_only.h), 0);
  EXPECT_EQ(QGBM_BoosterUpdateOneIter(model_only.h, &finished), -1);
  EXPECT_TRUE(Contains(LastError(), "QGBM_BoosterCreate")) << LastError();
  int count = 0;
  EXPECT_EQ(QGBM_BoosterGetEvalCounts(model_only.h, &count), -1);

  // Labels the objective cannot use surface at the first iteration.
  std::vector<float> bad = d.y;
  bad[7] = 3.0f;
  DatasetPtr bad_data;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1, nullptr,
                                      nullptr, &bad_data.h),
            0);
  ASSERT_EQ(QGBM_DatasetSetField(bad_data.h, "label", bad.data(), d.rows, QGBM_DTYPE_FLOAT32), 0);
  BoosterPtr bad_booster;
  ASSERT_EQ(
      QGBM_BoosterCreate(bad_data.h, "objective=binary verbosity=-1", nullptr, &bad_booster.h), 0);
  EXPECT_EQ(QGBM_BoosterUpdateOneIter(bad_booster.h, &finished), -1);
  EXPECT_FALSE(LastError().empty());
}

TEST(CApiTraining, BoostersKeepTheirDataAliveAfterDatasetFree) {
  const SyntheticData d = MakeData(200, 3, 0, 51);
  QGBMDatasetHandle train = nullptr;
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1, nullptr,
                                      nullptr, &train),
            0);
  ASSERT_EQ(QGBM_DatasetSetField(train, "label", d.y.data(), d.rows, QGBM_DTYPE_FLOAT32), 0);
  BoosterPtr b;
  ASSERT_EQ(QGBM_BoosterCreate(train, "objective=regression verbosity=-1", nullptr, &b.h), 0);
  QGBM_DatasetFree(train);
  TrainIterations(b.h, 3);
  int iteration = 0;
  ASSERT_EQ(QGBM_BoosterGetCurrentIteration(b.h, &iteration), 0);
  EXPECT_EQ(iteration, 3);
}

}  // namespace
}  // namespace qgbm::testing
