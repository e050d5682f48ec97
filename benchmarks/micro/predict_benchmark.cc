// Micro-benchmarks of prediction on models of fixed shapes, built from synthetic data:
//   build/benchmarks/micro/qgbm_predict_benchmarks                       # everything, ~20 s
//   build/benchmarks/micro/qgbm_predict_benchmarks --benchmark_filter=SingleRow  # latency_us
//
// Models: 100 trees x 31 leaves x 28 features (the single-row target) and 500 x 255 x 7 (the
// shape of the flights batch comparison in benchmarks/predict_bench.py). Each tree splits its
// largest leaf on a random feature at the value of a random row of that leaf, over a sample of
// rows: fairly balanced trees, so most rows walk deeper than in trained leaf-wise trees, where a
// few long paths hold few rows (predict_bench.py measures those). Counters:
//   rows/s                 batch throughput
//   row_tree_time          seconds per (row x tree), shown with an SI prefix (n = ns)
//   latency_us             microseconds per single-row call
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "qgbm/c_api.h"

#include "model/model.h"
#include "model/model_io.h"
#include "predict/flat_forest.h"
#include "predict/predictor.h"

namespace qgbm {
namespace {

struct Shape {
  int trees;
  int leaves;
  int features;
};
constexpr Shape kSmall{100, 31, 28};
constexpr Shape kFlights{500, 255, 7};

std::vector<float> SyntheticRows(int64_t rows, int features, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> values(static_cast<size_t>(rows * features));
  for (float& v : values)
    v = rng() % 50 == 0 ? std::numeric_limits<float>::quiet_NaN() : normal(rng);
  return values;
}

// One tree grown over `sample` (rows x features): split the leaf holding the most rows.
Tree GrowTree(const std::vector<float>& sample, int features, int leaves, std::mt19937_64& rng) {
  const int64_t rows = static_cast<int64_t>(sample.size()) / features;
  std::vector<int32_t> leaf_of(static_cast<size_t>(rows), 0);
  std::vector<int64_t> count = {rows};
  std::normal_distribution<double> value(0.0, 0.1);
  Tree tree;
  while (tree.num_leaves() < leaves) {
    const auto leaf =
        static_cast<int>(std::max_element(count.begin(), count.end()) - count.begin());
    if (count[static_cast<size_t>(leaf)] < 2) break;
    const auto feature = static_cast<int>(rng() % static_cast<uint64_t>(features));
    int64_t pick = static_cast<int64_t>(rng() % static_cast<uint64_t>(rows));
    while (leaf_of[static_cast<size_t>(pick)] != leaf) pick = (pick + 1) % rows;
    float threshold = sample[static_cast<size_t>(pick * features + feature)];
    if (std::isnan(threshold)) threshold = 0.0f;
    const int right = tree.num_leaves();
    tree.Split(leaf, feature, threshold, rng() % 2 == 0, 1.0, value(rng), value(rng), 1, 1, 1.0,
               1.0);
    count.push_back(0);
    count[static_cast<size_t>(leaf)] = 0;
    for (int64_t r = 0; r < rows; ++r) {
      if (leaf_of[static_cast<size_t>(r)] != leaf) continue;
      const float v = sample[static_cast<size_t>(r * features + feature)];
      const bool left = std::isnan(v) ? tree.default_left().back() != 0 : v <= threshold;
      if (!left) leaf_of[static_cast<size_t>(r)] = right;
      ++count[static_cast<size_t>(left ? leaf : right)];
    }
  }
  return tree;
}

Model MakeModel(Shape shape) {
  std::mt19937_64 rng(42);
  const std::vector<float> sample = SyntheticRows(4096, shape.features, 7);
  Model m;
  m.objective = "binary";
  m.transform = OutputTransform::kSigmoid;
  m.num_features = shape.features;
  m.feature_names.assign(static_cast<size_t>(shape.features), "f");
  m.init_score = {0.0};
  for (int t = 0; t < shape.trees; ++t)
    m.trees.push_back(GrowTree(sample, shape.features, shape.leaves, rng));
  return m;
}

const Model& SharedModel(Shape shape) {
  static const Model small = MakeModel(kSmall);
  static const Model flights = MakeModel(kFlights);
  return shape.trees == kSmall.trees ? small : flights;
}

void SetBatchCounters(benchmark::State& state, int64_t rows, int trees) {
  state.SetItemsProcessed(state.iterations() * rows);
  state.counters["row_tree_time"] = benchmark::Counter(
      static_cast<double>(rows) * trees,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// Batch prediction through the compiled forest; args: shape (0 small, 1 flights), threads.
void BM_PredictBatch(benchmark::State& state) {
  const Shape shape = state.range(0) == 0 ? kSmall : kFlights;
  const FlatForest forest(SharedModel(shape));
  constexpr int64_t kRows = 100000;
  const std::vector<float> rows = SyntheticRows(kRows, shape.features, 11);
  std::vector<double> out(kRows);
  PredictOptions options;
  options.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    Predict(forest, rows.data(), kRows, shape.features, options, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  SetBatchCounters(state, kRows, shape.trees);
}
BENCHMARK(BM_PredictBatch)
    ->ArgsProduct({{0, 1}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The walk the forest replaces: Tree::Predict row by row, tree by tree (one thread).
void BM_PredictBatchTreeByTree(benchmark::State& state) {
  const Shape shape = state.range(0) == 0 ? kSmall : kFlights;
  const Model& model = SharedModel(shape);
  constexpr int64_t kRows = 20000;
  const std::vector<float> rows = SyntheticRows(kRows, shape.features, 11);
  std::vector<double> out(kRows);
  for (auto _ : state) {
    for (int64_t r = 0; r < kRows; ++r) {
      double s = model.init_score[0];
      for (const Tree& tree : model.trees)
        s += tree.Predict(&rows[static_cast<size_t>(r * shape.features)]);
      out[static_cast<size_t>(r)] = s;
    }
    benchmark::DoNotOptimize(out.data());
  }
  SetBatchCounters(state, kRows, shape.trees);
}
BENCHMARK(BM_PredictBatchTreeByTree)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// A booster handle on the small model, loaded through the C API as a binding would.
QGBMBoosterHandle SmallBooster() {
  const std::string bytes = SerializeModel(SharedModel(kSmall), ModelFileFormat::kCbor).value();
  QGBMBoosterHandle booster = nullptr;
  if (QGBM_BoosterLoadModelFromString(bytes.data(), bytes.size(), &booster) != 0) std::abort();
  return booster;
}

// Calls predict(row) over 1024 different rows in turn, so no branch history fits one row, and
// reports the mean call time in microseconds.
template <class PredictOne>
void RunSingleRow(benchmark::State& state, PredictOne&& predict) {
  constexpr int64_t kRows = 1024;
  const std::vector<float> rows = SyntheticRows(kRows, kSmall.features, 13);
  int64_t r = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    predict(&rows[static_cast<size_t>(r * kSmall.features)]);
    r = (r + 1) & (kRows - 1);
  }
  const std::chrono::duration<double, std::micro> elapsed =
      std::chrono::steady_clock::now() - start;
  state.counters["latency_us"] = elapsed.count() / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}

// QGBM_BoosterPredictForRowFast: the single-row fast path.
void BM_SingleRowFast(benchmark::State& state) {
  QGBMBoosterHandle booster = SmallBooster();
  QGBMFastConfigHandle fast = nullptr;
  if (QGBM_BoosterPredictForRowFastInit(booster, QGBM_PREDICT_NORMAL, 0, kSmall.features, &fast) !=
      0)
    std::abort();
  double out = 0.0;
  int64_t len = 0;
  RunSingleRow(state, [&](const float* row) {
    QGBM_BoosterPredictForRowFast(fast, row, &out, &len);
    benchmark::DoNotOptimize(out);
  });
  QGBM_FastConfigFree(fast);
  QGBM_BoosterFree(booster);
}
BENCHMARK(BM_SingleRowFast);

// The same row through the batch entry point (nrow = 1, one thread), for comparison.
void BM_SingleRowThroughBatch(benchmark::State& state) {
  QGBMBoosterHandle booster = SmallBooster();
  double out = 0.0;
  int64_t len = 0;
  RunSingleRow(state, [&](const float* row) {
    QGBM_BoosterPredictForMat(booster, row, 1, kSmall.features, QGBM_PREDICT_NORMAL, 0, 1, &out,
                              &len);
    benchmark::DoNotOptimize(out);
  });
  QGBM_BoosterFree(booster);
}
BENCHMARK(BM_SingleRowThroughBatch);

}  // namespace
}  // namespace qgbm

BENCHMARK_MAIN();
