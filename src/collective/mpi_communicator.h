// MpiCommunicator: the collectives over MPI (built with QGBM_USE_MPI; standard MPI only, so Open
// MPI and MPICH both work). Integer sums use MPI_Allreduce with MPI_SUM on integer types, whose
// result does not depend on the algorithm MPI picks; nothing sums doubles through MPI.
//
// Errors are returned (MPI_ERRORS_RETURN on a duplicate of MPI_COMM_WORLD) with MPI's text.
// Abort prints the reason and calls MPI_Abort, which ends every rank of the job.
#pragma once

#include <memory>

#include "collective/communicator.h"

namespace qgbm {

// Whether this build has MPI.
bool MpiAvailable();

// Initialises MPI on first use (MPI_THREAD_FUNNELED: only the calling thread communicates) and
// finalises it at exit. Fails in a build without MPI.
StatusOr<std::unique_ptr<Communicator>> CreateMpiCommunicator();

}  // namespace qgbm
