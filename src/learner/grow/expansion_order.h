// Which leaves the grower splits next: lossguide (LightGBM's leaf-wise, one leaf with the
// largest gain) or depthwise (XGBoost's, a whole level at a time).
#pragma once

#include <vector>

#include "learner/split/split_candidate.h"
#include "model/tree.h"

namespace qgbm {

enum class GrowPolicy { kLossguide, kDepthwise };

// The leaf with the largest gain (the lowest index among equals); -1 when none can split.
int BestLeaf(const std::vector<SplitCandidate>& best, int num_leaves);

// Every leaf of the shallowest depth holding a splittable leaf, largest gain first (ties by
// index): when num_leaves stops a level half way, its best splits are the ones made.
std::vector<int> NextLevel(const std::vector<SplitCandidate>& best, const Tree& tree);

}  // namespace qgbm
