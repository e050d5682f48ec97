#include "learner/grow/grown_tree.h"

#include <algorithm>

#include "common/parallel_for.h"

namespace qgbm {
namespace {

// One node of the routing table. Internal nodes come first; then one self-looping node per
// leaf (it sends every row to itself), so a walk can take a fixed number of steps without
// testing whether each row already reached its leaf.
struct RouteNode {
  uint32_t column;
  uint32_t threshold_bin;
  uint32_t missing_bin;
  uint32_t default_left;
  int32_t child[2];  // [0] left, [1] right: indices into the table
};

std::vector<RouteNode> MakeRouteTable(const GrownTree& t) {
  const int internal = t.tree.num_internal();
  const int leaves = t.tree.num_leaves();
  std::vector<RouteNode> nodes(static_cast<size_t>(internal + leaves));
  auto index_of = [&](int32_t child) { return child >= 0 ? child : internal + ~child; };
  for (int i = 0; i < internal; ++i) {
    const SplitRule& rule = t.rules[static_cast<size_t>(i)];
    nodes[static_cast<size_t>(i)] = {static_cast<uint32_t>(rule.column),
                                     rule.threshold_bin,
                                     rule.missing_bin,
                                     rule.default_left ? 1u : 0u,
                                     {index_of(t.tree.left_child()[static_cast<size_t>(i)]),
                                      index_of(t.tree.right_child()[static_cast<size_t>(i)])}};
  }
  for (int l = 0; l < leaves; ++l) {
    const int32_t self = internal + l;
    nodes[static_cast<size_t>(self)] = {0, UINT32_MAX, UINT32_MAX, 1u, {self, self}};
  }
  return nodes;
}

// Rows walked side by side: each step of one row depends on the previous one, so a single
// walk waits on memory at every level; independent rows fill those waits.
constexpr int kLanes = 8;

template <class RowView>
void AddRange(const std::vector<RouteNode>& table, int internal, const double* values,
              const RowView& bins, const uint8_t* skip, int64_t begin, int64_t end,
              double* scores) {
  const RouteNode* nodes = table.data();
  auto step = [&](int32_t node, const auto* row) {
    const RouteNode& n = nodes[node];
    const uint32_t bin = RowView::At(row, static_cast<int>(n.column));
    const bool left = bin == n.missing_bin ? n.default_left != 0 : bin <= n.threshold_bin;
    return n.child[left ? 0 : 1];
  };
  int64_t r = begin;
  for (; r + kLanes <= end; r += kLanes) {
    int32_t node[kLanes] = {};
    bool done = false;
    while (!done) {
      done = true;
      for (int k = 0; k < kLanes; ++k) {
        node[k] = step(node[k], bins.Row(r + k));
        done = done && node[k] >= internal;
      }
    }
    for (int k = 0; k < kLanes; ++k) {
      if (skip == nullptr || skip[r + k] == 0) scores[r + k] += values[node[k] - internal];
    }
  }
  for (; r < end; ++r) {
    int32_t node = 0;
    while (node < internal) node = step(node, bins.Row(r));
    if (skip == nullptr || skip[r] == 0) scores[r] += values[node - internal];
  }
}

}  // namespace

void GrownTree::AddToScores(const BinnedMatrix& matrix, const uint8_t* skip, int threads,
                            double* scores) const {
  const int64_t n = matrix.num_rows();
  const double* values = tree.leaf_value().data();
  if (rules.empty()) {
    for (int64_t r = 0; r < n; ++r) {
      if (skip == nullptr || skip[r] == 0) scores[r] += values[0];
    }
    return;
  }
  const bool categorical = std::any_of(rules.begin(), rules.end(),
                                       [](const SplitRule& rule) { return rule.categorical(); });
  if (categorical) {
    AddToScoresByRules(matrix, skip, threads, scores);
    return;
  }
  const std::vector<RouteNode> table = MakeRouteTable(*this);
  const int internal = tree.num_internal();
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    matrix.VisitRows([&](const auto& view) {
      AddRange(table, internal, values, view, skip, range.begin, range.end, scores);
    });
  });
}

// Trees with categorical splits walk their rules (SplitRule::GoesLeft), one row at a time.
void GrownTree::AddToScoresByRules(const BinnedMatrix& matrix, const uint8_t* skip, int threads,
                                   double* scores) const {
  const int64_t n = matrix.num_rows();
  const double* values = tree.leaf_value().data();
  const int64_t blocks = NumBlocks(n, 16384, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    matrix.VisitRows([&](const auto& view) {
      for (int64_t r = range.begin; r < range.end; ++r) {
        if (skip == nullptr || skip[r] == 0) scores[r] += values[LeafOf(view, view.Row(r))];
      }
    });
  });
}

}  // namespace qgbm
