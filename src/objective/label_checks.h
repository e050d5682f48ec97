// Label checks shared by the objectives. Each names the objective, the rule and the first row
// that breaks it, so a user can find the bad line.
#pragma once

#include <string>

#include "qgbm/status.h"

#include "common/label_view.h"

namespace qgbm {

enum class LabelRule {
  kFinite,       // any finite number
  kNonNegative,  // >= 0 (counts: poisson, tweedie)
  kPositive,     // > 0 (gamma)
  kUnitInterval  // in [0, 1] (cross_entropy)
};

Status CheckLabelRule(const LabelView& data, const std::string& objective, LabelRule rule);

// Log-link losses (poisson, tweedie) start from log(mean label): all-zero labels have no model.
Status CheckLabelSumPositive(const LabelView& data, const std::string& objective);

}  // namespace qgbm
