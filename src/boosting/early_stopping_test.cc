#include "boosting/early_stopping.h"

#include <vector>

#include <gtest/gtest.h>

namespace qgbm {
namespace {

// Two metrics on one validation set: the first stops improving after iteration 2, the second
// keeps improving. Feeds iterations 1..last and returns the iteration it stopped at (0: never).
int StopIteration(bool first_metric_only, const std::vector<bool>& higher, int last) {
  EarlyStopping stopping(3, first_metric_only);
  for (int it = 1; it <= last; ++it) {
    const double first = it <= 2 ? 1.0 / it : 0.5 + 0.01 * it;  // lower is better: best at 2
    const double second = higher[1] ? 0.1 * it : 1.0 / it;      // always improving
    if (stopping.Update(it, {first, second}, higher, 2)) return it;
  }
  return 0;
}

TEST(EarlyStoppingTest, AnyMetricStopsUnlessFirstMetricOnly) {
  EXPECT_EQ(StopIteration(false, {false, false}, 20), 5);  // the first metric's patience ran out
  EXPECT_EQ(StopIteration(true, {false, true}, 20), 5);    // the first metric is the one watched
}

TEST(EarlyStoppingTest, FirstMetricOnlyIgnoresTheOthers) {
  // Here the second metric stalls (lower is better but it grows); only the first is watched and
  // it improves throughout, so training never stops.
  EarlyStopping stopping(2, true);
  bool stopped = false;
  for (int it = 1; it <= 10 && !stopped; ++it)
    stopped = stopping.Update(it, {1.0 / it, 0.1 * it}, {false, false}, 2);
  EXPECT_FALSE(stopped);
  EarlyStopping all(2, false);
  int stop_at = 0;
  for (int it = 1; it <= 10 && stop_at == 0; ++it)
    if (all.Update(it, {1.0 / it, 0.1 * it}, {false, false}, 2)) stop_at = it;
  EXPECT_EQ(stop_at, 3);
  EXPECT_EQ(all.best_iteration(), 1);
}

TEST(EarlyStoppingTest, FirstMetricOfEachValidationSetCounts) {
  // Two sets of two metrics: pairs 0 and 2 are the first metrics. Pair 2 stalls from the start.
  EarlyStopping stopping(2, true);
  int stop_at = 0;
  for (int it = 1; it <= 10 && stop_at == 0; ++it) {
    const std::vector<double> scores = {1.0 / it, 0.1 * it, 1.0, 0.1 * it};
    if (stopping.Update(it, scores, {false, false, false, false}, 2)) stop_at = it;
  }
  EXPECT_EQ(stop_at, 3);
  EXPECT_EQ(stopping.best_iteration(), 1);
}

}  // namespace
}  // namespace qgbm
