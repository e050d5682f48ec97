// Structural checks shared by the model readers (on untrusted file content) and the writers (on
// an in-memory model, where a failure is a bug upstream).
//
// A valid tree has num_leaves >= 1 leaves and num_leaves - 1 internal nodes; node 0 is the root;
// every other internal node and every leaf is the child of exactly one node reachable from the
// root (so no cycles, no orphans); split features lie in [0, num_features); every floating value
// is finite, because JSON cannot carry NaN or Inf.
#pragma once

#include "qgbm/status.h"

#include "model/model.h"
#include "model/tree.h"

namespace qgbm {

// Checks one tree's arrays; messages name the field and index but not the tree (callers prefix).
Status ValidateTreeArrays(const Tree::Arrays& arrays, int num_features);

// Checks the model fields other than the tree contents: sizes that must agree with
// num_tree_per_iteration and num_features, finite init scores, best_iteration in range.
Status ValidateModelHeader(const Model& model);

// Header plus every tree; DataError naming the first problem found.
Status ValidateModel(const Model& model);

}  // namespace qgbm
