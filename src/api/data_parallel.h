// What the train job does differently under data-parallel training (tree_learner=data): open
// the machines' communicator, find each machine's files, keep each machine's share of rows.
#pragma once

#include <memory>
#include <string>

#include "qgbm/params.h"
#include "qgbm/status.h"

#include "collective/communicator.h"
#include "io/raw_data.h"

namespace qgbm {

// Whether the parameters ask for data-parallel training.
bool WantsDataParallel(const Params& params);

// The communicator of a data-parallel job (MPI), checked against num_machines: a job that asks
// for several machines but runs as one process (started without mpirun) is an error, as is a
// process count other than num_machines.
StatusOr<std::unique_ptr<Communicator>> OpenDataParallel(const Params& params);

// `path` with every "{rank}" replaced by `rank` (pre_partition: one file per machine).
std::string RankPath(const std::string& path, int rank);

// Machine `rank` of `size`'s share of a whole file's rows: consecutive rows, about rows/size of
// them, starting where the previous machine's end. Query groups are never cut: a share ends at
// the first group boundary at or after its even split point.
RawData KeepShare(RawData&& raw, int rank, int size);

}  // namespace qgbm
