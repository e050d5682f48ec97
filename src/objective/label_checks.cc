#include "objective/label_checks.h"

#include <cmath>
#include <cstddef>

namespace qgbm {
namespace {

bool Satisfies(float label, LabelRule rule) {
  if (!std::isfinite(label)) return false;
  switch (rule) {
    case LabelRule::kFinite:
      return true;
    case LabelRule::kNonNegative:
      return label >= 0.0f;
    case LabelRule::kPositive:
      return label > 0.0f;
    case LabelRule::kUnitInterval:
      return label >= 0.0f && label <= 1.0f;
  }
  return false;
}

const char* Describe(LabelRule rule) {
  switch (rule) {
    case LabelRule::kFinite:
      return "finite labels";
    case LabelRule::kNonNegative:
      return "labels >= 0";
    case LabelRule::kPositive:
      return "labels > 0";
    case LabelRule::kUnitInterval:
      return "labels in [0, 1]";
  }
  return "";
}

}  // namespace

Status CheckLabelRule(const LabelView& data, const std::string& objective, LabelRule rule) {
  for (size_t i = 0; i < data.labels.size(); ++i) {
    if (!Satisfies(data.labels[i], rule)) {
      return Status::DataError("objective '" + objective + "' needs " + Describe(rule) +
                               ", but row " + std::to_string(i) + " has label " +
                               std::to_string(data.labels[i]));
    }
  }
  return Status::Ok();
}

Status CheckLabelSumPositive(const LabelView& data, const std::string& objective) {
  double sum = 0.0;
  for (const float label : data.labels) sum += static_cast<double>(label);
  if (sum > 0.0) return Status::Ok();
  return Status::DataError("objective '" + objective +
                           "' needs a positive sum of labels, but every label is 0");
}

}  // namespace qgbm
