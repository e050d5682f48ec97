#include "gradient/gradient_quantizer.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>
#include <vector>

#include "common/fixed_point.h"
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

// Max |g| and max h of one block on the float bit patterns: for non-negative floats the integer
// order is the float order, and integer max reductions vectorise. Inf and NaN have the largest
// patterns and a negative hessian has its sign bit set, so one test after the loop catches both;
// the (rare) flagged block is then scanned for the first bad row.
template <class RowOf>
MaxAbs BlockMaxAbs(const float* grad, const float* hess, int64_t begin, int64_t end, RowOf row_of) {
  constexpr uint32_t kAbsMask = 0x7FFFFFFFu, kSignBit = 0x80000000u, kInfBits = 0x7F800000u;
  uint32_t max_g = 0, max_h = 0, signs_h = 0;
  for (int64_t i = begin; i < end; ++i) {
    const int64_t r = row_of(i);
    const uint32_t g = std::bit_cast<uint32_t>(grad[r]) & kAbsMask;
    const uint32_t h = std::bit_cast<uint32_t>(hess[r]);
    max_g = std::max(max_g, g);
    max_h = std::max(max_h, h & kAbsMask);
    signs_h |= h;
  }
  MaxAbs m{std::bit_cast<float>(max_g), std::bit_cast<float>(max_h), -1};
  if (max_g < kInfBits && max_h < kInfBits && (signs_h & kSignBit) == 0) return m;
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

// Everything the rounding loop reads, as plain values (no loads through references in the loop).
struct RoundingPlan {
  const float* grad;
  const float* hess;
  uint16_t* packed;
  float inv_g, inv_h;
  uint32_t key;
  int64_t row_offset;  // global id of row 0 (data-parallel training)
  int grad_levels, num_bins;
  bool stochastic, constant_hessian;
};

// Rounds one row. Draws are 16-bit uniforms from one 32-bit hash of (key, row): the rounding
// bias this leaves is below 2^-16 of a level, far under the rounding noise itself.
inline uint16_t RoundRow(const RoundingPlan& p, int64_t r) {
  const uint32_t bits = RandomBits32(p.key, static_cast<uint32_t>(r + p.row_offset));
  constexpr float kInv16 = 1.0f / 65536.0f;
  const float ug = p.stochastic ? static_cast<float>(bits >> 16) * kInv16 : 0.5f;
  const float uh = p.stochastic ? static_cast<float>(bits & 0xFFFFu) * kInv16 : 0.5f;
  const float x = p.grad[r] * p.inv_g;
  int qg = static_cast<int>(std::fabs(x) + ug);
  qg = qg > p.grad_levels ? p.grad_levels : qg;
  qg = x < 0.0f ? -qg : qg;
  // Hessians are >= 0; constant-hessian objectives count rows (hessian level 1).
  int qh = static_cast<int>(p.hess[r] * p.inv_h + uh);
  qh = qh > p.num_bins ? p.num_bins : qh;
  qh = p.constant_hessian ? 1 : qh;
  return static_cast<uint16_t>((qg & 0xFF) << 8 | qh);
}

// Rows [begin, end) of the list `rows`, or rows begin..end-1 when `rows` is null. Compiled for
// AVX2 as well as the baseline, picked at run time: the contiguous loop vectorises, and the
// integer hash and the float operations (no FMA) give the same bits on either path.
__attribute__((target_clones("avx2", "default"))) void RoundRows(const RoundingPlan p,
                                                                 const int32_t* rows, int64_t begin,
                                                                 int64_t end) {
  if (rows == nullptr) {
    for (int64_t i = begin; i < end; ++i) p.packed[i] = RoundRow(p, i);
  } else {
    for (int64_t i = begin; i < end; ++i) {
      const int64_t r = rows[i];
      p.packed[r] = RoundRow(p, r);
    }
  }
}

// The error for a row that FindMaxAbs flagged.
Status BadGradientError(std::span<const float> grad, std::span<const float> hess, int64_t row) {
  const size_t r = static_cast<size_t>(row);
  return Status::DataError(
      "the objective produced a non-finite gradient or a negative hessian at row " +
      std::to_string(row) + " (gradient " + std::to_string(grad[r]) + ", hessian " +
      std::to_string(hess[r]) + "); check the labels, weights and init scores");
}

// The same maxima on every machine: MAX is exact, so they equal one machine's over all rows.
Status AgreeMax(Communicator* comm, MaxAbs* max_abs) {
  if (comm == nullptr || comm->size() <= 1) return Status::Ok();
  double m[2] = {max_abs->grad, max_abs->hess};
  QGBM_RETURN_IF_ERROR(comm->AllreduceMax(m));
  max_abs->grad = m[0];
  max_abs->hess = m[1];
  return Status::Ok();
}

}  // namespace

