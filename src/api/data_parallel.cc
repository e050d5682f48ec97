#include "api/data_parallel.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "collective/mpi_communicator.h"

namespace qgbm {
namespace {

// First row of machine r's share of `rows`: the even split point, moved up to the next group
// start when groups are given (ends[i] = first row after group i).
int64_t ShareStart(int64_t rows, int rank, int size, const std::vector<int64_t>& group_ends) {
  const int64_t even = rows * rank / size;
  if (group_ends.empty() || rank == 0) return even;
  const auto it = std::lower_bound(group_ends.begin(), group_ends.end(), even);
  return it == group_ends.end() ? rows : *it;
}

}  // namespace

bool WantsDataParallel(const Params& params) {
  return params.system.tree_learner == "data" || params.system.num_machines > 1;
}

StatusOr<std::unique_ptr<Communicator>> OpenDataParallel(const Params& params) {
  if (!MpiAvailable()) {
    return Status::Unavailable(
        "tree_learner=data with num_machines=" + std::to_string(params.system.num_machines) +
        " needs a build with MPI (cmake -DQGBM_USE_MPI=ON; Debian: libopenmpi-dev openmpi-bin)");
  }
  QGBM_ASSIGN_OR_RETURN(std::unique_ptr<Communicator> comm, CreateMpiCommunicator());
  const int want = params.system.num_machines;
  if (comm->size() != want) {
    if (comm->size() == 1) {
      return Status::InvalidArgument(
          "num_machines=" + std::to_string(want) +
          " but this process is alone: start one process per machine with mpirun -np " +
          std::to_string(want) + " (see docs/distributed.md)");
    }
    return Status::InvalidArgument("num_machines=" + std::to_string(want) + " but mpirun started " +
                                   std::to_string(comm->size()) + " processes");
  }
  return comm;
}

std::string RankPath(const std::string& path, int rank) {
  std::string out = path;
  const std::string key = "{rank}";
  for (size_t at = out.find(key); at != std::string::npos; at = out.find(key, at))
    out.replace(at, key.size(), std::to_string(rank));
  return out;
}

RawData KeepShare(RawData&& raw, int rank, int size) {
  const int64_t rows = raw.num_rows;
  std::vector<int64_t> group_ends;
  int64_t end = 0;
  for (int32_t g : raw.group_sizes) group_ends.push_back(end += g);
  const int64_t begin = ShareStart(rows, rank, size, group_ends);
  const int64_t stop = rank + 1 == size ? rows : ShareStart(rows, rank + 1, size, group_ends);
  RawData part = std::move(raw);
  const auto nf = static_cast<size_t>(part.num_features);
  const auto b = static_cast<size_t>(begin), e = static_cast<size_t>(std::max(begin, stop));
  part.values = std::vector<float>(part.values.begin() + static_cast<ptrdiff_t>(b * nf),
                                   part.values.begin() + static_cast<ptrdiff_t>(e * nf));
  if (!part.labels.empty())
    part.labels = std::vector<float>(part.labels.begin() + static_cast<ptrdiff_t>(b),
                                     part.labels.begin() + static_cast<ptrdiff_t>(e));
  if (!part.weights.empty())
    part.weights = std::vector<float>(part.weights.begin() + static_cast<ptrdiff_t>(b),
                                      part.weights.begin() + static_cast<ptrdiff_t>(e));
  if (!part.init_scores.empty()) {  // output-major: the share of each output's block
    const size_t k = part.init_scores.size() / static_cast<size_t>(rows);
    std::vector<double> kept;
    for (size_t c = 0; c < k; ++c) {
      const auto block =
          part.init_scores.begin() + static_cast<ptrdiff_t>(c * static_cast<size_t>(rows));
      kept.insert(kept.end(), block + static_cast<ptrdiff_t>(b), block + static_cast<ptrdiff_t>(e));
    }
    part.init_scores = std::move(kept);
  }
  if (!part.group_sizes.empty()) {
    std::vector<int32_t> kept;
    int64_t at = 0;
    for (int32_t g : part.group_sizes) {
      if (at >= begin && at < stop) kept.push_back(g);
      at += g;
    }
    part.group_sizes = std::move(kept);
  }
  part.num_rows = static_cast<int64_t>(e - b);
  part.source += " (machine " + std::to_string(rank) + "'s rows " + std::to_string(begin) + ".." +
                 std::to_string(e) + ")";
  return part;
}

}  // namespace qgbm
