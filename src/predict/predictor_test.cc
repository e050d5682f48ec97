#include "predict/predictor.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "model/model_io.h"
#include "model/testing_models.h"
#include "predict/flat_forest.h"
#include "predict/row_predictor.h"
#include "predict/testing_forests.h"

namespace qgbm {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Model SingleOutputModel(std::vector<Tree> trees, int num_features, double init) {
  Model m;
  m.num_features = num_features;
  m.feature_names.assign(static_cast<size_t>(num_features), "f");
  m.init_score = {init};
  m.trees = std::move(trees);
  return m;
}

// Root: f0 <= 1.0, NaN right. Left child: f1 <= -2.0, NaN left. Leaves: 0 (f0 left, f1 left),
// 1 (f0 right), 2 (f0 left, f1 right).
Tree TwoSplitTree() {
  Tree t;
  t.Split(0, 0, 1.0, /*default_left=*/false, 1.0, 0.0, 20.0, 1, 1, 1.0, 1.0);
  t.Split(0, 1, -2.0, /*default_left=*/true, 1.0, 10.0, 30.0, 1, 1, 1.0, 1.0);
  return t;
}

Tree Leaf(double value) {
  Tree t;
  t.set_leaf_value(0, value);
  return t;
}

TEST(PredictorTest, ThresholdEqualityAndMissingValues) {
  const Model m = SingleOutputModel({TwoSplitTree()}, 2, 0.5);
  // Each row: (f0, f1, padding) with row_stride 3 > num_features.
  const std::vector<float> rows = {
      1.0f,
      -2.0f,
      99.0f,  // both equal to thresholds → left, left → leaf 0
      std::nextafter(1.0f, 2.0f),
      -5.0f,
      99.0f,  // just above → leaf 1
      kNaN,
      -5.0f,
      99.0f,  // f0 missing goes right → leaf 1
      0.0f,
      kNaN,
      99.0f,  // f1 missing goes left → leaf 0
      0.0f,
      -1.999f,
      99.0f,  // f1 above → leaf 2
  };
  std::vector<double> raw(5);
  std::vector<int32_t> leaves(5);
  PredictRaw(m, rows.data(), 5, 3, {}, raw.data());
  PredictLeafIndex(m, rows.data(), 5, 3, {}, leaves.data());
  EXPECT_EQ(leaves, (std::vector<int32_t>{0, 1, 1, 0, 2}));
  EXPECT_EQ(raw, (std::vector<double>{10.5, 20.5, 20.5, 10.5, 30.5}));
}

// Three outputs, two iterations of single-leaf trees with values that show which trees were added.
Model ThreeClassModel() {
  Model m;
  m.num_tree_per_iteration = 3;
  m.num_features = 1;
  m.feature_names = {"x"};
  m.init_score = {0.5, 0.25, 0.125};
  m.transform = OutputTransform::kSoftmax;
  for (double v : {1.0, 2.0, 4.0, 10.0, 20.0, 40.0}) m.trees.push_back(Leaf(v));
  return m;
}

TEST(PredictorTest, MultiOutputOrderAndIterationRange) {
  const Model m = ThreeClassModel();
  const std::vector<float> rows = {0.0f, 1.0f};
  std::vector<double> raw(6);
  PredictRaw(m, rows.data(), 2, 1, {}, raw.data());
  EXPECT_EQ(raw, (std::vector<double>{11.5, 22.25, 44.125, 11.5, 22.25, 44.125}));

  PredictOptions first_only;
  first_only.num_iterations = 1;
  PredictRaw(m, rows.data(), 2, 1, first_only, raw.data());
  EXPECT_EQ(raw, (std::vector<double>{1.5, 2.25, 4.125, 1.5, 2.25, 4.125}));

  PredictOptions second_only;
  second_only.start_iteration = 1;
  second_only.num_iterations = 5;  // clamped to what is left
  PredictRaw(m, rows.data(), 2, 1, second_only, raw.data());
  EXPECT_EQ(raw, (std::vector<double>{10.5, 20.25, 40.125, 10.5, 20.25, 40.125}));
  EXPECT_EQ(NumTreesUsed(m, second_only), 3);

  std::vector<int32_t> leaves(6);  // 2 rows x 3 trees
  PredictLeafIndex(m, rows.data(), 2, 1, second_only, leaves.data());
  EXPECT_EQ(leaves, std::vector<int32_t>(6, 0));

  PredictOptions past_end;
  past_end.start_iteration = 7;
  EXPECT_EQ(NumTreesUsed(m, past_end), 0);
  PredictRaw(m, rows.data(), 2, 1, past_end, raw.data());
  EXPECT_EQ(raw, (std::vector<double>{0.5, 0.25, 0.125, 0.5, 0.25, 0.125}));
}

TEST(PredictorTest, Transforms) {
  const std::vector<float> rows = {0.0f};
  double out = 0.0;
  Model binary = SingleOutputModel({Leaf(0.75)}, 1, -0.25);
  binary.transform = OutputTransform::kSigmoid;
  binary.sigmoid = 2.0;
  Predict(binary, rows.data(), 1, 1, {}, &out);
  EXPECT_DOUBLE_EQ(out, 1.0 / (1.0 + std::exp(-2.0 * 0.5)));
  PredictOptions raw;
  raw.raw_score = true;
  Predict(binary, rows.data(), 1, 1, raw, &out);
  EXPECT_EQ(out, 0.5);

  binary.transform = OutputTransform::kExponential;
  Predict(binary, rows.data(), 1, 1, {}, &out);
  EXPECT_DOUBLE_EQ(out, std::exp(0.5));

  const Model multi = ThreeClassModel();
  std::vector<double> p(3);
  Predict(multi, rows.data(), 1, 1, {}, p.data());
  const double z = std::exp(11.5) + std::exp(22.25) + std::exp(44.125);
  EXPECT_NEAR(p[0], std::exp(11.5) / z, 1e-15);
  EXPECT_NEAR(p[1], std::exp(22.25) / z, 1e-15);
  EXPECT_NEAR(p[2], std::exp(44.125) / z, 1e-12);
  EXPECT_NEAR(p[0] + p[1] + p[2], 1.0, 1e-15);
}

// Random trees over `num_features` features, with NaN defaults both ways.
Model RandomModel(int num_trees, int k, int num_features, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  return testing::RandomModelWith(
      num_trees, k, num_features, 30,
      [&](std::mt19937_64& r) { return static_cast<double>(static_cast<float>(unit(r))); }, rng);
}

std::vector<float> RandomRows(int64_t num_rows, int stride, std::mt19937_64& rng) {
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  std::vector<float> rows(static_cast<size_t>(num_rows * stride));
  for (float& v : rows) v = rng() % 10 == 0 ? kNaN : unit(rng);
  return rows;
}

bool BitEqual(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!testing::SameBits(a[i], b[i])) return false;
  }
  return true;
}

