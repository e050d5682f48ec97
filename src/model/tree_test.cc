#include "model/tree.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST(TreeTest, SplitBuildsChildLinks) {
  Tree t;
  EXPECT_EQ(t.Split(0, 0, 0.5, false, 1.0, -1.0, 1.0, 5, 5, 5.0, 5.0), 0);
  EXPECT_EQ(t.Split(1, 1, 2.0, true, 0.5, 3.0, 4.0, 2, 3, 2.0, 3.0), 1);
  EXPECT_EQ(t.num_leaves(), 3);
  EXPECT_EQ(t.left_child(), (std::vector<int32_t>{~0, ~1}));
  EXPECT_EQ(t.right_child(), (std::vector<int32_t>{1, ~2}));
  EXPECT_EQ(t.leaf_depth(), (std::vector<int32_t>{1, 2, 2}));
  EXPECT_EQ(t.internal_count(), (std::vector<int64_t>{10, 5}));
}

TEST(TreeTest, EqualityGoesLeftAndNaNFollowsDefault) {
  Tree t;
  t.Split(0, 0, 0.5, /*default_left=*/false, 1.0, -1.0, 1.0, 5, 5, 5.0, 5.0);
  const float at_threshold[] = {0.5f};
  const float above[] = {std::nextafter(0.5f, 1.0f)};
  const float missing[] = {kNaN};
  EXPECT_EQ(t.LeafIndex(at_threshold), 0);
  EXPECT_EQ(t.LeafIndex(above), 1);
  EXPECT_EQ(t.LeafIndex(missing), 1);
}

TEST(TreeTest, ArraysRoundTrip) {
  Tree t;
  t.Split(0, 0, 0.5, false, 1.0, -1.0, 1.0, 5, 5, 5.0, 5.0);
  t.Split(0, 1, 2.0, true, 0.5, 3.0, 4.0, 2, 3, 2.0, 3.0);
  const Tree back = Tree::FromArrays(t.ToArrays());
  EXPECT_EQ(back.left_child(), t.left_child());
  EXPECT_EQ(back.leaf_value(), t.leaf_value());
  EXPECT_EQ(back.leaf_depth(), t.leaf_depth());
  EXPECT_EQ(back.leaf_parent(), t.leaf_parent());
}

TEST(TreeTest, FromArraysDepthsDoNotAssumeParentsComeFirst) {
  // Root 0 → (internal 2, leaf 0); 2 → (internal 1, leaf 1); 1 → (leaf 2, leaf 3).
  Tree::Arrays a;
  a.split_feature = {0, 0, 0};
  a.threshold = {0.0, 2.0, 1.0};
  a.default_left = {0, 0, 0};
  a.left_child = {2, ~2, 1};
  a.right_child = {~0, ~3, ~1};
  a.split_gain = a.internal_value = {0.0, 0.0, 0.0};
  a.internal_count = {0, 0, 0};
  a.leaf_value = {1.0, 2.0, 3.0, 4.0};
  a.leaf_count = {0, 0, 0, 0};
  a.leaf_weight = {0.0, 0.0, 0.0, 0.0};
  const Tree t = Tree::FromArrays(a);
  EXPECT_EQ(t.leaf_depth(), (std::vector<int32_t>{1, 2, 3, 3}));
  EXPECT_EQ(t.leaf_parent(), (std::vector<int32_t>{0, 2, 1, 1}));
  const float deep[] = {-1.0f};    // left at 0, 2 and 1
  const float shallow[] = {1.5f};  // right at the root
  EXPECT_EQ(t.Predict(deep), 3.0);
  EXPECT_EQ(t.Predict(shallow), 1.0);
}

}  // namespace
}  // namespace qgbm