Status GradientQuantizer::Quantize(std::span<const float> grad, std::span<const float> hess,
                                   std::span<const int32_t> rows, bool constant_hessian,
                                   uint64_t counter, int threads, std::span<uint16_t> packed,
                                   QuantScale* scale) const {
  const int num_bins = options_.num_bins;
  MaxAbs max_abs = FindMaxAbs(grad, hess, rows, threads);
  if (max_abs.bad_row >= 0) return BadGradientError(grad, hess, max_abs.bad_row);
  QGBM_RETURN_IF_ERROR(AgreeMax(comm_, &max_abs));
  const int grad_levels = num_bins / 2;
  scale->max_abs_grad = max_abs.grad;
  scale->max_hess = max_abs.hess;
  scale->num_bins = num_bins;
  scale->constant_hessian = constant_hessian;
  scale->grad_scale = max_abs.grad / grad_levels;
  scale->hess_scale = constant_hessian ? max_abs.hess : max_abs.hess / num_bins;
  // A zero scale (all gradients zero) quantizes everything to 0 instead of dividing by zero.
  const double inv_g = scale->grad_scale > 0.0 ? 1.0 / scale->grad_scale : 0.0;
  const double inv_h = scale->hess_scale > 0.0 ? 1.0 / scale->hess_scale : 0.0;
  // One 32-bit draw per row gives independent uniforms for its gradient and its hessian.
  const uint64_t key = RandomKey(options_.seed, RandomStream::kGradientRounding, counter);
  const int64_t n =
      rows.empty() ? static_cast<int64_t>(grad.size()) : static_cast<int64_t>(rows.size());
  const int64_t blocks = NumBlocks(n, 32768, 256);
  const RoundingPlan plan{grad.data(),
                          hess.data(),
                          packed.data(),
                          static_cast<float>(inv_g),
                          static_cast<float>(inv_h),
                          static_cast<uint32_t>(key ^ (key >> 32)),
                          row_offset_,
                          grad_levels,
                          num_bins,
                          options_.stochastic_rounding,
                          constant_hessian};
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    RoundRows(plan, rows.empty() ? nullptr : rows.data(), range.begin, range.end);
  });
  return Status::Ok();
}

Status GradientQuantizer::ToFixedPoint(std::span<const float> grad, std::span<const float> hess,
                                       std::span<const int32_t> rows, int64_t global_rows,
                                       int threads, std::span<int64_t> fixed_grad,
                                       std::span<int64_t> fixed_hess, QuantScale* scale) const {
  MaxAbs max_abs = FindMaxAbs(grad, hess, rows, threads);
  if (max_abs.bad_row >= 0) return BadGradientError(grad, hess, max_abs.bad_row);
  QGBM_RETURN_IF_ERROR(AgreeMax(comm_, &max_abs));
  const int k = FixedPointExponent(global_rows);
  scale->max_abs_grad = max_abs.grad;
  scale->max_hess = max_abs.hess;
  scale->num_bins = 0;
  scale->constant_hessian = false;  // counts come from hessian sums, as in full precision
  scale->grad_scale = std::ldexp(max_abs.grad, -k);
  scale->hess_scale = std::ldexp(max_abs.hess, -k);
  const double to_g = FixedPointFactor(max_abs.grad, k);
  const double to_h = FixedPointFactor(max_abs.hess, k);
  const int64_t n =
      rows.empty() ? static_cast<int64_t>(grad.size()) : static_cast<int64_t>(rows.size());
  const int64_t blocks = NumBlocks(n, 32768, 256);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t i = range.begin; i < range.end; ++i) {
      const auto r =
          rows.empty() ? static_cast<size_t>(i) : static_cast<size_t>(rows[static_cast<size_t>(i)]);
      fixed_grad[r] = RoundScaled(static_cast<double>(grad[r]) * to_g);
      fixed_hess[r] = RoundScaled(static_cast<double>(hess[r]) * to_h);
    }
  });
  return Status::Ok();
}

}  // namespace qgbm
