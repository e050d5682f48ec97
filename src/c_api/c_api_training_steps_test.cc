// C API training steps beyond one iteration at a time: rollback, custom gradients (objective
// none) and continuing a model.
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qgbm/c_api.h"

#include "c_api/c_api_test_util.h"

namespace qgbm::testing {
namespace {

void MakeDataset(const SyntheticData& d, const std::string& params, DatasetPtr* out) {
  ASSERT_EQ(QGBM_DatasetCreateFromMat(d.x.data(), QGBM_DTYPE_FLOAT32, d.rows, d.cols, 1,
                                      params.c_str(), nullptr, &out->h),
            0)
      << LastError();
  ASSERT_EQ(QGBM_DatasetSetField(out->h, "label", d.y.data(), d.rows, QGBM_DTYPE_FLOAT32), 0)
      << LastError();
}

void TrainIterations(QGBMBoosterHandle booster, int iterations) {
  for (int i = 0; i < iterations; ++i) {
    int finished = 0;
    ASSERT_EQ(QGBM_BoosterUpdateOneIter(booster, &finished), 0) << LastError();
  }
}

std::vector<double> CurrentPredictions(QGBMBoosterHandle booster, int data_idx) {
  int64_t len = 0;
  EXPECT_EQ(QGBM_BoosterGetNumPredict(booster, data_idx, &len), 0) << LastError();
  std::vector<double> out(static_cast<size_t>(len));
  EXPECT_EQ(QGBM_BoosterGetPredict(booster, data_idx, &len, out.data()), 0) << LastError();
  return out;
}

TEST(CApiTrainingSteps, RollbackRestoresModelAndScores) {
  const SyntheticData d = MakeData(300, 4, 3, 81), v = MakeData(100, 4, 3, 82);
  const std::string params =
      "objective=multiclass num_class=3 num_leaves=5 verbosity=-1 bagging_fraction=0.8 "
      "bagging_freq=2";
  DatasetPtr train, valid;
  MakeDataset(d, params, &train);
  ASSERT_EQ(QGBM_DatasetCreateFromMat(v.x.data(), QGBM_DTYPE_FLOAT32, v.rows, v.cols, 1,
                                      params.c_str(), train.h, &valid.h),
            0);
  ASSERT_EQ(QGBM_DatasetSetField(valid.h, "label", v.y.data(), v.rows, QGBM_DTYPE_FLOAT32), 0);
  BoosterPtr b;
  ASSERT_EQ(QGBM_BoosterCreate(train.h, params.c_str(), nullptr, &b.h), 0);
  ASSERT_EQ(QGBM_BoosterAddValidData(b.h, valid.h, "valid_0"), 0);
  EXPECT_EQ(QGBM_BoosterRollbackOneIter(b.h), -1);
  EXPECT_NE(LastError().find("no iteration to roll back"), std::string::npos) << LastError();

  TrainIterations(b.h, 3);
  const std::string model3 = ModelText(b.h);
  const std::vector<double> train3 = CurrentPredictions(b.h, 0),
                            valid3 = CurrentPredictions(b.h, 1);
  TrainIterations(b.h, 2);
  ASSERT_EQ(QGBM_BoosterSetBestIteration(b.h, 5), 0);
  ASSERT_EQ(QGBM_BoosterRollbackOneIter(b.h), 0) << LastError();
  ASSERT_EQ(QGBM_BoosterRollbackOneIter(b.h), 0) << LastError();
  int iteration = 0, best = -1;
  ASSERT_EQ(QGBM_BoosterGetCurrentIteration(b.h, &iteration), 0);
  EXPECT_EQ(iteration, 3);
  ASSERT_EQ(QGBM_BoosterGetBestIteration(b.h, &best), 0);
  EXPECT_EQ(best, 0);  // iteration 5 is gone
  EXPECT_EQ(ModelText(b.h), model3);
  const std::vector<double> train_back = CurrentPredictions(b.h, 0);
  const std::vector<double> valid_back = CurrentPredictions(b.h, 1);
  ASSERT_EQ(train_back.size(), train3.size());
  for (size_t i = 0; i < train3.size(); ++i) EXPECT_NEAR(train_back[i], train3[i], 1e-12);
  for (size_t i = 0; i < valid3.size(); ++i) EXPECT_NEAR(valid_back[i], valid3[i], 1e-12);
  TrainIterations(b.h, 1);
  ASSERT_EQ(QGBM_BoosterGetCurrentIteration(b.h, &iteration), 0);
  EXPECT_EQ(iteration, 4);
}

TEST(CApiTrainingSteps, CustomGradientsOfSquaredErrorTrainTheRegressionModel) {
  const SyntheticData d = MakeData(300, 4, 0, 91);
  const std::string common =
      "num_leaves=7 verbosity=-1 use_quantized_grad=false boost_from_average=false";
  DatasetPtr data;
  MakeDataset(d, common, &data);
  BoosterPtr builtin, custom;
  ASSERT_EQ(
      QGBM_BoosterCreate(data.h, ("objective=regression " + common).c_str(), nullptr, &builtin.h),
      0);
  ASSERT_EQ(QGBM_BoosterCreate(data.h, ("objective=custom " + common).c_str(), nullptr, &custom.h),
            0)
      << LastError();
  int count = -1;
  ASSERT_EQ(QGBM_BoosterGetEvalCounts(custom.h, &count), 0);
  EXPECT_EQ(count, 0);  // no default metric without an objective
  std::vector<float> grad(static_cast<size_t>(d.rows)), hess(grad.size(), 1.0f);
  for (int i = 0; i < 5; ++i) {
    TrainIterations(builtin.h, 1);
    const std::vector<double> raw = CurrentPredictions(custom.h, 0);  // raw: no transform
    for (size_t r = 0; r < grad.size(); ++r)
      grad[r] = static_cast<float>(raw[r] - static_cast<double>(d.y[r]));
    int finished = 0;
    ASSERT_EQ(
        QGBM_BoosterUpdateOneIterCustom(custom.h, grad.data(), hess.data(), d.rows, &finished), 0)
        << LastError();
  }
  EXPECT_EQ(CurrentPredictions(custom.h, 0), CurrentPredictions(builtin.h, 0));
  // The objective computes no gradients of its own, and sizes are checked.
  int finished = 0;
  EXPECT_EQ(QGBM_BoosterUpdateOneIter(custom.h, &finished), -1);
  EXPECT_NE(LastError().find("objective 'none'"), std::string::npos) << LastError();
  EXPECT_EQ(QGBM_BoosterUpdateOneIterCustom(custom.h, grad.data(), hess.data(), 5, &finished), -1);
  EXPECT_NE(LastError().find("need 300 values each"), std::string::npos) << LastError();
  grad[3] = NAN;
  EXPECT_EQ(QGBM_BoosterUpdateOneIterCustom(custom.h, grad.data(), hess.data(), d.rows, &finished),
            -1);
  EXPECT_NE(LastError().find("gradient or hessian 3"), std::string::npos) << LastError();
}

TEST(CApiTrainingSteps, CustomObjectiveWithClassesHasOneOutputPerClass) {
  const SyntheticData d = MakeData(120, 3, 3, 92);
  DatasetPtr data;
  MakeDataset(d, "verbosity=-1", &data);
  BoosterPtr b;
  ASSERT_EQ(QGBM_BoosterCreate(data.h, "objective=none num_class=3 verbosity=-1", nullptr, &b.h), 0)
      << LastError();
  std::vector<float> grad(360), hess(360, 1.0f);
  for (size_t i = 0; i < grad.size(); ++i) grad[i] = (i % 7 < 3) ? -1.0f : 1.0f;
  int finished = 0;
  ASSERT_EQ(QGBM_BoosterUpdateOneIterCustom(b.h, grad.data(), hess.data(), 360, &finished), 0)
      << LastError();
  int32_t outputs = 0;
  ASSERT_EQ(QGBM_BoosterGetNumOutputs(b.h, &outputs), 0);
  EXPECT_EQ(outputs, 3);
  EXPECT_EQ(CurrentPredictions(b.h, 0).size(), 360u);
}

TEST(CApiTrainingSteps, ContinuedTrainingEqualsTheCli) {
  const SyntheticData d = MakeData(300, 4, 2, 93);
  const std::string params = "objective=binary num_leaves=5 verbosity=-1";
  DatasetPtr first;
  MakeDataset(d, params, &first);
  BoosterPtr base;
  ASSERT_EQ(QGBM_BoosterCreate(first.h, (params + " num_iterations=3").c_str(), nullptr, &base.h),
            0);
  TrainIterations(base.h, 3);
  const std::string csv = WriteCsv(d, "continue.csv");
  const std::filesystem::path dir = std::filesystem::path(csv).parent_path();
  const std::string base_path = (dir / "base.json").string();
  ASSERT_EQ(QGBM_BoosterSaveModel(base.h, base_path.c_str(), 0), 0);

  // C API: the base model's raw predictions as init scores, then two more iterations.
  std::vector<double> init(static_cast<size_t>(d.rows));
  int64_t len = 0;
  ASSERT_EQ(QGBM_BoosterPredictForMat(base.h, d.x.data(), d.rows, d.cols, QGBM_PREDICT_RAW_SCORE, 0,
                                      1, init.data(), &len),
            0);
  DatasetPtr second;
  MakeDataset(d, params, &second);
  ASSERT_EQ(QGBM_DatasetSetField(second.h, "init_score", init.data(), d.rows, QGBM_DTYPE_FLOAT64),
            0);
  BoosterPtr continued;
  const std::string more = params + " num_iterations=2";
  ASSERT_EQ(QGBM_BoosterCreate(second.h, more.c_str(), base.h, &continued.h), 0) << LastError();
  int iteration = 0;
  ASSERT_EQ(QGBM_BoosterGetCurrentIteration(continued.h, &iteration), 0);
  EXPECT_EQ(iteration, 3);
  TrainIterations(continued.h, 2);
  EXPECT_EQ(QGBM_BoosterRollbackOneIter(continued.h), 0);
  EXPECT_EQ(QGBM_BoosterRollbackOneIter(continued.h), 0);
  EXPECT_EQ(QGBM_BoosterRollbackOneIter(continued.h), -1);  // the base model's iterations stay
  TrainIterations(continued.h, 2);

  BoosterPtr cli;
  ASSERT_EQ(QGBM_TrainFromParameters((more + " data=" + csv + " input_model=" + base_path).c_str(),
                                     &cli.h),
            0)
      << LastError();
  const std::string cli_text = ModelText(cli.h);
  int32_t trees = 0;
  ASSERT_EQ(QGBM_BoosterGetNumTrees(cli.h, &trees), 0);
  EXPECT_EQ(trees, 5);
  const std::string api_text = ModelText(continued.h);
  EXPECT_EQ(api_text, cli_text);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace qgbm::testing

namespace qgbm::testing {
namespace {

// Tree t's leaf values in a model text ("leaf_value" arrays, in tree order).
std::vector<double> LeafValues(const std::string& model, int tree) {
  size_t at = 0;
  for (int t = 0; t <= tree; ++t) at = model.find("\"leaf_value\"", at + 1);
  const size_t open = model.find('[', at), close = model.find(']', open);
  std::vector<double> values;
  std::string text = model.substr(open + 1, close - open - 1);
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    values.push_back(std::stod(text.substr(pos, end - pos)));
    pos = end + 1;
  }
  return values;
}

TEST(CApiTrainingSteps, ResetParameterChangesTheLearningRateOnly) {
  const SyntheticData d = MakeData(400, 4, 1, 91);
  const std::string params = "objective=regression num_leaves=7 learning_rate=0.1 verbosity=-1";
  DatasetPtr train;
  MakeDataset(d, params, &train);
  BoosterPtr steady, decayed;
  ASSERT_EQ(QGBM_BoosterCreate(train.h, params.c_str(), nullptr, &steady.h), 0) << LastError();
  ASSERT_EQ(QGBM_BoosterCreate(train.h, params.c_str(), nullptr, &decayed.h), 0) << LastError();
  TrainIterations(steady.h, 3);
  TrainIterations(decayed.h, 2);
  ASSERT_EQ(QGBM_BoosterResetParameter(decayed.h, "learning_rate=0.05"), 0) << LastError();
  TrainIterations(decayed.h, 1);
  // Same first trees, so the same third tree shrunk by half: halving is exact.
  const std::vector<double> full = LeafValues(ModelText(steady.h), 2);
  const std::vector<double> half = LeafValues(ModelText(decayed.h), 2);
  ASSERT_EQ(full.size(), half.size());
  for (size_t i = 0; i < full.size(); ++i) EXPECT_EQ(half[i] * 2.0, full[i]) << i;
  EXPECT_NE(ModelText(decayed.h).find("\"learning_rate\":\"0.05\""), std::string::npos);
  // Anything else is refused, by name, and nothing changes.
  EXPECT_EQ(QGBM_BoosterResetParameter(decayed.h, "num_leaves=15"), -1);
  EXPECT_NE(LastError().find("'num_leaves' cannot change during training"), std::string::npos)
      << LastError();
  EXPECT_EQ(QGBM_BoosterResetParameter(decayed.h, "no_such_parameter=1"), -1);
  EXPECT_EQ(QGBM_BoosterResetParameter(decayed.h, "learning_rate=0.05 num_leaves=7"), 0)
      << LastError();  // unchanged values are fine
}

}  // namespace
}  // namespace qgbm::testing
