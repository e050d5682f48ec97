// ThreadPool: the persistent worker threads behind ParallelFor.
//
// Why not OpenMP: an OpenMP region ends at a barrier that waits for every thread of the team,
// including one the OS has not scheduled yet. On a machine with any other busy process that
// costs a scheduler time slice (milliseconds) per region, and tree growth runs thousands of
// regions: training with 2 threads next to one busy process measured 14x slower than with 1.
// Here the calling thread takes part in the work and items are claimed one by one, so a
// region never waits for a worker that has not started: the caller revokes the job from such a
// worker and does the items itself. It only waits for workers that are running an item.
//
// Workers spin briefly for the next job (regions come microseconds apart while a tree grows),
// then sleep. A call from inside a job, or while another thread is using the pool, runs serially
// on the caller. Results never depend on which thread ran an item (ParallelFor's contract).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace qgbm {

class ThreadPool {
 public:
  // A call of body(context, i) per item; the pool never copies or owns the callable.
  using Body = void (*)(void* context, int64_t item);

  static ThreadPool& Instance();

  // Runs body(context, i) for every i in [0, n) on up to `threads` threads (the caller is one).
  void Run(int64_t n, int threads, Body body, void* context);

  // 0 on the calling thread of a job, 1.. on workers; 0 outside jobs.
  static int CurrentThreadIndex();

  ~ThreadPool();

 private:
  struct Job {
    Body body;
    void* context;
    int64_t n;
    std::atomic<int64_t> next{0};
  };
  struct Worker;

  ThreadPool() = default;
  void EnsureWorkers(int count);
  static void RunItems(Job* job);
  static void WorkerLoop(Worker* worker);

  std::mutex busy_;  // held by the thread whose job is running
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace qgbm
