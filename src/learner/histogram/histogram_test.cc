#include "learner/histogram/histogram.h"

#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "data/dataset.h"
#include "data/testing_data.h"
#include "gradient/gradient_quantizer.h"
#include "learner/histogram/histogram_builder.h"

namespace qgbm {
namespace {

struct Fixture {
  Dataset data;
  std::vector<uint32_t> offsets;
  std::vector<float> grad, hess;
  std::vector<uint16_t> packed;
  QuantScale scale;
};

// heavy_bin: column 0 takes two values, 90% of rows in one bin (sums that need the wide fields).
Fixture MakeFixture(int64_t rows, int bins, int features = 5, bool heavy_bin = false) {
  RawData raw = testing::MakeRawData(rows, features, 11, false, 0.02);
  if (heavy_bin) {
    for (int64_t r = 0; r < rows; ++r) {
      float& v = raw.values[static_cast<size_t>(r * features)];
      v = v < 0.9f ? 0.0f : 1.0f;
    }
  }
  BinningOptions options;
  options.gradient_slot_min_bytes = 0;  // slots whenever the row width allows (12, 28 columns)
  auto d = Dataset::FromRaw(std::move(raw), options, 2);
  Fixture fx{std::move(d.value()), {0}, {}, {}, {}, {}};
  for (int c = 0; c < fx.data.num_used_features(); ++c) {
    fx.offsets.push_back(fx.offsets.back() + static_cast<uint32_t>(fx.data.bin_mapper().NumBins(
                                                 fx.data.RealFeature(c))));
  }
  fx.grad.resize(static_cast<size_t>(rows));
  fx.hess.resize(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    fx.grad[static_cast<size_t>(r)] = fx.data.metadata().labels[static_cast<size_t>(r)] - 0.4f +
                                      0.001f * static_cast<float>(r % 17);
    fx.hess[static_cast<size_t>(r)] = 0.2f + 0.01f * static_cast<float>(r % 5);
  }
  fx.packed.resize(static_cast<size_t>(rows));
  GradientQuantizer q({bins, true, 3});
  EXPECT_TRUE(q.Quantize(fx.grad, fx.hess, {}, false, 0, 2, fx.packed, &fx.scale).ok());
  return fx;
}

// Every integer width gives the same exact sums, and parent - child == the other child built
// directly, for widths on both sides of each tier boundary.
TEST(HistogramTest, SubtractionEqualsDirectBuildAtEveryWidth) {
  Fixture fx = MakeFixture(40000, 4);
  HistogramBuilder builder(fx.data.matrix(), fx.offsets, 2);
  const GradientView view{fx.packed.data(), fx.grad.data(), fx.hess.data()};
  std::vector<int32_t> left, right;
  for (int32_t r = 0; r < 40000; ++r) (r % 7 == 0 ? left : right).push_back(r);
  const int total = builder.total_bins();
  for (HistKind parent_kind : {HistKind::kPacked32, HistKind::kPair64}) {
    for (HistKind small_kind : {HistKind::kPacked16, HistKind::kPacked32, HistKind::kPair64}) {
      for (HistKind large_kind : {HistKind::kPacked32, HistKind::kPair64}) {
        Histogram parent(total), small(total), large(total), direct(total);
        builder.Build({}, view, parent_kind, &parent);
        builder.Build(left, view, small_kind, &small);
        builder.Build(right, view, HistKind::kPair64, &direct);
        large.Reset(large_kind);
        SubtractHistogram(parent, small, &large);
        for (int b = 0; b < total; ++b) ASSERT_EQ(large.IntAt(b), direct.IntAt(b)) << "bin " << b;
      }
    }
  }
  // All 16-bit: a small leaf split in two.
  std::vector<int32_t> leaf(left.begin(), left.begin() + 3000), a, b2;
  for (size_t i = 0; i < leaf.size(); ++i) (i % 3 == 0 ? a : b2).push_back(leaf[i]);
  Histogram p16(total), a16(total), b16(total), direct(total);
  builder.Build(leaf, view, HistKind::kPacked16, &p16);
  builder.Build(a, view, HistKind::kPacked16, &a16);
  builder.Build(b2, view, HistKind::kPair64, &direct);
  b16.Reset(HistKind::kPacked16);
  SubtractHistogram(p16, a16, &b16);
  for (int bin = 0; bin < total; ++bin) ASSERT_EQ(b16.IntAt(bin), direct.IntAt(bin));
}

TEST(HistogramTest, QuantizedHistogramApproximatesFloatHistogram) {
  Fixture fx = MakeFixture(40000, 16);
  HistogramBuilder builder(fx.data.matrix(), fx.offsets, 2);
  const GradientView view{fx.packed.data(), fx.grad.data(), fx.hess.data()};
  Histogram q(builder.total_bins()), f(builder.total_bins());
  builder.Build({}, view, HistKind::kPacked32, &q);
  builder.Build({}, view, HistKind::kFloat, &f);
  for (int b = 0; b < builder.total_bins(); ++b) {
    const IntSum s = q.IntAt(b);
    const double n = std::max(1.0, f.floats()[b].h / 0.22);  // ~rows in the bin
    // Stochastic rounding error of a sum of n rows is about scale * sqrt(n).
    EXPECT_NEAR(static_cast<double>(s.g) * fx.scale.grad_scale, f.floats()[b].g,
                5 * fx.scale.grad_scale * std::sqrt(n) + 1e-9);
    EXPECT_NEAR(static_cast<double>(s.h) * fx.scale.hess_scale, f.floats()[b].h,
                5 * fx.scale.hess_scale * std::sqrt(n) + 1e-9);
  }
}

TEST(HistogramTest, FloatHistogramDoesNotDependOnThreads) {
  Fixture fx = MakeFixture(70000, 4);
  HistogramBuilder one(fx.data.matrix(), fx.offsets, 1), four(fx.data.matrix(), fx.offsets, 4);
  const GradientView view{fx.packed.data(), fx.grad.data(), fx.hess.data()};
  Histogram a(one.total_bins()), b(one.total_bins());
  one.Build({}, view, HistKind::kFloat, &a);
  four.Build({}, view, HistKind::kFloat, &b);
  for (int i = 0; i < one.total_bins(); ++i) {
    ASSERT_EQ(a.floats()[i].g, b.floats()[i].g);
    ASSERT_EQ(a.floats()[i].h, b.floats()[i].h);
  }
}

// Column-wise and row-wise builds give the same exact integer sums at every width (with and
// without the paired copies, on all rows and on a scattered leaf), for 1 and 3 threads; float
// sums agree to rounding and each layout is independent of the thread count.
TEST(HistogramTest, ColumnWiseEqualsRowWise) {
  Fixture fx = MakeFixture(30000, 4);
  const GradientView view{fx.packed.data(), fx.grad.data(), fx.hess.data()};
  std::vector<int32_t> leaf;
  for (int32_t r = 0; r < 30000; ++r) {
    if (r % 3 != 1) leaf.push_back(r);
  }
  const std::vector<int32_t> tiny(leaf.begin(), leaf.begin() + 37);
  for (int threads : {1, 3}) {
    HistogramBuilder rows(fx.data.matrix(), fx.offsets, threads, HistogramLayout::kRowWise);
    HistogramBuilder cols(fx.data.matrix(), fx.offsets, threads, HistogramLayout::kColumnWise);
    const int total = rows.total_bins();
    const std::vector<int32_t>* leaves[2] = {&leaf, &tiny};
    for (const std::vector<int32_t>* r : leaves) {
      for (HistKind kind : {HistKind::kPacked16, HistKind::kPacked32, HistKind::kPair64}) {
        if (kind == HistKind::kPacked16 && r == &leaf) continue;  // too many rows for 16 bits
        Histogram a(total), b(total);
        rows.Build(*r, view, kind, &a);
        cols.Build(*r, view, kind, &b);
        for (int bin = 0; bin < total; ++bin) ASSERT_EQ(a.IntAt(bin), b.IntAt(bin)) << bin;
      }
    }
    Histogram a(total), b(total);
    rows.Build({}, view, HistKind::kPacked32, &a);
    cols.Build({}, view, HistKind::kPacked32, &b);
    for (int bin = 0; bin < total; ++bin) ASSERT_EQ(a.IntAt(bin), b.IntAt(bin)) << bin;
    rows.Build(leaf, view, HistKind::kFloat, &a);
    cols.Build(leaf, view, HistKind::kFloat, &b);
    for (int bin = 0; bin < total; ++bin) {
      EXPECT_NEAR(a.floats()[bin].g, b.floats()[bin].g, 1e-9);
      EXPECT_NEAR(a.floats()[bin].h, b.floats()[bin].h, 1e-9);
    }
  }
  HistogramBuilder one(fx.data.matrix(), fx.offsets, 1, HistogramLayout::kColumnWise);
  HistogramBuilder four(fx.data.matrix(), fx.offsets, 4, HistogramLayout::kColumnWise);
  Histogram a(one.total_bins()), b(one.total_bins());
  one.Build(leaf, view, HistKind::kFloat, &a);
  four.Build(leaf, view, HistKind::kFloat, &b);
  for (int bin = 0; bin < one.total_bins(); ++bin) {
    ASSERT_EQ(a.floats()[bin].g, b.floats()[bin].g);
    ASSERT_EQ(a.floats()[bin].h, b.floats()[bin].h);
  }
}

// One-byte cells go through padded (strided) row histograms; 32-bit-field builds that know the
// gradient levels sum runs of rows in 16-bit fields first. Every variant gives the exact sums of
// an int64 build, on all rows and on scattered leaves longer than one 16-bit run, for 1 and 3
// threads (integer builds take one block per thread).
TEST(HistogramTest, StagedAndPaddedRowBuildsGiveExactSums) {
  // 12 columns of up to 255 bins: too many for two 32-bit-field copies in L1, so runs are staged;
  // one bin holds most rows, so a run longer than 16 bits allow would overflow it.
  Fixture fx = MakeFixture(60000, 4, 12, true);
  const GradientView plain{fx.packed.data(), fx.grad.data(), fx.hess.data()};
  const GradientView staged{fx.packed.data(), fx.grad.data(), fx.hess.data(), fx.scale.num_bins};
  // The same words from the rows' gradient slots (12 one-byte columns: 16-byte rows).
  const GradientSlotClaim claim(fx.data.matrix());
  ASSERT_TRUE(claim.held());
  fx.data.matrix().WriteGradientSlots(fx.packed.data(), 2);
  const GradientView slots{nullptr, fx.grad.data(), fx.hess.data(), fx.scale.num_bins, true};
  ASSERT_GT(60000 * staged.quant_bins, 1 << 16);  // more than one 16-bit run
  std::vector<int32_t> leaf;
  for (int32_t r = 0; r < 60000; ++r) {
    if (r % 5 != 2) leaf.push_back(r);
  }
  HistogramBuilder columns(fx.data.matrix(), fx.offsets, 1, HistogramLayout::kColumnWise);
  const int total = columns.total_bins();
  for (const std::vector<int32_t>& rows : {std::vector<int32_t>{}, leaf}) {
    Histogram want(total);
    columns.Build(rows, plain, HistKind::kPair64, &want);
    for (int threads : {1, 3}) {
      HistogramBuilder builder(fx.data.matrix(), fx.offsets, threads, HistogramLayout::kRowWise);
      ASSERT_TRUE(builder.UsesPaddedRows());
      for (const GradientView* view : {&plain, &staged, &slots}) {
        for (HistKind kind : {HistKind::kPacked32, HistKind::kPair64}) {
          Histogram got(total);
          builder.Build(rows, *view, kind, &got);
          for (int bin = 0; bin < total; ++bin) {
            ASSERT_EQ(got.IntAt(bin), want.IntAt(bin))
                << "bin " << bin << " threads " << threads << " staged " << (view == &staged)
                << " slots " << (view == &slots);
          }
        }
      }
    }
  }
}

// Rows of 28 one-byte columns carry their packed gradient in a slot after the bins (32-byte
// rows). Builds that read the slots give the sums of builds that read the gradient array, in
// every integer width, on all rows, scattered leaves and a bag-like subset, for 1 and 2 threads.
TEST(HistogramTest, GradientSlotBuildsEqualArrayBuilds) {
  Fixture fx = MakeFixture(20000, 4, 28);
  const BinnedMatrix& matrix = fx.data.matrix();
  ASSERT_TRUE(matrix.HasGradientSlots());
  ASSERT_EQ(matrix.row_stride8(), 32);
  const GradientSlotClaim claim(matrix);
  ASSERT_TRUE(claim.held());
  matrix.WriteGradientSlots(fx.packed.data(), 2);
  const GradientView array{fx.packed.data(), fx.grad.data(), fx.hess.data(), fx.scale.num_bins};
  // No array pointer: a build that ignored the slots would crash, not pass.
  const GradientView slots{nullptr, fx.grad.data(), fx.hess.data(), fx.scale.num_bins, true};
  std::vector<int32_t> sparse, small;
  for (int32_t r = 0; r < 20000; ++r) {
    if (r % 13 == 4 || r % 29 == 0) sparse.push_back(r);
    if (r % 97 == 3) small.push_back(r);  // few enough rows for 16-bit fields
  }
  for (int threads : {1, 2}) {
    HistogramBuilder builder(matrix, fx.offsets, threads, HistogramLayout::kRowWise);
    ASSERT_TRUE(builder.UsesPaddedRows());
    const int total = builder.total_bins();
    for (const std::vector<int32_t>& rows : {std::vector<int32_t>{}, sparse, small}) {
      for (HistKind kind : {HistKind::kPacked16, HistKind::kPacked32, HistKind::kPair64}) {
        if (kind == HistKind::kPacked16 && rows != small) continue;
        Histogram want(total), got(total);
        builder.Build(rows, array, kind, &want);
        builder.Build(rows, slots, kind, &got);
        for (int bin = 0; bin < total; ++bin) {
          ASSERT_EQ(got.IntAt(bin), want.IntAt(bin))
              << "bin " << bin << " rows " << rows.size() << " threads " << threads;
        }
      }
    }
  }
}

}  // namespace
}  // namespace qgbm
