#include "boosting/goss_sampler.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

#include "common/parallel_for.h"
#include "common/random.h"

namespace qgbm {

bool GossActive(int iteration, double learning_rate) {
  // LightGBM computes the warm-up length in float.
  return iteration >= static_cast<int>(1.0f / static_cast<float>(learning_rate));
}

namespace {

// Counts of a 16-bit key over the values that `take` accepts, one block per thread (integer
// counts come out the same however the rows are split).
template <class Take, class Key>
std::vector<int64_t> Count16(const std::vector<float>& values, int threads, Take take, Key key) {
  const auto n = static_cast<int64_t>(values.size());
  const int64_t blocks = std::max(1, threads);
  std::vector<std::vector<int64_t>> partial(static_cast<size_t>(blocks));
  ParallelFor(blocks, threads, [&](int64_t b) {
    std::vector<int64_t>& c = partial[static_cast<size_t>(b)];
    c.assign(65536, 0);
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t i = range.begin; i < range.end; ++i) {
      const uint32_t v = std::bit_cast<uint32_t>(values[static_cast<size_t>(i)]);
      if (take(v)) ++c[key(v)];
    }
  });
  std::vector<int64_t> total(65536, 0);
  for (const auto& c : partial)
    for (size_t j = 0; j < total.size(); ++j) total[j] += c[j];
  return total;
}

// The bucket holding the rank-th largest (rank >= 1) and the rank inside it.
std::pair<uint32_t, int64_t> BucketOfRank(const std::vector<int64_t>& counts, int64_t rank) {
  for (uint32_t bucket = 65535;; --bucket) {
    if (counts[bucket] >= rank || bucket == 0) return {bucket, rank};
    rank -= counts[bucket];
  }
}

// The k-th largest (1 <= k <= n) of non-negative floats: their bits order like the values, so
// a radix select on the top 16 bits, then on the low 16 bits inside that bucket, finds it
// exactly in two threaded passes.
float KthLargest(const std::vector<float>& values, int64_t k, int threads) {
  const auto [high, rank] = BucketOfRank(
      Count16(
          values, threads, [](uint32_t) { return true; }, [](uint32_t v) { return v >> 16; }),
      k);
  const uint32_t top_bits = high;  // a structured binding cannot be captured
  const uint32_t low =
      BucketOfRank(Count16(
                       values, threads, [&](uint32_t v) { return (v >> 16) == top_bits; },
                       [](uint32_t v) { return v & 0xFFFFu; }),
                   rank)
          .first;
  return std::bit_cast<float>((high << 16) | low);
}

}  // namespace

std::vector<int32_t> GossRows(std::span<float> grad, std::span<float> hess, int64_t rows,
                              int outputs, const GossOptions& options, uint64_t key, int threads) {
  // Reused across iterations. The workers must use the caller's vector: a thread_local named
  // inside the lambdas would be each worker's own, so bind a plain reference here.
  thread_local std::vector<float> scratch;
  std::vector<float>& size = scratch;
  size.assign(static_cast<size_t>(rows), 0.0f);
  const int64_t blocks = NumBlocks(rows, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(rows, blocks, b);
    for (int o = 0; o < outputs; ++o) {
      const size_t offset = static_cast<size_t>(o) * static_cast<size_t>(rows);
      for (int64_t r = range.begin; r < range.end; ++r) {
        const size_t i = offset + static_cast<size_t>(r);
        size[static_cast<size_t>(r)] += std::fabs(grad[i] * hess[i]);
      }
    }
  });
  const auto top =
      std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(rows) * options.top_rate));
  const auto other = static_cast<int64_t>(static_cast<double>(rows) * options.other_rate);
  std::vector<int32_t> kept;
  if (rows == 0 || top >= rows) {
    for (int64_t r = 0; r < rows; ++r) kept.push_back(static_cast<int32_t>(r));
    return kept;
  }
  const float threshold = KthLargest(size, top, threads);
  const double keep_other = static_cast<double>(other) / static_cast<double>(rows - top);
  const float amplify =
      other > 0 ? static_cast<float>(static_cast<double>(rows - top) / static_cast<double>(other))
                : 1.0f;
  // Each block first marks and scales its rows in a loop without branches (the draws are
  // unpredictable; 32-bit draws keep it vectorisable), then keeps the marked ones in order; the
  // blocks are joined in order.
  const auto key32 = static_cast<uint32_t>(key ^ (key >> 32));
  const auto keep_below = static_cast<uint32_t>(std::min(keep_other, 1.0) * 4294967295.0);
  std::vector<std::vector<int32_t>> parts(static_cast<size_t>(blocks));
  thread_local std::vector<uint8_t> flag_scratch;
  std::vector<uint8_t>& keep = flag_scratch;
  keep.resize(static_cast<size_t>(rows));
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(rows, blocks, b);
    for (int64_t r = range.begin; r < range.end; ++r) {
      const bool in_top = size[static_cast<size_t>(r)] >= threshold;
      const bool drawn = !in_top && RandomBits32(key32, static_cast<uint32_t>(r)) < keep_below;
      keep[static_cast<size_t>(r)] = static_cast<uint8_t>(in_top || drawn);
      const float scale = drawn ? amplify : 1.0f;
      for (int o = 0; o < outputs; ++o) {
        const size_t i =
            static_cast<size_t>(o) * static_cast<size_t>(rows) + static_cast<size_t>(r);
        grad[i] *= scale;
        hess[i] *= scale;
      }
    }
    std::vector<int32_t>& part = parts[static_cast<size_t>(b)];
    part.resize(static_cast<size_t>(range.end - range.begin));
    int64_t count = 0;
    for (int64_t r = range.begin; r < range.end; ++r) {
      part[static_cast<size_t>(count)] = static_cast<int32_t>(r);
      count += keep[static_cast<size_t>(r)];
    }
    part.resize(static_cast<size_t>(count));
  });
  size_t total = 0;
  for (const auto& part : parts) total += part.size();
  kept.reserve(total);
  for (const auto& part : parts) kept.insert(kept.end(), part.begin(), part.end());
  return kept;
}

}  // namespace qgbm
