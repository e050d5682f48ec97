// Helpers every C API file uses: argument errors, parameter text, string-list outputs.
#pragma once

#include <cstddef>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "qgbm/params.h"
#include "qgbm/status.h"

#include "collective/communicator.h"
#include "config/config_parser.h"

namespace qgbm::capi {

// -1 with "argument '<name>' is null".
int FailNull(const char* name);

// -1 with `message` as the last error.
int FailMessage(const std::string& message);

// Runs `body` (returning 0 or -1); an allocation that fails (sizes come from the caller) becomes
// -1 with a message instead of an exception crossing the C boundary.
template <class Body>
int Guarded(const char* what, Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return FailMessage(std::string(what) + ": out of memory");
  } catch (const std::exception& e) {
    return FailMessage(std::string(what) + ": " + e.what());
  }
}

// LightGBM-style "key=value key=value ..." text (NULL = none) applied to default Params and
// validated: unknown names, bad values and conflicting settings are errors naming the parameter.
StatusOr<Params> ParseParameters(const char* parameters);
// The same text as key/value pairs, not applied (to apply on top of other parameters).
StatusOr<KeyValues> ParseParameterText(const char* parameters);

// Data-parallel training from a binding (tree_learner=data, e.g. `mpirun -np N python ...`):
// the process's MPI communicator, opened on first use and checked against num_machines; null
// when the parameters do not ask for data-parallel training (or ask for one machine in a build
// without MPI). Every process passes its own rows.
StatusOr<Communicator*> DataParallelComm(const Params& params);

// The string-list output shape of QGBM_BoosterGetFeatureNames: *out_len = names.size(),
// *out_buffer_len = the longest name + 1; names copied (NUL-terminated, cut to buffer_len - 1
// bytes) into out_strs[i] for i < min(len, names.size()). Checks its pointer arguments.
int CopyStrings(const std::vector<std::string>& names, int len, int* out_len, size_t buffer_len,
                size_t* out_buffer_len, char** out_strs);

}  // namespace qgbm::capi
