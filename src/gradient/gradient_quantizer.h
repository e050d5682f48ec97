// GradientQuantizer: rounds each row's float gradient and hessian to a few integer levels.
//
// Glossary
//   B            num_grad_quant_bins (2..127); gradients land in [-floor(B/2), floor(B/2)],
//                hessians in [0, B] (a "b-bit" setting of the paper is B = 2^b - 2)
//   scale        float value of one integer step: grad_scale = max|g| / floor(B/2),
//                hess_scale = max|h| / B, both over the rows the tree is grown on
//   packed row   one uint16 per row: hessian in the low byte (unsigned), gradient in the high
//                byte (signed); see gradient/packed.h for the histogram encodings
//   constant     objectives whose hessian is the same for every row (L2 without weights) store
//   hessian      h = 1 per row, so integer hessian sums count rows exactly
// Rounding is stochastic by default: floor(|x| + u) with u drawn from a counter-based hash of
// (seed, iteration, class, global row id), so the result is unbiased and does not depend on the
// thread count or on how rows are split across machines.
#pragma once

#include <cstdint>
#include <span>

#include "qgbm/status.h"

#include "collective/communicator.h"

namespace qgbm {

struct QuantizerOptions {
  int num_bins = 4;
  bool stochastic_rounding = true;
  uint64_t seed = 0;
};

struct QuantScale {
  double grad_scale = 0.0;
  double hess_scale = 0.0;
  // max |g| and max h over the tree's rows (on every machine): the bounds that fixed-point
  // sums of the float gradients scale by.
  double max_abs_grad = 0.0;
  double max_hess = 0.0;
  int num_bins = 4;
  bool constant_hessian = false;
};

class GradientQuantizer {
 public:
  // Data-parallel training: `comm` agrees the scales across machines (max over all rows) and
  // row r of this machine is global row row_offset + r for the random draws. nullptr: one
  // machine.
  explicit GradientQuantizer(QuantizerOptions options, Communicator* comm = nullptr,
                             int64_t row_offset = 0)
      : options_(options), comm_(comm), row_offset_(row_offset) {}

  // Quantizes rows `rows` (all rows when empty) of grad/hess into packed[row]. `counter`
  // identifies the tree (iteration * num_outputs + output). Non-finite gradients are an error.
  Status Quantize(std::span<const float> grad, std::span<const float> hess,
                  std::span<const int32_t> rows, bool constant_hessian, uint64_t counter,
                  int threads, std::span<uint16_t> packed, QuantScale* scale) const;

  // Full precision as exact integers, for data-parallel training without quantized gradients:
  // each row's gradient and hessian rounded to the nearest multiple of (max over all machines'
  // rows) / 2^k, k = FixedPointExponent(global_rows) (common/fixed_point.h), so sums of any rows
  // fit in 62 bits and add up exactly in any order or split across machines. With 3M rows the
  // step is 2^-40 of the largest value, far below float precision. scale: the steps
  // (num_bins 0: no packed words). Non-finite gradients are an error, as in Quantize.
  Status ToFixedPoint(std::span<const float> grad, std::span<const float> hess,
                      std::span<const int32_t> rows, int64_t global_rows, int threads,
                      std::span<int64_t> fixed_grad, std::span<int64_t> fixed_hess,
                      QuantScale* scale) const;

  const QuantizerOptions& options() const { return options_; }

 private:
  QuantizerOptions options_;
  Communicator* comm_;
  int64_t row_offset_;
};

}  // namespace qgbm
