// Checks every MpiCommunicator collective on however many processes mpirun starts: exit 0 when
// all results are right on this rank, else 1 with a message. Run by the mpi-labelled tests.
#include <cstdio>
#include <vector>

#include "collective/mpi_communicator.h"

namespace {

qgbm::Status Check(qgbm::Communicator& c) {
  const int n = c.size();
  std::vector<int64_t> v = {c.rank(), int64_t{1} << 40, -3};
  QGBM_RETURN_IF_ERROR(c.AllreduceSum(std::span<int64_t>(v)));
  if (v[0] != int64_t{n} * (n - 1) / 2 || v[1] != n * (int64_t{1} << 40) || v[2] != -3 * n)
    return qgbm::Status::Internal("int64 sum");
  std::vector<int32_t> w = {1, c.rank()};
  QGBM_RETURN_IF_ERROR(c.AllreduceSum(std::span<int32_t>(w)));
  if (w[0] != n) return qgbm::Status::Internal("int32 sum");
  std::vector<double> m = {0.5 * c.rank()};
  QGBM_RETURN_IF_ERROR(c.AllreduceMax(std::span<double>(m)));
  if (m[0] != 0.5 * (n - 1)) return qgbm::Status::Internal("max");
  std::vector<uint8_t> mine(static_cast<size_t>(c.rank() + 1), static_cast<uint8_t>(c.rank()));
  std::vector<std::vector<uint8_t>> all;
  QGBM_RETURN_IF_ERROR(c.Allgather(mine, &all));
  for (int r = 0; r < n; ++r) {
    if (all[static_cast<size_t>(r)] !=
        std::vector<uint8_t>(static_cast<size_t>(r + 1), static_cast<uint8_t>(r)))
      return qgbm::Status::Internal("allgather");
  }
  std::vector<uint8_t> b = c.rank() == 0 ? std::vector<uint8_t>{7, 8} : std::vector<uint8_t>{};
  QGBM_RETURN_IF_ERROR(c.Broadcast(0, &b));
  if (b != std::vector<uint8_t>{7, 8}) return qgbm::Status::Internal("broadcast");
  // Different lengths: an error on every rank, not a crash.
  std::vector<int64_t> odd(static_cast<size_t>(c.rank() == 0 ? 2 : 3));
  if (n > 1 && c.AllreduceSum(std::span<int64_t>(odd)).ok())
    return qgbm::Status::Internal("length mismatch not reported");
  auto s = qgbm::SumInRankOrder(c, 0.1 * (c.rank() + 1));
  if (!s.ok()) return s.status();
  double expected = 0.0;
  for (int r = 0; r < n; ++r) expected += 0.1 * (r + 1);
  if (*s != expected) return qgbm::Status::Internal("sum in rank order");
  return c.Barrier();
}

}  // namespace

int main() {
  auto comm = qgbm::CreateMpiCommunicator();
  if (!comm.ok()) {
    std::fprintf(stderr, "%s\n", comm.status().message().c_str());
    return 1;
  }
  const qgbm::Status st = Check(**comm);
  if (!st.ok()) {
    std::fprintf(stderr, "rank %d: %s\n", (*comm)->rank(), st.message().c_str());
    return 1;
  }
  std::printf("rank %d of %d: all collectives right\n", (*comm)->rank(), (*comm)->size());
  return 0;
}
