// Data-parallel training with machines played by threads: any number of machines and any split
// of the rows give the model that one machine trains on all rows, byte for byte.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "boosting/gbdt_trainer.h"
#include "collective/thread_communicator.h"
#include "data/testing_data.h"
#include "model/model_io.h"

namespace qgbm {
namespace {

struct Case {
  const char* name;
  const char* objective;
  int num_class = 1;
  bool bagging = false;
  bool validation = false;  // with early stopping on the validation set
  bool weights = false;
  bool full_precision = false;  // use_quantized_grad=false: fixed-point histograms
};

RawData MakeData(const Case& c, int64_t rows, uint64_t seed) {
  const bool regression = std::string(c.objective) != "binary";
  RawData raw = testing::MakeRawData(rows, 6, seed, regression, 0.05);
  if (c.num_class > 1) {
    for (float& y : raw.labels) y = y < -0.5f ? 0.0f : (y < 0.5f ? 1.0f : 2.0f);
  }
  if (c.weights) {
    for (int64_t r = 0; r < rows; ++r) raw.weights.push_back(0.5f + static_cast<float>(r % 7) / 4);
  }
  return raw;
}

// Rows [begin, end) of `raw` (values, labels, weights).
RawData Rows(const RawData& raw, int64_t begin, int64_t end) {
  RawData part;
  part.num_rows = end - begin;
  part.num_features = raw.num_features;
  part.feature_names = raw.feature_names;
  part.source = raw.source + " rows " + std::to_string(begin) + ".." + std::to_string(end);
  const auto f = static_cast<size_t>(raw.num_features);
  part.values.assign(raw.values.begin() + static_cast<ptrdiff_t>(static_cast<size_t>(begin) * f),
                     raw.values.begin() + static_cast<ptrdiff_t>(static_cast<size_t>(end) * f));
  part.labels.assign(raw.labels.begin() + begin, raw.labels.begin() + end);
  if (!raw.weights.empty())
    part.weights.assign(raw.weights.begin() + begin, raw.weights.begin() + end);
  return part;
}

Params MakeParams(const Case& c) {
  Params p;
  p.boosting.objective = c.objective;
  p.boosting.num_class = c.num_class;
  p.boosting.num_iterations = 12;
  p.tree.num_leaves = 15;
  p.tree.min_data_in_leaf = 5;
  p.system.seed = 7;
  if (c.bagging) {
    p.boosting.bagging_fraction = 0.7;
    p.boosting.bagging_freq = 2;
  }
  if (c.validation) p.boosting.early_stopping_round = 3;
  if (c.full_precision) {
    p.quant.use_quantized_grad = false;
    p.system.tree_learner = "data";  // the one-machine reference too: fixed-point histograms
  }
  return p;
}

std::string Bytes(const Model& model) {
  auto text = SerializeModel(model, ModelFileFormat::kJson);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return text.ok() ? *text : "";
}

class DataParallelTraining : public ::testing::TestWithParam<Case> {};

TEST_P(DataParallelTraining, AnyMachineCountAndRowSplitGiveTheOneMachineModel) {
  const Case c = GetParam();
  const int64_t rows = 1200, valid_rows = 400;
  const RawData train_raw = MakeData(c, rows, 3);
  const RawData valid_raw = MakeData(c, valid_rows, 4);
  const Params params = MakeParams(c);
  const Context ctx(1, 0, -1);

  // Bins from a sample of 500 of the 1200 rows: machines must agree on which rows and gather
  // them in global order.
  BinningOptions binning;
  binning.sample_count = 500;
  auto full = Dataset::FromRaw(RawData(train_raw), binning, 1);
  ASSERT_TRUE(full.ok()) << full.status().message();
  auto full_valid = Dataset::FromRawWithReference(RawData(valid_raw), *full, 1);
  ASSERT_TRUE(full_valid.ok());
  std::vector<ValidationSet> valids;
  if (c.validation) valids.push_back({"valid", &*full_valid});
  auto single = GbdtTrainer::Create(params, *full, valids, nullptr, ctx);
  ASSERT_TRUE(single.ok()) << single.status().message();
  ASSERT_TRUE((*single)->Train().ok());
  const std::string expected = Bytes((*single)->model());
  ASSERT_GT((*single)->model().trees.size(), 3u);

  // Where each machine's rows start (training and validation), for 2, 3 and 4 machines; the
  // uneven splits include a machine with a handful of rows (not with bagging, which needs a
  // draw on every machine).
  std::vector<std::vector<int64_t>> splits = {{0, 600}, {0, 240, 900}, {0, 171, 400, 800}};
  if (!c.bagging) splits.push_back({0, 3, 5, 1100});
  for (const std::vector<int64_t>& starts : splits) {
    const int n = static_cast<int>(starts.size());
    std::vector<std::string> models(static_cast<size_t>(n));
    const auto results = RunRanksAsThreads(n, [&](Communicator& comm) -> Status {
      const auto r = static_cast<size_t>(comm.rank());
      const int64_t begin = starts[r], end = r + 1 < starts.size() ? starts[r + 1] : rows;
      QGBM_ASSIGN_OR_RETURN(Dataset train, Dataset::FromRawDistributed(Rows(train_raw, begin, end),
                                                                       binning, 1, comm));
      if (train.row_offset() != begin) return Status::Internal("wrong row offset");
      const int64_t vbegin = valid_rows * begin / rows, vend = valid_rows * end / rows;
      QGBM_ASSIGN_OR_RETURN(Dataset valid,
                            Dataset::FromRawWithReference(Rows(valid_raw, vbegin, vend), train, 1));
      std::vector<ValidationSet> mine;
      if (c.validation) mine.push_back({"valid", &valid});
      QGBM_ASSIGN_OR_RETURN(std::unique_ptr<GbdtTrainer> trainer,
                            GbdtTrainer::Create(params, train, mine, nullptr, ctx, &comm));
      QGBM_RETURN_IF_ERROR(trainer->Train());
      models[r] = Bytes(trainer->model());
      return Status::Ok();
    });
    for (int r = 0; r < n; ++r) {
      ASSERT_TRUE(results[static_cast<size_t>(r)].ok())
          << n << " machines, rank " << r << ": " << results[static_cast<size_t>(r)].message();
      EXPECT_TRUE(models[static_cast<size_t>(r)] == expected)
          << c.name << ": " << n << " machines, rank " << r << " trained a different model";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Objectives, DataParallelTraining,
    ::testing::Values(Case{"regression", "regression"}, Case{"binary", "binary"},
                      Case{"binary_weighted_bagging", "binary", 1, true, false, true},
                      Case{"multiclass_early_stopping", "multiclass", 3, false, true},
                      Case{"regression_bagging_validation", "regression", 1, true, true},
                      // Leaves refit to percentiles of their rows, from every machine's rows.
                      Case{"l1_weighted", "regression_l1", 1, false, false, true},
                      Case{"quantile_bagging", "quantile", 1, true}, Case{"mape", "mape"},
                      Case{"binary_full_precision", "binary", 1, false, false, true, true},
                      Case{"regression_full_precision_bagging_validation", "regression", 1, true,
                           true, false, true},
                      Case{"multiclass_full_precision", "multiclass", 3, false, false, false,
                           true}),
    [](const ::testing::TestParamInfo<Case>& param) { return std::string(param.param.name); });

// Full precision with tree_learner=data sums histograms of 64-bit fixed-point gradients (a step
// of 2^-51 of the largest gradient here): the trees are those of float histograms, and the
// predictions agree to far below what the model resolves.
TEST(DataParallelTrainingTest, FixedPointFullPrecisionMatchesFloatHistograms) {
  const RawData raw = testing::MakeRawData(3000, 5, 2);
  auto data = Dataset::FromRaw(RawData(raw), BinningOptions{}, 1);
  ASSERT_TRUE(data.ok());
  Params p;
  p.boosting.objective = "binary";
  p.boosting.num_iterations = 10;
  p.tree.num_leaves = 15;
  p.quant.use_quantized_grad = false;
  const Context ctx(1, 0, -1);
  auto serial = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
  p.system.tree_learner = "data";
  auto fixed = GbdtTrainer::Create(p, *data, {}, nullptr, ctx);
  ASSERT_TRUE(serial.ok() && fixed.ok());
  ASSERT_TRUE((*serial)->Train().ok());
  ASSERT_TRUE((*fixed)->Train().ok());
  const Model& a = (*serial)->model();
  const Model& b = (*fixed)->model();
  ASSERT_EQ(a.trees.size(), b.trees.size());
  for (size_t t = 0; t < a.trees.size(); ++t) {
    ASSERT_EQ(a.trees[t].num_leaves(), b.trees[t].num_leaves()) << "tree " << t;
    for (int l = 0; l < a.trees[t].num_leaves(); ++l) {
      EXPECT_NEAR(a.trees[t].leaf_value()[static_cast<size_t>(l)],
                  b.trees[t].leaf_value()[static_cast<size_t>(l)], 1e-9)
          << "tree " << t << " leaf " << l;
    }
  }
}

TEST(DataParallelTrainingTest, MachinesWithOtherParametersAreRefused) {
  const RawData raw = testing::MakeRawData(300, 3, 1);
  auto data = Dataset::FromRaw(RawData(raw), BinningOptions{}, 1);
  ASSERT_TRUE(data.ok());
  const Context ctx(1, 0, -1);
  const auto results = RunRanksAsThreads(3, [&](Communicator& comm) -> Status {
    Params p;
    p.boosting.objective = "binary";
    p.tree.num_leaves = comm.rank() == 2 ? 63 : 31;  // one machine configured differently
    p.system.num_threads = comm.rank() + 1;          // threads may differ
    return GbdtTrainer::Create(p, *data, {}, nullptr, ctx, &comm).status();
  });
  for (const Status& st : results) {
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("machine 2 has other training parameters"), std::string::npos)
        << st.message();
  }
}

}  // namespace
}  // namespace qgbm
