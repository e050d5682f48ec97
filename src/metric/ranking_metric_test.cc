#include "metric/ranking_metric.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "metric/dcg.h"

namespace qgbm {
namespace {

std::vector<std::unique_ptr<Metric>> Make(const std::string& name,
                                          std::vector<std::string> eval_at = {"1", "2", "3"},
                                          std::vector<std::string> label_gain = {}) {
  auto m = CreateRankingMetrics(name, eval_at, label_gain);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return std::move(m).value();
}

std::vector<double> EvaluateAll(const std::vector<std::unique_ptr<Metric>>& metrics,
                                const std::vector<double>& scores, const LabelView& data,
                                int threads = 1) {
  std::vector<double> out;
  for (const auto& m : metrics) {
    EXPECT_TRUE(m->CheckData(data).ok());
    out.push_back(m->Evaluate(scores, data, threads));
  }
  return out;
}

TEST(RankingMetricTest, NamesFollowEvalAtSorted) {
  auto metrics = Make("ndcg", {"5", "1", "3"});
  ASSERT_EQ(metrics.size(), 3u);
  EXPECT_EQ(metrics[0]->name(), "ndcg@1");
  EXPECT_EQ(metrics[2]->name(), "ndcg@5");
  EXPECT_TRUE(metrics[0]->higher_is_better());
  EXPECT_EQ(Make("map", {"10"})[0]->name(), "map@10");
  EXPECT_FALSE(CreateRankingMetrics("ndcg", {"0"}, {}).ok());
  EXPECT_FALSE(CreateRankingMetrics("ndcg", {"x"}, {}).ok());
  EXPECT_FALSE(CreateRankingMetrics("ndcg", {"1"}, {"1", "oops"}).ok());
}

TEST(RankingMetricTest, NdcgByHand) {
  // Score order: row 1 (label 0), row 2 (label 1), row 0 (label 2); gains 3, 0, 1.
  const std::vector<float> labels = {2, 0, 1};
  const std::vector<int32_t> groups = {3};
  const std::vector<double> scores = {0.1, 0.5, 0.3};
  const double d1 = 1.0 / std::log2(3.0), d2 = 1.0 / std::log2(4.0);
  const std::vector<double> got = EvaluateAll(Make("ndcg"), scores, LabelView{labels, {}, groups});
  EXPECT_DOUBLE_EQ(got[0], 0.0);
  EXPECT_DOUBLE_EQ(got[1], (1.0 * d1) / (3.0 + 1.0 * d1));
  EXPECT_DOUBLE_EQ(got[2], (1.0 * d1 + 3.0 * d2) / (3.0 + 1.0 * d1));
}

TEST(RankingMetricTest, TiesKeepRowOrderAndAllZeroQueriesScoreOne) {
  const std::vector<int32_t> groups = {2, 3};
  const std::vector<double> scores = {0.5, 0.5, 1.0, 2.0, 3.0};
  // Query 0: tie, row 0 first. Query 1: every label 0.
  const std::vector<float> first_relevant = {1, 0, 0, 0, 0}, second_relevant = {0, 1, 0, 0, 0};
  auto ndcg1 = Make("ndcg", {"1"});
  EXPECT_DOUBLE_EQ(EvaluateAll(ndcg1, scores, LabelView{first_relevant, {}, groups})[0],
                   (1.0 + 1.0) / 2);
  EXPECT_DOUBLE_EQ(EvaluateAll(ndcg1, scores, LabelView{second_relevant, {}, groups})[0],
                   (0.0 + 1.0) / 2);
  auto map1 = Make("map", {"1"});
  EXPECT_DOUBLE_EQ(EvaluateAll(map1, scores, LabelView{second_relevant, {}, groups})[0],
                   (0.0 + 1.0) / 2);
}

TEST(RankingMetricTest, MapByHand) {
  const std::vector<float> labels = {1, 0, 2, 0};  // relevant: label > 0.5
  const std::vector<int32_t> groups = {4};
  const std::vector<double> scores = {0.9, 0.8, 0.7, 0.1};
  const std::vector<double> got =
      EvaluateAll(Make("map", {"1", "2", "3", "10"}), scores, LabelView{labels, {}, groups});
  EXPECT_DOUBLE_EQ(got[0], 1.0);                  // 1/1 over min(2, 1)
  EXPECT_DOUBLE_EQ(got[1], 0.5);                  // 1/1 over 2
  EXPECT_DOUBLE_EQ(got[2], (1.0 + 2.0 / 3) / 2);  // hits at positions 1 and 3
  EXPECT_DOUBLE_EQ(got[3], (1.0 + 2.0 / 3) / 2);  // k beyond the query's rows
}

TEST(RankingMetricTest, QueriesAreWeightedByTheirMeanRowWeight) {
  const std::vector<float> labels = {1, 0, 0, 1};
  const std::vector<float> weights = {1, 3, 1, 1};  // query weights 2 and 1
  const std::vector<int32_t> groups = {2, 2};
  const std::vector<double> scores = {1.0, 0.0, 1.0, 0.0};  // query 0 perfect, query 1 wrong
  auto ndcg1 = Make("ndcg", {"1"});
  EXPECT_DOUBLE_EQ(EvaluateAll(ndcg1, scores, LabelView{labels, weights, groups})[0],
                   (2.0 * 1.0 + 1.0 * 0.0) / 3.0);
}

TEST(RankingMetricTest, WeightedNdcgAddsAllZeroQueriesUnweightedAsLightGbmDoes) {
  const std::vector<float> labels = {0, 0, 1, 0};
  const std::vector<float> weights = {3, 3, 1, 1};  // query weights 3 and 1
  const std::vector<int32_t> groups = {2, 2};
  const std::vector<double> scores = {0.0, 1.0, 1.0, 0.0};  // query 1 ranked perfectly
  const LabelView data{labels, weights, groups};
  // ndcg: the all-zero query adds 1 (not 3 · 1) over a total weight of 4; map weighs it.
  EXPECT_DOUBLE_EQ(EvaluateAll(Make("ndcg", {"1"}), scores, data)[0], (1.0 + 1.0) / 4.0);
  EXPECT_DOUBLE_EQ(EvaluateAll(Make("map", {"1"}), scores, data)[0], (3.0 + 1.0) / 4.0);
}

TEST(RankingMetricTest, RejectsDataWithoutGroupsOrWithBadLabels) {
  auto ndcg = Make("ndcg", {"1"});
  const std::vector<float> labels = {1, 0, 2};
  const std::vector<int32_t> groups = {3}, short_groups = {2};
  EXPECT_NE(ndcg[0]->CheckData(LabelView{labels, {}, {}}).message().find("query groups"),
            std::string::npos);
  EXPECT_NE(ndcg[0]->CheckData(LabelView{labels, {}, short_groups}).message().find("sum to 2"),
            std::string::npos);
  const std::vector<float> fractional = {1, 0.5f, 2}, negative = {1, -1, 2}, big = {1, 0, 31};
  EXPECT_FALSE(ndcg[0]->CheckData(LabelView{fractional, {}, groups}).ok());
  EXPECT_FALSE(ndcg[0]->CheckData(LabelView{negative, {}, groups}).ok());
  EXPECT_NE(ndcg[0]->CheckData(LabelView{big, {}, groups}).message().find("label_gain"),
            std::string::npos);
  auto small_gain = Make("ndcg", {"1"}, {"0", "1", "3"});
  EXPECT_TRUE(small_gain[0]->CheckData(LabelView{labels, {}, groups}).ok());
  const std::vector<float> three = {3, 0, 0};
  EXPECT_FALSE(small_gain[0]->CheckData(LabelView{three, {}, groups}).ok());
}

TEST(RankingMetricTest, IndependentOfThreadCount) {
  std::mt19937 rng(7);
  std::vector<float> labels;
  std::vector<int32_t> groups;
  std::vector<double> scores;
  for (int q = 0; q < 500; ++q) {
    const int size = 1 + static_cast<int>(rng() % 40);
    groups.push_back(size);
    for (int i = 0; i < size; ++i) {
      labels.push_back(static_cast<float>(rng() % 5));
      scores.push_back(static_cast<double>(rng() % 1000) / 1000.0);
    }
  }
  const LabelView data{labels, {}, groups};
  for (const char* name : {"ndcg", "map"}) {
    auto metrics = Make(name, {"1", "5", "10"});
    EXPECT_EQ(EvaluateAll(metrics, scores, data, 1), EvaluateAll(metrics, scores, data, 4));
  }
}

}  // namespace
}  // namespace qgbm