TEST(PredictorTest, MatchesRowByRowSumAndIgnoresThreadCount) {
  std::mt19937_64 rng(7);
  const int k = 3, stride = 6;
  const Model m = RandomModel(60, k, 5, rng);
  const int64_t n = 1000;
  const std::vector<float> rows = RandomRows(n, stride, rng);
  std::vector<double> expected(static_cast<size_t>(n * k));
  for (int64_t r = 0; r < n; ++r) {
    for (int c = 0; c < k; ++c) {
      double s = m.init_score[static_cast<size_t>(c)];
      for (auto t = static_cast<size_t>(c); t < m.trees.size(); t += k)
        s += m.trees[t].Predict(&rows[static_cast<size_t>(r * stride)]);
      expected[static_cast<size_t>(r * k + c)] = s;
    }
  }
  for (const int threads : {1, 2, 3, 8, 0}) {
    PredictOptions options;
    options.threads = threads;
    std::vector<double> raw(expected.size());
    PredictRaw(m, rows.data(), n, stride, options, raw.data());
    EXPECT_TRUE(BitEqual(raw, expected)) << "threads " << threads;
  }
}

TEST(PredictorTest, SavedAndLoadedModelPredictsBitForBit) {
  std::mt19937_64 rng(11);
  const Model m = RandomModel(40, 2, 4, rng);
  const std::vector<float> rows = RandomRows(500, 4, rng);
  std::vector<double> before(1000), after(1000);
  PredictRaw(m, rows.data(), 500, 4, {}, before.data());
  for (const auto format : {ModelFileFormat::kJson, ModelFileFormat::kCbor}) {
    const StatusOr<std::string> bytes = SerializeModel(m, format);
    ASSERT_TRUE(bytes.ok()) << bytes.status().message();
    const StatusOr<Model> loaded = DeserializeModel(bytes.value());
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    PredictOptions options;
    options.threads = 4;
    PredictRaw(loaded.value(), rows.data(), 500, 4, options, after.data());
    EXPECT_TRUE(BitEqual(before, after));
  }
  // The shared test model too: it holds -0.0, denormals and 1e-300 leaves.
  const Model special = testing::MakeTestModel();
  const StatusOr<Model> loaded =
      DeserializeModel(SerializeModel(special, ModelFileFormat::kCbor).value());
  ASSERT_TRUE(loaded.ok());
  const std::vector<float> few = RandomRows(64, 3, rng);
  std::vector<double> a(128), b(128);
  Predict(special, few.data(), 64, 3, {}, a.data());
  Predict(loaded.value(), few.data(), 64, 3, {}, b.data());
  EXPECT_TRUE(BitEqual(a, b));
}

