#include "c_api/c_api_common.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <sstream>

#include "api/data_parallel.h"
#include "c_api/c_api_error.h"
#include "collective/mpi_communicator.h"
#include "config/config_parser.h"

namespace qgbm::capi {

int FailNull(const char* name) {
  return Fail(Status::InvalidArgument(std::string("argument '") + name + "' is null"));
}

int FailMessage(const std::string& message) { return Fail(Status::Internal(message)); }

StatusOr<Communicator*> DataParallelComm(const Params& params) {
  if (!WantsDataParallel(params) || (params.system.num_machines == 1 && !MpiAvailable()))
    return nullptr;
  // One communicator per process (MPI is initialised once), kept until exit.
  static std::mutex mutex;
  static std::unique_ptr<Communicator> comm;
  const std::lock_guard<std::mutex> lock(mutex);
  if (comm == nullptr) {
    QGBM_ASSIGN_OR_RETURN(comm, OpenDataParallel(params));
  } else if (comm->size() != params.system.num_machines) {
    return Status::InvalidArgument("num_machines=" + std::to_string(params.system.num_machines) +
                                   " but this job has " + std::to_string(comm->size()) +
                                   " processes");
  }
  return comm.get();
}

StatusOr<KeyValues> ParseParameterText(const char* parameters) {
  std::istringstream in(parameters == nullptr ? "" : parameters);
  std::vector<std::string> tokens{"qgbm"};
  for (std::string token; in >> token;) tokens.push_back(token);
  std::vector<const char*> argv;
  for (const std::string& t : tokens) argv.push_back(t.c_str());
  return ParseCommandLineArgs(static_cast<int>(argv.size()), argv.data());
}

StatusOr<Params> ParseParameters(const char* parameters) {
  QGBM_ASSIGN_OR_RETURN(KeyValues kv, ParseParameterText(parameters));
  Params params;
  QGBM_RETURN_IF_ERROR(ApplyParams(kv, &params));
  QGBM_RETURN_IF_ERROR(ValidateParams(params));
  return params;
}

int CopyStrings(const std::vector<std::string>& names, int len, int* out_len, size_t buffer_len,
                size_t* out_buffer_len, char** out_strs) {
  if (out_len == nullptr) return FailNull("out_len");
  if (out_buffer_len == nullptr) return FailNull("out_buffer_len");
  if (len > 0 && out_strs == nullptr) return FailNull("out_strs");
  *out_len = static_cast<int>(names.size());
  *out_buffer_len = 1;
  for (const std::string& n : names) *out_buffer_len = std::max(*out_buffer_len, n.size() + 1);
  if (buffer_len == 0) return 0;
  const size_t copied = std::min(names.size(), static_cast<size_t>(std::max(len, 0)));
  for (size_t i = 0; i < copied; ++i) {
    if (out_strs[i] == nullptr) return FailNull("out_strs[i]");
    const size_t n = std::min(names[i].size(), buffer_len - 1);
    std::memcpy(out_strs[i], names[i].data(), n);
    out_strs[i][n] = '\0';
  }
  return 0;
}

}  // namespace qgbm::capi
