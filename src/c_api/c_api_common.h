// Helpers every C API file uses: argument errors, parameter text, string-list outputs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "qgbm/params.h"
#include "qgbm/status.h"

namespace qgbm::capi {

// -1 with "argument '<name>' is null".
int FailNull(const char* name);

// LightGBM-style "key=value key=value ..." text (NULL = none) applied to default Params and
// validated: unknown names, bad values and conflicting settings are errors naming the parameter.
StatusOr<Params> ParseParameters(const char* parameters);

// The string-list output shape of QGBM_BoosterGetFeatureNames: *out_len = names.size(),
// *out_buffer_len = the longest name + 1; names copied (NUL-terminated, cut to buffer_len - 1
// bytes) into out_strs[i] for i < min(len, names.size()). Checks its pointer arguments.
int CopyStrings(const std::vector<std::string>& names, int len, int* out_len, size_t buffer_len,
                size_t* out_buffer_len, char** out_strs);

}  // namespace qgbm::capi
