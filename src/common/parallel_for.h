// ParallelFor: the one way qgbm runs work on several threads (tools/ci checks that no OpenMP
// pragma appears anywhere else; there are none here either: see common/thread_pool.h).
//
// Callers that need results independent of the thread count must make each item's work depend
// only on its index, never on which thread ran it or in what order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "common/thread_pool.h"

namespace qgbm {

int DefaultThreadCount();

// Index of the calling thread inside a ParallelFor body, in [0, threads): for per-thread scratch
// only (never for anything the result depends on). 0 outside parallel regions.
int CurrentThreadIndex();

// Calls fn(i) for i in [0, n) on up to `threads` threads (the calling thread included). Items
// are claimed one at a time (see ThreadPool), so any thread may run any item.
template <class Fn>
void ParallelFor(int64_t n, int threads, Fn&& fn) {
  if (threads <= 1 || n <= 1) {
    for (int64_t i = 0; i < n; ++i) fn(i);
    return;
  }
  using F = std::remove_reference_t<Fn>;
  ThreadPool::Instance().Run(
      n, threads, [](void* f, int64_t i) { (*static_cast<F*>(f))(i); },
      const_cast<void*>(static_cast<const void*>(&fn)));
}

// Same as ParallelFor (kept for callers whose items are uneven: items are always claimed one by
// one, which balances them).
template <class Fn>
void ParallelForDynamic(int64_t n, int threads, Fn&& fn) {
  ParallelFor(n, threads, std::forward<Fn>(fn));
}

// Splits [0, n) into `blocks` contiguous ranges of near-equal size; block b is [begin, end).
struct BlockRange {
  int64_t begin;
  int64_t end;
};
inline BlockRange BlockOf(int64_t n, int64_t blocks, int64_t b) {
  const int64_t base = n / blocks, extra = n % blocks;
  const int64_t begin = b * base + (b < extra ? b : extra);
  return {begin, begin + base + (b < extra ? 1 : 0)};
}

// Number of blocks for `n` items of which each block should hold at least `min_per_block`,
// capped at `max_blocks`. Depends only on n, so results built per block are thread-count free.
inline int64_t NumBlocks(int64_t n, int64_t min_per_block, int64_t max_blocks) {
  int64_t b = n / (min_per_block > 0 ? min_per_block : 1);
  if (b < 1) b = 1;
  return b < max_blocks ? b : max_blocks;
}

}  // namespace qgbm
