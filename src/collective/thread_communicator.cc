#include "collective/thread_communicator.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace qgbm {

ThreadWorld::ThreadWorld(int size, std::chrono::milliseconds timeout)
    : size_(size), timeout_(timeout), slots_(static_cast<size_t>(size)) {}

Status ThreadWorld::Sync(int rank, const char* operation) {
  std::unique_lock<std::mutex> lock(mu_);
  auto aborted = [&] {
    return Status::Unavailable("rank " + std::to_string(rank) + " stopped in " + operation + ": " +
                               abort_reason_);
  };
  if (aborted_) return aborted();
  const uint64_t generation = generation_;
  if (++arrived_ == size_) {
    arrived_ = 0;
    ++generation_;
    cv_.notify_all();
    return Status::Ok();
  }
  const bool woke =
      cv_.wait_for(lock, timeout_, [&] { return generation_ != generation || aborted_; });
  if (generation_ != generation) return Status::Ok();
  if (!woke) {
    aborted_ = true;
    abort_reason_ = "rank " + std::to_string(rank) + " waited more than " +
                    std::to_string(timeout_.count()) + " ms for the other ranks in " + operation;
    cv_.notify_all();
  }
  return aborted();
}

void ThreadWorld::Abort(int rank, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (aborted_) return;
  aborted_ = true;
  abort_reason_ = "rank " + std::to_string(rank) + " aborted: " + reason;
  cv_.notify_all();
}

Status ThreadCommunicator::Post(const void* data, size_t bytes, const char* operation,
                                bool same_length) {
  world_->slots_[static_cast<size_t>(rank_)] = {data, bytes};
  QGBM_RETURN_IF_ERROR(world_->Sync(rank_, operation));
  if (!same_length) return Status::Ok();
  for (int r = 0; r < size(); ++r) {
    const size_t other = world_->slots_[static_cast<size_t>(r)].bytes;
    if (other != bytes) {
      // Every rank sees the same slots, so every rank returns this error: none is left waiting.
      return Status::InvalidArgument(std::string(operation) + ": rank " + std::to_string(r) +
                                     " passed " + std::to_string(other) + " bytes, rank " +
                                     std::to_string(rank_) + " " + std::to_string(bytes));
    }
  }
  return Status::Ok();
}

template <class T>
Status ThreadCommunicator::Reduce(std::span<T> data, const char* operation) {
  QGBM_RETURN_IF_ERROR(Post(data.data(), data.size_bytes(), operation, true));
  CountSent(static_cast<int64_t>(data.size_bytes()));
  std::vector<T> sum(data.size(), T{0});
  for (int r = 0; r < size(); ++r) {
    const T* other = static_cast<const T*>(world_->slots_[static_cast<size_t>(r)].data);
    for (size_t i = 0; i < sum.size(); ++i) sum[i] += other[i];
  }
  QGBM_RETURN_IF_ERROR(world_->Sync(rank_, operation));  // all have read every buffer
  std::copy(sum.begin(), sum.end(), data.begin());
  return Status::Ok();
}

Status ThreadCommunicator::AllreduceMax(std::span<double> data) {
  for (double v : data) {
    if (std::isnan(v))
      return Status::InvalidArgument("allreduce max: NaN on rank " + std::to_string(rank_));
  }
  QGBM_RETURN_IF_ERROR(Post(data.data(), data.size_bytes(), "allreduce max", true));
  CountSent(static_cast<int64_t>(data.size_bytes()));
  std::vector<double> best(data.begin(), data.end());
  for (int r = 0; r < size(); ++r) {
    const auto* other = static_cast<const double*>(world_->slots_[static_cast<size_t>(r)].data);
    for (size_t i = 0; i < best.size(); ++i) best[i] = std::max(best[i], other[i]);
  }
  QGBM_RETURN_IF_ERROR(world_->Sync(rank_, "allreduce max"));
  std::copy(best.begin(), best.end(), data.begin());
  return Status::Ok();
}

Status ThreadCommunicator::Allgather(std::span<const uint8_t> mine,
                                     std::vector<std::vector<uint8_t>>* all) {
  QGBM_RETURN_IF_ERROR(Post(mine.data(), mine.size(), "allgather", false));
  CountSent(static_cast<int64_t>(mine.size()));
  std::vector<std::vector<uint8_t>> out(static_cast<size_t>(size()));
  for (int r = 0; r < size(); ++r) {
    const auto& slot = world_->slots_[static_cast<size_t>(r)];
    const auto* p = static_cast<const uint8_t*>(slot.data);
    out[static_cast<size_t>(r)].assign(p, p + slot.bytes);
  }
  QGBM_RETURN_IF_ERROR(world_->Sync(rank_, "allgather"));
  *all = std::move(out);
  return Status::Ok();
}

Status ThreadCommunicator::Broadcast(int root, std::vector<uint8_t>* bytes) {
  if (root < 0 || root >= size())
    return Status::InvalidArgument("broadcast root " + std::to_string(root) + " is not a rank");
  QGBM_RETURN_IF_ERROR(Post(bytes->data(), bytes->size(), "broadcast", false));
  if (rank_ == root) CountSent(static_cast<int64_t>(bytes->size()));
  std::vector<uint8_t> copy;
  if (rank_ != root) {
    const auto& slot = world_->slots_[static_cast<size_t>(root)];
    const auto* p = static_cast<const uint8_t*>(slot.data);
    copy.assign(p, p + slot.bytes);
  }
  QGBM_RETURN_IF_ERROR(world_->Sync(rank_, "broadcast"));
  if (rank_ != root) *bytes = std::move(copy);
  return Status::Ok();
}

Status ThreadCommunicator::Barrier() { return world_->Sync(rank_, "barrier"); }

std::vector<Status> RunRanksAsThreads(int size, const std::function<Status(Communicator&)>& fn,
                                      std::chrono::milliseconds timeout) {
  ThreadWorld world(size, timeout);
  std::vector<Status> results(static_cast<size_t>(size));
  std::vector<std::thread> threads;
  for (int r = 0; r < size; ++r) {
    threads.emplace_back([&, r] {
      ThreadCommunicator comm(&world, r);
      Status st = fn(comm);
      if (!st.ok()) comm.Abort(st.message());
      results[static_cast<size_t>(r)] = std::move(st);
    });
  }
  for (std::thread& t : threads) t.join();
  return results;
}

}  // namespace qgbm
