// Communicator: the collective operations that data-parallel training synchronises through,
// passed explicitly to the code that needs them (no global network state).
//
// Every rank calls the same collectives in the same order. Sums are over integers only: integer
// addition is associative, so a sum has the same bits for any number of ranks, any row split and
// any algorithm the transport picks. Floating-point values cross ranks only as exact operations
// (MAX) or gathered in rank order, for the caller to reduce in a fixed order.
//
// Implementations: LocalCommunicator (one process, no-op), ThreadCommunicator (ranks as threads
// of one process, for tests without MPI) and MpiCommunicator (built with QGBM_USE_MPI). A failed
// collective returns an error on every rank that takes part in it; a rank that gives up calls
// Abort so that the others stop instead of waiting for it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "qgbm/status.h"

namespace qgbm {

class Communicator {
 public:
  virtual ~Communicator() = default;

  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Transport name for messages and logs ("local", "threads", "mpi").
  virtual std::string name() const = 0;

  // In place, element-wise sum over ranks; every rank passes the same length.
  virtual Status AllreduceSum(std::span<int32_t> data) = 0;
  virtual Status AllreduceSum(std::span<int64_t> data) = 0;
  // In place, element-wise maximum over ranks (exact for doubles). NaN is not allowed.
  virtual Status AllreduceMax(std::span<double> data) = 0;
  // Every rank's bytes (lengths may differ), in rank order, on every rank.
  virtual Status Allgather(std::span<const uint8_t> mine,
                           std::vector<std::vector<uint8_t>>* all) = 0;
  // root's bytes on every rank (*bytes is resized on the others).
  virtual Status Broadcast(int root, std::vector<uint8_t>* bytes) = 0;
  virtual Status Barrier() = 0;
  // Ends the job on every rank: used when this rank cannot go on, so that no rank waits forever
  // in a collective it will never join. `reason` is reported by the ranks that are stopped.
  virtual void Abort(const std::string& reason) = 0;

  // Bytes this rank has handed to collectives so far (payload only), for reports.
  int64_t bytes_sent() const { return bytes_sent_; }

 protected:
  void CountSent(int64_t bytes) { bytes_sent_ += bytes; }

 private:
  int64_t bytes_sent_ = 0;
};

// A sum of doubles that is the same on every rank and for a given rank order: each rank's value
// is gathered and added in rank order (MPI's floating-point allreduce depends on the algorithm).
StatusOr<double> SumInRankOrder(Communicator& comm, double value);

}  // namespace qgbm
