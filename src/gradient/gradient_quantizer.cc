#include "gradient/gradient_quantizer.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "common/parallel_for.h"
#include "common/random.h"
#include "gradient/packed.h"

namespace qgbm {
namespace {

struct MaxAbs {
  double grad = 0.0;
  double hess = 0.0;
  int64_t bad_row = -1;  // first row with a non-finite value
};

MaxAbs FindMaxAbs(std::span<const float> grad, std::span<const float> hess,
                  std::span<const int32_t> rows, int threads) {
  const int64_t n =
      rows.empty() ? static_cast<int64_t>(grad.size()) : static_cast<int64_t>(rows.size());
  const int64_t blocks = NumBlocks(n, 32768, 256);
  std::vector<MaxAbs> partial(static_cast<size_t>(blocks));
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    MaxAbs m;
    for (int64_t i = range.begin; i < range.end; ++i) {
      const size_t r =
          rows.empty() ? static_cast<size_t>(i) : static_cast<size_t>(rows[static_cast<size_t>(i)]);
      const float g = grad[r], h = hess[r];
      if (!std::isfinite(g) || !std::isfinite(h) || h < 0.0f) {
        if (m.bad_row < 0) m.bad_row = static_cast<int64_t>(r);
        continue;
      }
      m.grad = std::max(m.grad, static_cast<double>(std::fabs(g)));
      m.hess = std::max(m.hess, static_cast<double>(h));
    }
    partial[static_cast<size_t>(b)] = m;
  });
  MaxAbs total;
  for (const MaxAbs& m : partial) {
    total.grad = std::max(total.grad, m.grad);
    total.hess = std::max(total.hess, m.hess);
    if (total.bad_row < 0) total.bad_row = m.bad_row;
  }
  return total;
}

}  // namespace

Status GradientQuantizer::Quantize(std::span<const float> grad, std::span<const float> hess,
                                   std::span<const int32_t> rows, bool constant_hessian,
                                   uint64_t counter, int threads, std::span<uint16_t> packed,
                                   QuantScale* scale) const {
  const int num_bins = options_.num_bins;
  const MaxAbs max_abs = FindMaxAbs(grad, hess, rows, threads);
  if (max_abs.bad_row >= 0) {
    const size_t r = static_cast<size_t>(max_abs.bad_row);
    return Status::DataError(
        "the objective produced a non-finite gradient or a negative hessian at row " +
        std::to_string(max_abs.bad_row) + " (gradient " + std::to_string(grad[r]) + ", hessian " +
        std::to_string(hess[r]) + "); check the labels, weights and init scores");
  }
  const int grad_levels = num_bins / 2;
  scale->num_bins = num_bins;
  scale->constant_hessian = constant_hessian;
  scale->grad_scale = max_abs.grad / grad_levels;
  scale->hess_scale = constant_hessian ? max_abs.hess : max_abs.hess / num_bins;
  // A zero scale (all gradients zero) quantizes everything to 0 instead of dividing by zero.
  const double inv_g = scale->grad_scale > 0.0 ? 1.0 / scale->grad_scale : 0.0;
  const double inv_h = scale->hess_scale > 0.0 ? 1.0 / scale->hess_scale : 0.0;
  // One 64-bit draw per row gives independent uniforms for its gradient and its hessian.
  const uint64_t key = RandomKey(options_.seed, RandomStream::kGradientRounding, counter);
  const bool stochastic = options_.stochastic_rounding;
  const int64_t n =
      rows.empty() ? static_cast<int64_t>(grad.size()) : static_cast<int64_t>(rows.size());
  const int64_t blocks = NumBlocks(n, 32768, 256);
  auto round_row = [&](uint64_t r) {
    const uint64_t bits = stochastic ? RandomBits(key, r) : 0;
    const double ug = stochastic ? UniformHigh(bits) : 0.5;
    const int qg = RoundLevel(grad[r] * inv_g, ug, grad_levels);
    int qh = 1;
    if (!constant_hessian) {
      const double uh = stochastic ? UniformLow(bits) : 0.5;
      qh = RoundLevel(hess[r] * inv_h, uh, num_bins);  // hessians are >= 0
    }
    packed[r] = PackRow(qg, qh);
  };
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    // Two loops rather than a per-row test, so the common all-rows case stays tight.
    if (rows.empty()) {
      for (int64_t i = range.begin; i < range.end; ++i) round_row(static_cast<uint64_t>(i));
    } else {
      for (int64_t i = range.begin; i < range.end; ++i)
        round_row(static_cast<uint64_t>(rows[static_cast<size_t>(i)]));
    }
  });
  return Status::Ok();
}

}  // namespace qgbm
