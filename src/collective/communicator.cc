#include "collective/communicator.h"

#include <cstring>

namespace qgbm {

StatusOr<double> SumInRankOrder(Communicator& comm, double value) {
  uint8_t bytes[sizeof(double)];
  std::memcpy(bytes, &value, sizeof(double));
  std::vector<std::vector<uint8_t>> all;
  QGBM_RETURN_IF_ERROR(comm.Allgather(bytes, &all));
  double sum = 0.0;
  for (const std::vector<uint8_t>& b : all) {
    if (b.size() != sizeof(double))
      return Status::Internal("SumInRankOrder: a rank sent " + std::to_string(b.size()) + " bytes");
    double v;
    std::memcpy(&v, b.data(), sizeof(double));
    sum += v;
  }
  return sum;
}

}  // namespace qgbm
