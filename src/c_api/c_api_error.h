// Status → C API return code, with the message kept per thread for QGBM_GetLastError.
#pragma once

#include "qgbm/status.h"

namespace qgbm::capi {

void SetLastError(const std::string& message);
inline int Fail(const Status& status) {
  SetLastError(status.message());
  return -1;
}

}  // namespace qgbm::capi
