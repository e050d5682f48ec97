// The parameter table flattened into a lookup: each key and alias to its row, plus "did you mean"
// suggestions for unknown names. Built once from a default-constructed Params, immutable after.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/param_visitor.h"

namespace qgbm {

struct ParamInfo {
  FieldSpec spec;
  std::string_view type_name;
  std::string default_value;  // FormatValue of the member initialiser
  std::string_view group;     // title passed to ParamVisitor::BeginGroup
};

class ParamIndex {
 public:
  // The shared index; constructed on first use (thread-safe) and never modified afterwards.
  static const ParamIndex& Get();

  const std::vector<ParamInfo>& params() const { return params_; }
  // Row for a canonical key or an alias; nullptr when unknown.
  const ParamInfo* Find(std::string_view name) const;
  // Canonical key closest to `unknown` by edit distance over keys and aliases, or "" when no name
  // is close enough to be a plausible typo.
  std::string Suggest(std::string_view unknown) const;

 private:
  ParamIndex();

  std::vector<ParamInfo> params_;
  std::map<std::string, size_t, std::less<>> by_name_;  // key or alias -> index in params_
};

}  // namespace qgbm
