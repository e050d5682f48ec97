#include "common/thread_pool.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace qgbm {
namespace {

thread_local int t_thread_index = 0;
thread_local bool t_in_job = false;

// Spins of a worker waiting for a job before it sleeps, and of a caller waiting for a worker to
// finish before it yields: about 20-50 microseconds, longer than the gap between the regions of
// one split and far shorter than a scheduler time slice.
constexpr int kSpins = 20000;

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

}  // namespace

// A worker's mailbox: nullptr (idle), a Job* (offered), kTaken (running it) or kStop.
struct ThreadPool::Worker {
  std::atomic<void*> mailbox{nullptr};
  std::thread thread;
  int index = 0;
};

namespace {
void* const kTaken = reinterpret_cast<void*>(uintptr_t{1});
void* const kStop = reinterpret_cast<void*>(uintptr_t{2});
}  // namespace

ThreadPool& ThreadPool::Instance() {
  static ThreadPool pool;
  return pool;
}

ThreadPool::~ThreadPool() {
  for (auto& w : workers_) {
    w->mailbox.store(kStop, std::memory_order_release);
    w->mailbox.notify_one();
  }
  for (auto& w : workers_) w->thread.join();
}

int ThreadPool::CurrentThreadIndex() { return t_thread_index; }

void ThreadPool::EnsureWorkers(int count) {
  while (static_cast<int>(workers_.size()) < count) {
    auto w = std::make_unique<Worker>();
    w->index = static_cast<int>(workers_.size()) + 1;
    w->thread = std::thread(&ThreadPool::WorkerLoop, w.get());
    workers_.push_back(std::move(w));
  }
}

void ThreadPool::RunItems(Job* job) {
  for (;;) {
    const int64_t i = job->next.fetch_add(1, std::memory_order_relaxed);
    if (i >= job->n) return;
    job->body(job->context, i);
  }
}

void ThreadPool::WorkerLoop(Worker* worker) {
  t_thread_index = worker->index;
  t_in_job = true;  // a worker never starts nested jobs
  for (;;) {
    void* offer = worker->mailbox.load(std::memory_order_acquire);
    for (int spin = 0; offer == nullptr && spin < kSpins; ++spin) {
      CpuRelax();
      offer = worker->mailbox.load(std::memory_order_acquire);
    }
    if (offer == nullptr) {
      worker->mailbox.wait(nullptr, std::memory_order_acquire);
      continue;
    }
    if (offer == kStop) return;
    if (offer == kTaken) continue;  // cannot happen: only this thread sets kTaken
    // Take the job unless the caller revoked it meanwhile.
    if (!worker->mailbox.compare_exchange_strong(offer, kTaken, std::memory_order_acquire)) {
      continue;
    }
    RunItems(static_cast<Job*>(offer));
    worker->mailbox.store(nullptr, std::memory_order_release);
  }
}

void ThreadPool::Run(int64_t n, int threads, Body body, void* context) {
  std::unique_lock<std::mutex> lock(busy_, std::try_to_lock);
  if (t_in_job || !lock.owns_lock() || threads <= 1 || n <= 1) {
    for (int64_t i = 0; i < n; ++i) body(context, i);
    return;
  }
  const int helpers = static_cast<int>(std::min<int64_t>(threads, n)) - 1;
  EnsureWorkers(helpers);
  Job job{body, context, n};
  for (int k = 0; k < helpers; ++k) {
    Worker* w = workers_[static_cast<size_t>(k)].get();
    w->mailbox.store(&job, std::memory_order_release);
    w->mailbox.notify_one();
  }
  t_in_job = true;
  RunItems(&job);
  t_in_job = false;
  // Every item is claimed. Revoke the offer from workers that did not take it; wait for the
  // ones running an item (they are on a CPU, or were preempted mid-item).
  for (int k = 0; k < helpers; ++k) {
    Worker* w = workers_[static_cast<size_t>(k)].get();
    void* expected = &job;
    if (w->mailbox.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel)) continue;
    for (int spin = 0; w->mailbox.load(std::memory_order_acquire) != nullptr; ++spin) {
      if (spin < kSpins) {
        CpuRelax();
      } else {
        std::this_thread::yield();
      }
    }
  }
}

}  // namespace qgbm
