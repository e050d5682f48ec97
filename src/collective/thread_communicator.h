// ThreadCommunicator: N ranks as threads of one process, sharing a ThreadWorld. A test double
// with the semantics of the MPI implementation (same collectives, results in rank order), so the
// "distributed gives the single-process model" tests run where MPI is absent.
//
// A collective is two rendezvous: every rank posts its buffer, then all read all buffers and
// meet again before anyone may touch its buffer or post the next one. A rank that waits longer
// than the world's timeout, or sees another rank Abort, gets an error instead of hanging.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "collective/communicator.h"

namespace qgbm {

class ThreadWorld {
 public:
  explicit ThreadWorld(int size, std::chrono::milliseconds timeout = std::chrono::seconds(60));
  int size() const { return size_; }

 private:
  friend class ThreadCommunicator;
  struct Slot {
    const void* data = nullptr;
    size_t bytes = 0;
  };
  // Waits until every rank has reached this point (or fails: timeout, abort).
  Status Sync(int rank, const char* operation);
  void Abort(int rank, const std::string& reason);

  const int size_;
  const std::chrono::milliseconds timeout_;
  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
  uint64_t generation_ = 0;
  bool aborted_ = false;
  std::string abort_reason_;
  std::vector<Slot> slots_;  // slot r is written by rank r only, before the first Sync
};

class ThreadCommunicator final : public Communicator {
 public:
  ThreadCommunicator(ThreadWorld* world, int rank) : world_(world), rank_(rank) {}

  int rank() const override { return rank_; }
  int size() const override { return world_->size(); }
  std::string name() const override { return "threads"; }
  Status AllreduceSum(std::span<int32_t> data) override { return Reduce(data, "allreduce"); }
  Status AllreduceSum(std::span<int64_t> data) override { return Reduce(data, "allreduce"); }
  Status AllreduceMax(std::span<double> data) override;
  Status Allgather(std::span<const uint8_t> mine, std::vector<std::vector<uint8_t>>* all) override;
  Status Broadcast(int root, std::vector<uint8_t>* bytes) override;
  Status Barrier() override;
  void Abort(const std::string& reason) override { world_->Abort(rank_, reason); }

 private:
  template <class T>
  Status Reduce(std::span<T> data, const char* operation);
  // Posts this rank's buffer and waits for all; fails when the lengths differ.
  Status Post(const void* data, size_t bytes, const char* operation, bool same_length);

  ThreadWorld* world_;
  int rank_;
};

// Runs fn once per rank, each on its own thread with its own communicator, and returns every
// rank's status (in rank order). A rank whose fn fails aborts the world, so the others stop.
std::vector<Status> RunRanksAsThreads(int size, const std::function<Status(Communicator&)>& fn,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace qgbm
