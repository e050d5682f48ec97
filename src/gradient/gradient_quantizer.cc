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
  int64_t bad_row = -1;  // first row with a non-finite gradient or hessian, or a negative hessian
};

// Max |g| and max h of one block, branch-free so the compiler can vectorise it; a non-finite or
// negative value only raises a flag, and the (rare) failing block is then scanned for the row.
template <class RowOf>
MaxAbs BlockMaxAbs(const float* grad, const float* hess, int64_t begin, int64_t end, RowOf row_of) {
  float max_g = 0.0f, max_h = 0.0f, min_h = 0.0f, non_finite = 0.0f;
  for (int64_t i = begin; i < end; ++i) {
    const int64_t r = row_of(i);
    const float g = grad[r], h = hess[r];
    max_g = std::max(max_g, std::fabs(g));
    max_h = std::max(max_h, h);
    min_h = std::min(min_h, h);
    non_finite += (g - g) + (h - h);  // 0 for finite values, NaN for Inf or NaN
  }
  MaxAbs m{max_g, max_h, -1};
  if (non_finite == 0.0f && min_h >= 0.0f) return m;
  for (int64_t i = begin; i < end && m.bad_row < 0; ++i) {
    const int64_t r = row_of(i);
    if (!std::isfinite(grad[r]) || !std::isfinite(hess[r]) || hess[r] < 0.0f) m.bad_row = r;
  }
  return m;
}

MaxAbs FindMaxAbs(std::span<const float> grad, std::span<const float> hess,
                  std::span<const int32_t> rows, int threads) {
  const int64_t n =
      rows.empty() ? static_cast<int64_t>(grad.size()) : static_cast<int64_t>(rows.size());
  const int64_t blocks = NumBlocks(n, 32768, 256);
  std::vector<MaxAbs> partial(static_cast<size_t>(blocks));
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    partial[static_cast<size_t>(b)] =
        rows.empty()
            ? BlockMaxAbs(grad.data(), hess.data(), range.begin, range.end,
                          [](int64_t i) { return i; })
            : BlockMaxAbs(grad.data(), hess.data(), range.begin, range.end, [&](int64_t i) {
                return static_cast<int64_t>(rows[static_cast<size_t>(i)]);
              });
  });
  MaxAbs total;
  for (const MaxAbs& m : partial) {
    total.grad = std::max(total.grad, m.grad);
    total.hess = std::max(total.hess, m.hess);
    if (total.bad_row < 0) total.bad_row = m.bad_row;
  }
  return total;
}

// Rounds rows [begin, end) of one block. Everything the loop reads is a local value, so the hot
// loop holds no loads through captured references.
struct RoundingPlan {
  const float* grad;
  const float* hess;
  uint16_t* packed;
  double inv_g, inv_h;
  uint64_t key;
  int grad_levels, num_bins;
  bool stochastic, constant_hessian;
};

template <class RowOf>
void RoundBlock(const RoundingPlan p, int64_t begin, int64_t end, RowOf row_of) {
  for (int64_t i = begin; i < end; ++i) {
    const uint64_t r = static_cast<uint64_t>(row_of(i));
    const uint64_t bits = p.stochastic ? RandomBits(p.key, r) : 0;
    const double ug = p.stochastic ? UniformHigh(bits) : 0.5;
    const int qg = RoundLevel(p.grad[r] * p.inv_g, ug, p.grad_levels);
    const double uh = p.stochastic ? UniformLow(bits) : 0.5;
    // Hessians are >= 0; constant-hessian objectives count rows (hessian level 1).
    const int qh = p.constant_hessian ? 1 : RoundLevel(p.hess[r] * p.inv_h, uh, p.num_bins);
    p.packed[r] = PackRow(qg, qh);
  }
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
  const RoundingPlan plan{grad.data(), hess.data(), packed.data(), inv_g,      inv_h,
                          key,         grad_levels, num_bins,      stochastic, constant_hessian};
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    if (rows.empty()) {
      RoundBlock(plan, range.begin, range.end, [](int64_t i) { return i; });
    } else {
      const int32_t* ids = rows.data();
      RoundBlock(plan, range.begin, range.end,
                 [ids](int64_t i) { return static_cast<int64_t>(ids[i]); });
    }
  });
  return Status::Ok();
}

}  // namespace qgbm