// Raw scores summed row by row with Tree::Predict, init score first, trees in model order.
std::vector<double> ReferenceRawScores(const Model& m, const std::vector<float>& rows, int64_t n,
                                       int stride, IterationRange used) {
  const int k = m.num_tree_per_iteration;
  std::vector<double> out(static_cast<size_t>(n * k));
  for (int64_t r = 0; r < n; ++r) {
    for (int c = 0; c < k; ++c) {
      double s = m.init_score[static_cast<size_t>(c)];
      for (int it = used.begin; it < used.end; ++it)
        s += m.trees[static_cast<size_t>(it * k + c)].Predict(
            &rows[static_cast<size_t>(r * stride)]);
      out[static_cast<size_t>(r * k + c)] = s;
    }
  }
  return out;
}

// The compiled forest on hard thresholds and inputs: bit for bit the row-by-row double sums,
// for every iteration range and thread count, in batches and one row at a time.
TEST(PredictorTest, ForestMatchesTreesBitForBitOnHardInputs) {
  std::mt19937_64 rng(13);
  for (const int k : {1, 2}) {
    const Model m = testing::RandomHardModel(30 * k, k, 6, 64, rng);
    const FlatForest forest(m);
    const int64_t n = 2100;
    const int stride = 7;
    const std::vector<float> rows = testing::RandomHardRows(m, n, stride, rng);
    for (const auto& [start, count] : {std::pair{0, -1}, {0, 7}, {11, 5}, {25, 100}, {31, 1}}) {
      PredictOptions options;
      options.start_iteration = start;
      options.num_iterations = count;
      const IterationRange used = UsedIterations(forest, options);
      const std::vector<double> expected = ReferenceRawScores(m, rows, n, stride, used);
      for (const int threads : {1, 2, 5}) {
        options.threads = threads;
        std::vector<double> raw(expected.size());
        PredictRaw(forest, rows.data(), n, stride, options, raw.data());
        EXPECT_TRUE(BitEqual(raw, expected))
            << "k " << k << " start " << start << " threads " << threads;
      }
      std::vector<double> single(expected.size());
      for (int64_t r = 0; r < n; ++r) {
        PredictRowRaw(forest, &rows[static_cast<size_t>(r * stride)], used,
                      &single[static_cast<size_t>(r * k)]);
      }
      EXPECT_TRUE(BitEqual(single, expected)) << "k " << k << " start " << start;
    }
  }
}

TEST(PredictorTest, ModelAndForestOverloadsAgree) {
  std::mt19937_64 rng(17);
  const Model m = testing::RandomHardModel(12, 3, 3, 20, rng);
  const std::vector<float> rows = testing::RandomHardRows(m, 100, 3, rng);
  const FlatForest forest(m);
  std::vector<double> a(300), b(300);
  Predict(m, rows.data(), 100, 3, {}, a.data());
  Predict(forest, rows.data(), 100, 3, {}, b.data());
  EXPECT_TRUE(BitEqual(a, b));
  EXPECT_EQ(NumTreesUsed(m, {}), NumTreesUsed(forest, {}));
  std::vector<int32_t> la(1200), lb(1200);
  PredictLeafIndex(m, rows.data(), 100, 3, {}, la.data());
  PredictLeafIndex(forest, rows.data(), 100, 3, {}, lb.data());
  EXPECT_EQ(la, lb);
}

TEST(PredictorTest, EmptyInputAndEmptyModel) {
  const Model m = SingleOutputModel({}, 1, 3.0);
  const float row = 0.0f;
  double out = 0.0;
  PredictRaw(m, &row, 0, 1, {}, &out);
  EXPECT_EQ(out, 0.0);
  PredictRaw(m, &row, 1, 1, {}, &out);
  EXPECT_EQ(out, 3.0);
}

}  // namespace
}  // namespace qgbm
