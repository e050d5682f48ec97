// Tree constraints as the user writes them (LightGBM's syntax) turned into numbers: one parser
// per parameter, and the check against the number of features once the data is known.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qgbm/params.h"
#include "qgbm/status.h"

namespace qgbm {

// monotone_constraints: every item is -1, 0 or 1, the list optionally in parentheses or brackets
// (XGBoost's "(1,0,-1)"); empty stays empty.
StatusOr<std::vector<int8_t>> ParseMonotoneConstraints(const std::vector<std::string>& items);

// interaction_constraints: "[0,1,2],[2,3]" (spaces allowed, the outer brackets of
// "[[0,1],[2]]" too) -> {{0,1,2},{2,3}}; each set sorted, without repeats. "" -> {}.
StatusOr<std::vector<std::vector<int>>> ParseInteractionConstraints(const std::string& text);

// The syntax and value checks of both constraints plus grow_policy's need for max_depth.
Status ValidateTreeConstraints(const TreeParams& tree);

// Once the number of features is known: one monotone entry per feature, interaction indices
// below it. `source` names the data in the message.
Status CheckConstraintsFitFeatures(const TreeParams& tree, int num_features,
                                   const std::string& source);

}  // namespace qgbm
