// Accepted values of the string parameters, with LightGBM's value aliases. Each list lives here
// and only here: enabling a new objective (say multiclass) means making its entry available.
#pragma once

#include <string>
#include <string_view>

#include "config/param_visitor.h"

namespace qgbm {

const ChoiceList& TaskChoices();
const ChoiceList& BoostingChoices();
const ChoiceList& DataSampleStrategyChoices();
const ChoiceList& ObjectiveChoices();
const ChoiceList& TreeLearnerChoices();
const ChoiceList& DeviceChoices();
const ChoiceList& ModelFormatChoices();
const ChoiceList& GrowPolicyChoices();
const ChoiceList& MonotoneMethodChoices();

// LightGBM's metric aliases mapped to canonical names (case-insensitive); "none", "na", "null"
// and "custom" all become "none"; any other name is returned trimmed and unchanged, so that the
// metric factory, not the parser, decides which metrics exist.
std::string CanonicalMetricName(std::string_view name);

}  // namespace qgbm
