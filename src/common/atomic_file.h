// Atomic file writes: write to a temporary file beside the target, then rename over it, so a
// reader never sees a half-written model or prediction file.
#pragma once

#include <string>
#include <string_view>

#include "qgbm/status.h"

namespace qgbm {

Status WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace qgbm
