// Path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2; the algorithm of LightGBM's
// and XGBoost's pred_contrib): exact Shapley values of one tree's output for one row, in time
// O(leaves * depth^2), where a feature outside the coalition is integrated out with the
// training-data distribution the tree saw.
//
// Glossary
//   cover        the training rows that reached a node (internal_count / leaf_count), as in
//                LightGBM's data_count; negative stored counts are read as 0
//   child weight the share of a node's rows that went to a child:
//                cover(child) / (cover(left) + cover(right)), or 1/2 each when both are 0. For
//                trees grown by qgbm internal_count = left + right, so this is LightGBM's
//                cover(child) / cover(node); normalising by the children keeps the values exact
//                Shapley values for any stored counts
//   E[f | S]     the tree's value with the features in S set to the row's values and the others
//                integrated out: at a node on a feature in S follow the row, else average the
//                children by child weight
//   expected     E[f | {}], the tree's bias term
//
// Decisions are Tree::LeafIndex's: value <= threshold goes left, NaN goes the default direction.
#pragma once

#include <vector>

#include "model/tree.h"

namespace qgbm {

// Scratch space for TreeShap, reusable across rows and trees (one per thread).
struct ShapScratch {
  struct PathElement {
    int feature = -1;
    double zero_fraction = 0.0;  // share of the rows that reach here when the feature is unknown
    double one_fraction = 0.0;   // 1 when the row itself follows this path, else 0
    double weight = 0.0;         // permutation weight of coalitions of each size
  };
  std::vector<PathElement> path;
};

// E[f | {}] of the tree under the child weights.
double TreeExpectedValue(const Tree& tree);

// Adds the tree's Shapley value of each feature for `row` to phi[feature] (phi has at least as
// many entries as the row has features). Does not add the expected value.
void TreeShap(const Tree& tree, const float* row, ShapScratch* scratch, double* phi);

// The depth of the deepest leaf (0 for a one-leaf tree).
int TreeDepth(const Tree& tree);

}  // namespace qgbm
