#include "config/constraint_params.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/config_parser.h"

namespace qgbm {
namespace {

TEST(ConstraintParams, MonotoneItemsParse) {
  auto parsed = ParseMonotoneConstraints({"1", " -1", "0", "+1"});
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(*parsed, (std::vector<int8_t>{1, -1, 0, 1}));
  EXPECT_TRUE(ParseMonotoneConstraints({})->empty());
  EXPECT_EQ(ParseMonotoneConstraints({"(1", "0", "-1)"}).value(), (std::vector<int8_t>{1, 0, -1}));
  EXPECT_EQ(ParseMonotoneConstraints({"[-1]"}).value(), (std::vector<int8_t>{-1}));
  EXPECT_FALSE(ParseMonotoneConstraints({"1", "(0", "1"}).ok());
}

TEST(ConstraintParams, MonotoneValueOutsideMinusOneToOneIsAnError) {
  for (const char* bad : {"2", "-2", "x", "", "0.5"}) {
    auto parsed = ParseMonotoneConstraints({"1", bad});
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("monotone_constraints"), std::string::npos);
    EXPECT_NE(parsed.status().message().find("item 1"), std::string::npos);
  }
}

TEST(ConstraintParams, MonotoneListFromTheCommandLineIsValidated) {
  Params p;
  ASSERT_TRUE(ApplyParams({{"mc", "1,0,-1"}}, &p).ok());
  EXPECT_EQ(p.tree.monotone_constraints, (std::vector<std::string>{"1", "0", "-1"}));
  EXPECT_TRUE(ValidateParams(p).ok());
  ASSERT_TRUE(ApplyParams({{"monotone_constraints", "1,3"}}, &p).ok());
  EXPECT_FALSE(ValidateParams(p).ok());
}

TEST(ConstraintParams, InteractionSetsParse) {
  auto sets = ParseInteractionConstraints("[0,1,2],[2,3]");
  ASSERT_TRUE(sets.ok()) << sets.status().message();
  EXPECT_EQ(*sets, (std::vector<std::vector<int>>{{0, 1, 2}, {2, 3}}));
  sets = ParseInteractionConstraints(" [[3, 1], [1 ,1]] ");
  ASSERT_TRUE(sets.ok()) << sets.status().message();
  EXPECT_EQ(*sets, (std::vector<std::vector<int>>{{1, 3}, {1}}));
  EXPECT_TRUE(ParseInteractionConstraints("")->empty());
}

TEST(ConstraintParams, InteractionBadSyntaxIsAnError) {
  for (const char* bad : {"[0,1", "0,1", "[0,a]", "[0,1][2]", "[0,-1]", "[]", "[0,1],", "[0,,1]"}) {
    auto sets = ParseInteractionConstraints(bad);
    ASSERT_FALSE(sets.ok()) << bad;
    EXPECT_NE(sets.status().message().find("interaction_constraints"), std::string::npos) << bad;
  }
}

TEST(ConstraintParams, ConstraintsMustFitTheFeatures) {
  TreeParams tree;
  tree.monotone_constraints = {"1", "0"};
  const Status length = CheckConstraintsFitFeatures(tree, 3, "train.csv");
  ASSERT_FALSE(length.ok());
  EXPECT_NE(length.message().find("'monotone_constraints' has 2 entries"), std::string::npos);
  EXPECT_NE(length.message().find("has 3 features"), std::string::npos);
  tree.monotone_constraints = {"1", "0", "-1"};
  EXPECT_TRUE(CheckConstraintsFitFeatures(tree, 3, "train.csv").ok());
  tree.interaction_constraints = "[0,1],[2,3]";
  const Status range = CheckConstraintsFitFeatures(tree, 3, "train.csv");
  ASSERT_FALSE(range.ok());
  EXPECT_NE(range.message().find("feature 3"), std::string::npos);
}

TEST(ConstraintParams, DepthwiseNeedsMaxDepthAndDefaultsToCompleteTrees) {
  Params p;
  ASSERT_TRUE(ApplyParams({{"grow_policy", "depthwise"}}, &p).ok());
  EXPECT_FALSE(ValidateParams(p).ok());
  p = Params{};
  ASSERT_TRUE(ApplyParams({{"grow_policy", "depthwise"}, {"max_depth", "5"}}, &p).ok());
  EXPECT_EQ(p.tree.num_leaves, 32);
  EXPECT_TRUE(ValidateParams(p).ok());
  p = Params{};
  ASSERT_TRUE(
      ApplyParams({{"grow_policy", "depthwise"}, {"max_depth", "5"}, {"num_leaves", "7"}}, &p)
          .ok());
  EXPECT_EQ(p.tree.num_leaves, 7);
  p = Params{};
  ASSERT_TRUE(ApplyParams({{"max_depth", "5"}}, &p).ok());
  EXPECT_EQ(p.tree.num_leaves, 31);  // lossguide keeps LightGBM's default
}

TEST(ConstraintParams, UnsupportedMonotoneMethodIsRefused) {
  Params p;
  EXPECT_FALSE(ApplyParams({{"monotone_constraints_method", "intermediate"}}, &p).ok());
  EXPECT_TRUE(ApplyParams({{"monotone_constraints_method", "basic"}}, &p).ok());
}

}  // namespace
}  // namespace qgbm
