// Gathers of plain values in rank order (rank 0's values first), for reductions that must not
// depend on how MPI combines partial results: every rank gets all values and reduces them in
// the same fixed order.
#pragma once

#include <cstring>
#include <span>
#include <type_traits>
#include <vector>

#include "collective/communicator.h"

namespace qgbm {

// Every rank's `mine`, concatenated in rank order, on every rank.
template <class T>
StatusOr<std::vector<T>> GatherInRankOrder(Communicator& comm, std::span<const T> mine) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::vector<std::vector<uint8_t>> all;
  QGBM_RETURN_IF_ERROR(comm.Allgather(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(mine.data()), mine.size_bytes()),
      &all));
  std::vector<T> out;
  for (const std::vector<uint8_t>& bytes : all) {
    if (bytes.size() % sizeof(T) != 0)
      return Status::Internal("a rank sent a partial value (" + std::to_string(bytes.size()) +
                              " bytes)");
    const size_t at = out.size();
    out.resize(at + bytes.size() / sizeof(T));
    if (!bytes.empty()) std::memcpy(out.data() + at, bytes.data(), bytes.size());
  }
  return out;
}

}  // namespace qgbm
