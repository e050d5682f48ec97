// ParallelFor: the only place qgbm uses OpenMP pragmas (tools/ci checks this with grep).
//
// Work is split into contiguous chunks; callers that need results independent of the thread count
// must make each chunk's work depend only on its index range, never on which thread ran it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace qgbm {

int DefaultThreadCount();

// Index of the calling thread inside a ParallelFor body, in [0, threads): for per-thread scratch
// only (never for anything the result depends on). 0 outside parallel regions.
int CurrentThreadIndex();

// Calls fn(i) for i in [0, n) on `threads` threads with a static schedule.
template <class Fn>
void ParallelFor(int64_t n, int threads, Fn&& fn) {
  if (threads <= 1 || n <= 1) {
    for (int64_t i = 0; i < n; ++i) fn(i);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t i = 0; i < n; ++i) fn(i);
}

// Like ParallelFor but with dynamic scheduling, for uneven tasks (per-leaf or per-block work).
template <class Fn>
void ParallelForDynamic(int64_t n, int threads, Fn&& fn) {
  if (threads <= 1 || n <= 1) {
    for (int64_t i = 0; i < n; ++i) fn(i);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (int64_t i = 0; i < n; ++i) fn(i);
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
