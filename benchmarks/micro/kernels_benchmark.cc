// Micro-benchmarks of the training kernels on synthetic data (1M rows x 8 features):
//   build/benchmarks/micro/qgbm_micro_benchmarks --benchmark_filter=Quantize
// items/s is rows/s for quantization and partition, bin updates/s (rows x features) for
// histograms, and bins/s for the split scan.
#include <vector>

#include <benchmark/benchmark.h>

#include "data/dataset.h"
#include "data/testing_data.h"
#include "gradient/gradient_quantizer.h"
#include "learner/histogram/histogram_builder.h"
#include "learner/partition/row_partitioner.h"
#include "learner/split/split_finder.h"

namespace qgbm {
namespace {

constexpr int64_t kRows = 1 << 20;
constexpr int kFeatures = 8;

struct Fixture {
  Dataset data;
  std::vector<uint32_t> offsets{0};
  std::vector<float> grad, hess;
  std::vector<uint16_t> packed;
  QuantScale scale;

  Fixture()
      : data(Dataset::FromRaw(testing::MakeRawData(kRows, kFeatures, 1), BinningOptions{}, 2)
                 .value()) {
    for (int c = 0; c < data.num_used_features(); ++c) {
      offsets.push_back(offsets.back() +
                        static_cast<uint32_t>(data.bin_mapper().NumBins(data.RealFeature(c))));
    }
    for (int64_t r = 0; r < kRows; ++r) {
      grad.push_back(data.metadata().labels[static_cast<size_t>(r)] - 0.45f);
      hess.push_back(0.24f);
    }
    packed.resize(static_cast<size_t>(kRows));
    (void)GradientQuantizer({4, true, 1}).Quantize(grad, hess, {}, false, 0, 1, packed, &scale);
  }
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void BM_Quantize(benchmark::State& state) {
  Fixture& fx = Shared();
  GradientQuantizer q({4, true, 1});
  for (auto _ : state) {
    benchmark::DoNotOptimize(q.Quantize(fx.grad, fx.hess, {}, false, 0,
                                        static_cast<int>(state.range(0)), fx.packed, &fx.scale));
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_Quantize)->Arg(1)->Arg(2)->UseRealTime();

// Histogram of every other row (a leaf of half the rows) at each width, layout and thread count.
void BM_BuildHistogram(benchmark::State& state) {
  Fixture& fx = Shared();
  const auto kind = static_cast<HistKind>(state.range(0));
  const auto layout = static_cast<HistogramLayout>(state.range(2));
  HistogramBuilder builder(fx.data.matrix(), fx.offsets, static_cast<int>(state.range(1)), layout);
  std::vector<int32_t> rows;
  for (int32_t r = 0; r < kRows; r += 2) rows.push_back(r);
  const GradientView view{fx.packed.data(), fx.grad.data(), fx.hess.data()};
  Histogram hist(builder.total_bins());
  for (auto _ : state) builder.Build(rows, view, kind, &hist);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rows.size()) * kFeatures);
}
BENCHMARK(BM_BuildHistogram)
    ->ArgsProduct({{static_cast<int>(HistKind::kPacked16), static_cast<int>(HistKind::kPacked32),
                    static_cast<int>(HistKind::kFloat)},
                   {1, 2},
                   {static_cast<int>(HistogramLayout::kRowWise),
                    static_cast<int>(HistogramLayout::kColumnWise)}})
    ->ArgNames({"kind", "threads", "layout"})
    ->UseRealTime();

// Best split of the root histogram (every column, every bin), quantized.
void BM_SplitScan(benchmark::State& state) {
  Fixture& fx = Shared();
  HistogramBuilder builder(fx.data.matrix(), fx.offsets, 1);
  const GradientView view{fx.packed.data(), fx.grad.data(), fx.hess.data()};
  Histogram hist(builder.total_bins());
  builder.Build({}, view, HistKind::kPacked32, &hist);
  ColumnLayout layout;
  layout.offsets = fx.offsets;
  for (int c = 0; c < fx.data.num_used_features(); ++c) {
    const int f = fx.data.RealFeature(c);
    layout.num_numeric_bins.push_back(fx.data.bin_mapper().NumNumericBins(f));
    layout.has_missing.push_back(fx.data.bin_mapper().HasMissingBin(f) ? 1 : 0);
  }
  LeafSums leaf;
  for (int b = fx.offsets[0]; b < static_cast<int>(fx.offsets[1]); ++b) leaf.ints += hist.IntAt(b);
  leaf.g = static_cast<double>(leaf.ints.g) * fx.scale.grad_scale;
  leaf.h = static_cast<double>(leaf.ints.h) * fx.scale.hess_scale;
  leaf.count = kRows;
  const SplitFinder finder(layout, SplitOptions{});
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        finder.FindBestSplit(hist, leaf, &fx.scale, {}, static_cast<int>(state.range(0))));
  }
  state.SetItemsProcessed(state.iterations() * builder.total_bins());
}
BENCHMARK(BM_SplitScan)->Arg(1)->UseRealTime();

void BM_Partition(benchmark::State& state) {
  Fixture& fx = Shared();
  RowPartitioner part(2, static_cast<int>(state.range(0)));
  SplitRule rule;
  rule.column = 0;
  rule.threshold_bin = 100;
  for (auto _ : state) {
    part.Reset(kRows, {});
    benchmark::DoNotOptimize(part.Split(0, 1, fx.data.matrix(), rule));
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_Partition)->Arg(1)->Arg(2)->UseRealTime();

}  // namespace
}  // namespace qgbm

BENCHMARK_MAIN();
