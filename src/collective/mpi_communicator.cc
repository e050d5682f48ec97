#include "collective/mpi_communicator.h"

#ifdef QGBM_USE_MPI
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#endif

namespace qgbm {

#ifndef QGBM_USE_MPI

bool MpiAvailable() { return false; }

StatusOr<std::unique_ptr<Communicator>> CreateMpiCommunicator() {
  return Status::Unavailable(
      "this build has no MPI: configure with -DQGBM_USE_MPI=ON (Debian: libopenmpi-dev)");
}

#else

namespace {

Status MpiStatus(int code, const char* operation) {
  if (code == MPI_SUCCESS) return Status::Ok();
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return Status::Unavailable(std::string("MPI ") + operation +
                             " failed: " + std::string(text, static_cast<size_t>(length)));
}

// Counts and displacements of MPI calls are ints.
bool FitsInt(size_t n) { return n <= static_cast<size_t>(std::numeric_limits<int>::max()); }

class MpiCommunicator final : public Communicator {
 public:
  explicit MpiCommunicator(MPI_Comm comm) : comm_(comm) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
  }
  ~MpiCommunicator() override {
    // A communicator kept until exit may outlive MPI itself (finalised by an atexit handler).
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Comm_free(&comm_);
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string name() const override { return "mpi"; }

  Status AllreduceSum(std::span<int32_t> data) override {
    return Allreduce(data.data(), data.size(), MPI_INT32_T, MPI_SUM, "allreduce");
  }
  Status AllreduceSum(std::span<int64_t> data) override {
    return Allreduce(data.data(), data.size(), MPI_INT64_T, MPI_SUM, "allreduce");
  }
  Status AllreduceMax(std::span<double> data) override {
    for (double v : data) {
      if (std::isnan(v))
        return Status::InvalidArgument("allreduce max: NaN on rank " + std::to_string(rank_));
    }
    return Allreduce(data.data(), data.size(), MPI_DOUBLE, MPI_MAX, "allreduce max");
  }

  Status Allgather(std::span<const uint8_t> mine, std::vector<std::vector<uint8_t>>* all) override {
    if (!FitsInt(mine.size())) return Status::InvalidArgument("allgather: message over 2 GiB");
    int length = static_cast<int>(mine.size());
    std::vector<int> lengths(static_cast<size_t>(size_));
    QGBM_RETURN_IF_ERROR(MpiStatus(
        MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, comm_), "allgather"));
    std::vector<int> offsets(static_cast<size_t>(size_));
    size_t total = 0;
    for (int r = 0; r < size_; ++r) {
      offsets[static_cast<size_t>(r)] = static_cast<int>(total);
      total += static_cast<size_t>(lengths[static_cast<size_t>(r)]);
      if (!FitsInt(total)) return Status::InvalidArgument("allgather: messages over 2 GiB");
    }
    std::vector<uint8_t> buffer(total);
    QGBM_RETURN_IF_ERROR(MpiStatus(MPI_Allgatherv(mine.data(), length, MPI_BYTE, buffer.data(),
                                                  lengths.data(), offsets.data(), MPI_BYTE, comm_),
                                   "allgather"));
    CountSent(length);
    all->assign(static_cast<size_t>(size_), {});
    for (int r = 0; r < size_; ++r) {
      const auto begin = buffer.begin() + offsets[static_cast<size_t>(r)];
      (*all)[static_cast<size_t>(r)].assign(begin, begin + lengths[static_cast<size_t>(r)]);
    }
    return Status::Ok();
  }

  Status Broadcast(int root, std::vector<uint8_t>* bytes) override {
    if (root < 0 || root >= size_)
      return Status::InvalidArgument("broadcast root " + std::to_string(root) + " is not a rank");
    if (!FitsInt(bytes->size())) return Status::InvalidArgument("broadcast: message over 2 GiB");
    int64_t length = static_cast<int64_t>(bytes->size());
    QGBM_RETURN_IF_ERROR(MpiStatus(MPI_Bcast(&length, 1, MPI_INT64_T, root, comm_), "broadcast"));
    bytes->resize(static_cast<size_t>(length));
    QGBM_RETURN_IF_ERROR(MpiStatus(
        MPI_Bcast(bytes->data(), static_cast<int>(length), MPI_BYTE, root, comm_), "broadcast"));
    if (rank_ == root) CountSent(length);
    return Status::Ok();
  }

  Status Barrier() override { return MpiStatus(MPI_Barrier(comm_), "barrier"); }

  void Abort(const std::string& reason) override {
    std::fprintf(stderr, "[qgbm] [Fatal] rank %d of %d stops the job: %s\n", rank_, size_,
                 reason.c_str());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }

 private:
  Status Allreduce(void* data, size_t count, MPI_Datatype type, MPI_Op op, const char* operation) {
    if (!FitsInt(count))
      return Status::InvalidArgument(std::string(operation) + ": over 2^31 values");
    int type_size = 0;
    MPI_Type_size(type, &type_size);
    // Every rank must pass the same length: check it first, so a mismatch is an error on every
    // rank instead of undefined behaviour inside MPI.
    const auto mine = static_cast<int64_t>(count);
    int64_t lengths[2] = {mine, -mine};
    QGBM_RETURN_IF_ERROR(
        MpiStatus(MPI_Allreduce(MPI_IN_PLACE, lengths, 2, MPI_INT64_T, MPI_MAX, comm_), operation));
    if (lengths[0] != -lengths[1]) {
      return Status::InvalidArgument(std::string(operation) + ": ranks passed different lengths (" +
                                     std::to_string(-lengths[1]) + " to " +
                                     std::to_string(lengths[0]) + " values)");
    }
    QGBM_RETURN_IF_ERROR(MpiStatus(
        MPI_Allreduce(MPI_IN_PLACE, data, static_cast<int>(count), type, op, comm_), operation));
    CountSent(mine * type_size);
    return Status::Ok();
  }

  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
};

void FinalizeAtExit() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

}  // namespace

bool MpiAvailable() { return true; }

StatusOr<std::unique_ptr<Communicator>> CreateMpiCommunicator() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    int provided = 0;
    QGBM_RETURN_IF_ERROR(
        MpiStatus(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "init"));
    std::atexit(FinalizeAtExit);
  }
  MPI_Comm comm;
  QGBM_RETURN_IF_ERROR(MpiStatus(MPI_Comm_dup(MPI_COMM_WORLD, &comm), "comm_dup"));
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
  return std::unique_ptr<Communicator>(new MpiCommunicator(comm));
}

#endif

}  // namespace qgbm
