// Small hand-built models shared by the model and predict unit tests (test-only header).
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <string>

#include "model/model.h"
#include "model/tree.h"

namespace qgbm::testing {

// Two outputs, two iterations, three features. Values include ones that stress number printing:
// 0.1, 1e-300, -0.0, the smallest denormal, 1/3 and large magnitudes.
inline Model MakeTestModel() {
  Model m;
  m.objective = "multiclass";
  m.transform = OutputTransform::kSoftmax;
  m.sigmoid = 1.0;
  m.num_tree_per_iteration = 2;
  m.num_features = 3;
  m.feature_names = {"age", "income", "größe"};
  m.init_score = {0.1, -1.0 / 3.0};
  m.best_iteration = 2;
  m.parameters = {{"num_leaves", "31"}, {"learning_rate", "0.1"}, {"alpha", "0.9"}};

  Tree t0;  // root on feature 0, then the right leaf on feature 2 (NaN goes left)
  t0.Split(0, 0, 0.5, /*default_left=*/false, 10.0, 0.1, -0.2, 60, 40, 30.0, 20.0);
  t0.Split(1, 2, -1.25, /*default_left=*/true, 2.5, 1e-300, -0.0, 25, 15, 12.5, 7.5);
  Tree t1;  // a single leaf
  t1.set_leaf_value(0, std::numeric_limits<double>::denorm_min());
  Tree t2;
  t2.Split(0, 1, 1e10, true, 0.125, 123456789.123456789, -9.87654321e-5, 70, 30, 35.0, 15.0);
  Tree t3;
  t3.Split(0, 2, 0.0, false, 1.0 / 3.0, 1.0 / 3.0, 2.0 / 3.0, 50, 50, 25.0, 25.0);
  t3.Split(0, 1, 3.5, true, 0.75, -0.5, 0.25, 20, 30, 10.0, 15.0);
  m.trees = {t0, t1, t2, t3};
  return m;
}

inline bool SameBits(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

}  // namespace qgbm::testing
