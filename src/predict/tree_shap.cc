// The recursion follows LightGBM's Tree::TreeSHAP (itself the paper's Algorithm 2); the names
// say what the paper's m, z, o and w are. Each call owns one slice of the scratch path: the
// parent's elements copied, plus one for the split that led here.
#include "predict/tree_shap.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace qgbm {
namespace {

using PathElement = ShapScratch::PathElement;

double CoverOf(const Tree& tree, int32_t child) {
  const int64_t count = child >= 0 ? tree.internal_count()[static_cast<size_t>(child)]
                                   : tree.leaf_count()[static_cast<size_t>(~child)];
  return static_cast<double>(std::max<int64_t>(count, 0));
}

struct ChildWeights {
  double left;
  double right;
};

ChildWeights WeightsOf(const Tree& tree, size_t node) {
  const double left = CoverOf(tree, tree.left_child()[node]);
  const double right = CoverOf(tree, tree.right_child()[node]);
  const double total = left + right;
  if (!(total > 0.0)) return {0.5, 0.5};
  return {left / total, right / total};
}

bool GoesLeft(const Tree& tree, size_t node, const float* row) {
  const float v = row[tree.split_feature()[node]];
  return std::isnan(v) ? tree.default_left()[node] != 0
                       : static_cast<double>(v) <= tree.threshold()[node];
}

// Adds a split on `feature` to the path of `depth` + 1 elements (the paper's EXTEND).
void ExtendPath(PathElement* path, int depth, double zero_fraction, double one_fraction,
                int feature) {
  path[depth] = {feature, zero_fraction, one_fraction, depth == 0 ? 1.0 : 0.0};
  for (int i = depth - 1; i >= 0; --i) {
    path[i + 1].weight += one_fraction * path[i].weight * (i + 1) / static_cast<double>(depth + 1);
    path[i].weight = zero_fraction * path[i].weight * (depth - i) / static_cast<double>(depth + 1);
  }
}

// Removes element `index` from the path (the paper's UNWIND), so a feature split on again below
// is counted once.
void UnwindPath(PathElement* path, int depth, int index) {
  const double one_fraction = path[index].one_fraction;
  const double zero_fraction = path[index].zero_fraction;
  double next_one_portion = path[depth].weight;
  for (int i = depth - 1; i >= 0; --i) {
    if (one_fraction != 0.0) {
      const double saved = path[i].weight;
      path[i].weight = next_one_portion * (depth + 1) / ((i + 1) * one_fraction);
      next_one_portion = saved - path[i].weight * zero_fraction * (depth - i) / (depth + 1.0);
    } else {
      path[i].weight = path[i].weight * (depth + 1) / (zero_fraction * (depth - i));
    }
  }
  for (int i = index; i < depth; ++i) {
    path[i].feature = path[i + 1].feature;
    path[i].zero_fraction = path[i + 1].zero_fraction;
    path[i].one_fraction = path[i + 1].one_fraction;
  }
}

// Total permutation weight of the path with element `index` removed, without changing it.
double UnwoundPathSum(const PathElement* path, int depth, int index) {
  const double one_fraction = path[index].one_fraction;
  const double zero_fraction = path[index].zero_fraction;
  double next_one_portion = path[depth].weight;
  double total = 0.0;
  for (int i = depth - 1; i >= 0; --i) {
    if (one_fraction != 0.0) {
      const double part = next_one_portion * (depth + 1) / ((i + 1) * one_fraction);
      total += part;
      next_one_portion = path[i].weight - part * zero_fraction * ((depth - i) / (depth + 1.0));
    } else if (zero_fraction != 0.0) {
      total += (path[i].weight / zero_fraction) / ((depth - i) / (depth + 1.0));
    }
  }
  return total;
}

struct ShapWalk {
  const Tree& tree;
  const float* row;
  double* phi;

  // `parent_path` holds `depth` + 1 elements; this call's path starts right after them.
  void Visit(int32_t node, int depth, PathElement* parent_path, double zero_fraction,
             double one_fraction, int feature) const {
    PathElement* path = parent_path + depth + 1;
    std::copy(parent_path, parent_path + depth + 1, path);
    ExtendPath(path, depth, zero_fraction, one_fraction, feature);
    if (node < 0) {
      const double value = tree.leaf_value()[static_cast<size_t>(~node)];
      for (int i = 1; i <= depth; ++i) {
        const double w = UnwoundPathSum(path, depth, i);
        phi[path[i].feature] += w * (path[i].one_fraction - path[i].zero_fraction) * value;
      }
      return;
    }
    const auto n = static_cast<size_t>(node);
    const ChildWeights weights = WeightsOf(tree, n);
    const bool left = GoesLeft(tree, n, row);
    const int32_t hot = left ? tree.left_child()[n] : tree.right_child()[n];
    const int32_t cold = left ? tree.right_child()[n] : tree.left_child()[n];
    const double hot_weight = left ? weights.left : weights.right;
    const double cold_weight = left ? weights.right : weights.left;
    const int split_feature = tree.split_feature()[n];
    double incoming_zero = 1.0, incoming_one = 1.0;
    int index = 0;
    while (index <= depth && path[index].feature != split_feature) ++index;
    if (index <= depth) {  // the feature split above too: undo that split and redo it here
      incoming_zero = path[index].zero_fraction;
      incoming_one = path[index].one_fraction;
      UnwindPath(path, depth, index);
      --depth;
    }
    VisitChild(hot, depth, path, hot_weight * incoming_zero, incoming_one, split_feature);
    VisitChild(cold, depth, path, cold_weight * incoming_zero, 0.0, split_feature);
  }

  // A child with both fractions 0 (no training row reached it and the row does not go there)
  // adds exactly 0, since every weight below it is 0; skipping it also keeps a later unwind from
  // dividing by its zero fraction.
  void VisitChild(int32_t child, int depth, PathElement* path, double zero_fraction,
                  double one_fraction, int feature) const {
    if (zero_fraction == 0.0 && one_fraction == 0.0) return;
    Visit(child, depth + 1, path, zero_fraction, one_fraction, feature);
  }
};

double SubtreeExpectation(const Tree& tree, int32_t node) {
  if (node < 0) return tree.leaf_value()[static_cast<size_t>(~node)];
  const auto n = static_cast<size_t>(node);
  const ChildWeights w = WeightsOf(tree, n);
  return w.left * SubtreeExpectation(tree, tree.left_child()[n]) +
         w.right * SubtreeExpectation(tree, tree.right_child()[n]);
}

}  // namespace

int TreeDepth(const Tree& tree) {
  int depth = 0;
  for (int32_t d : tree.leaf_depth()) depth = std::max(depth, d);
  return depth;
}

double TreeExpectedValue(const Tree& tree) {
  return tree.num_internal() == 0 ? tree.leaf_value()[0] : SubtreeExpectation(tree, 0);
}

void TreeShap(const Tree& tree, const float* row, ShapScratch* scratch, double* phi) {
  if (tree.num_internal() == 0) return;
  // Call d (0-based) owns d + 1 elements after the d previous calls' slices and one leading
  // element: (D + 1)(D + 4) / 2 + 1 at depth D is enough.
  const auto d = static_cast<size_t>(TreeDepth(tree));
  const size_t needed = (d + 1) * (d + 4) / 2 + 1;
  if (scratch->path.size() < needed) scratch->path.resize(needed);
  const ShapWalk walk{tree, row, phi};
  walk.Visit(0, 0, scratch->path.data(), 1.0, 1.0, -1);
}

}  // namespace qgbm
