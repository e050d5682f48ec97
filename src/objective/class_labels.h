// What the multiclass objectives need from integer class labels: the label check, each class's
// weighted share of the rows, and which classes can learn anything.
#pragma once

#include <string>
#include <vector>

#include "qgbm/status.h"

#include "common/label_view.h"

namespace qgbm {

// LightGBM's kEpsilon (a float literal there, so the same value here): probabilities are clamped
// to [kClassEpsilon, 1 - kClassEpsilon] and a class whose share is within it of 0 or 1 is not
// trained.
inline constexpr double kClassEpsilon = 1e-15f;

// Every label must be an integer in [0, num_class); the error names the first bad row.
Status CheckClassLabels(const LabelView& data, int num_class, const std::string& objective);

// Weighted share of each class: sum of the weights of its rows / total weight (rows counted 1
// when unweighted). Summed serially in row order, so it does not depend on the thread count.
std::vector<double> ClassShares(const LabelView& data, int num_class);

// Number of rows of each class (unweighted).
std::vector<int64_t> ClassCounts(const LabelView& data, int num_class);

}  // namespace qgbm
