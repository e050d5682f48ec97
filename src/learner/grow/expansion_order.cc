#include "learner/grow/expansion_order.h"

#include <algorithm>

namespace qgbm {

int BestLeaf(const std::vector<SplitCandidate>& best, int num_leaves) {
  int best_leaf = -1;
  for (int l = 0; l < num_leaves; ++l) {
    const SplitCandidate& c = best[static_cast<size_t>(l)];
    if (c.valid() && (best_leaf < 0 || c.gain > best[static_cast<size_t>(best_leaf)].gain))
      best_leaf = l;
  }
  return best_leaf;
}

std::vector<int> NextLevel(const std::vector<SplitCandidate>& best, const Tree& tree) {
  std::vector<int> level;
  int depth = -1;
  for (int l = 0; l < tree.num_leaves(); ++l) {
    if (!best[static_cast<size_t>(l)].valid()) continue;
    const int d = tree.leaf_depth()[static_cast<size_t>(l)];
    if (depth < 0 || d < depth) {
      depth = d;
      level.clear();
    }
    if (d == depth) level.push_back(l);
  }
  std::stable_sort(level.begin(), level.end(), [&](int a, int b) {
    return best[static_cast<size_t>(a)].gain > best[static_cast<size_t>(b)].gain;
  });
  return level;
}

}  // namespace qgbm
