#include "c_api/c_api_error.h"

#include <string>

#include "qgbm/c_api.h"

#include "common/logger.h"

namespace qgbm::capi {

thread_local std::string last_error;

void SetLastError(const std::string& message) { last_error = message; }

}  // namespace qgbm::capi

extern "C" const char* QGBM_GetLastError(void) { return qgbm::capi::last_error.c_str(); }

extern "C" int QGBM_RegisterLogCallback(void (*callback)(int level, const char* message)) {
  qgbm::GlobalLogCallback().store(callback);
  return 0;
}
