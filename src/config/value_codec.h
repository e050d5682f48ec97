// Text <-> typed value for one parameter, with its constraint. The text form written by
// FormatValue parses back to the same value, so saved parameters round-trip exactly.
#pragma once

#include <string>
#include <string_view>

#include "qgbm/status.h"

#include "config/param_visitor.h"

namespace qgbm {

// "int", "int64", "double", "bool", "string" or "list" (comma-separated strings).
std::string_view TypeName(const FieldRef& field);

// Canonical text: shortest round-trip doubles, "true"/"false", lists joined by ','.
std::string FormatValue(const FieldRef& field);

// Parses `text` (already trimmed) into `field`, canonicalises choice and list values, and checks
// the constraint. Errors are kInvalidArgument naming spec.key, or kUnavailable for a known but
// unavailable choice; `field` is left unchanged on error.
Status ParseValue(const FieldSpec& spec, std::string_view text, const FieldRef& field);

// Lower-cases ASCII; keys stay case-sensitive, but choice values do not (as in LightGBM).
std::string ToLower(std::string_view s);
std::string_view Trim(std::string_view s);

}  // namespace qgbm
