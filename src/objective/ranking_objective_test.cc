#include <cmath>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "objective/lambdarank.h"
#include "objective/objective.h"
#include "objective/rank_xendcg.h"

namespace qgbm {
namespace {

std::unique_ptr<Objective> Make(const std::string& name, RankingParams ranking = {}) {
  BoostingParams p;
  p.objective = name;
  auto o = CreateObjective(p, ranking);
  EXPECT_TRUE(o.ok()) << o.status().message();
  return std::move(o).value();
}

struct Gradients {
  std::vector<float> grad, hess;
};

Gradients Compute(Objective& o, const std::vector<double>& scores, const LabelView& data,
                  int threads = 1) {
  Gradients g{std::vector<float>(scores.size()), std::vector<float>(scores.size())};
  o.ComputeGradients(scores, data, threads, g.grad, g.hess);
  return g;
}

// LambdaRank written pair by pair over rows, as in the LambdaMART paper: every pair of rows
// with different labels whose better-placed member is among the top `truncation` positions.
Gradients BruteForceLambdarank(const std::vector<double>& s, const std::vector<float>& y,
                               int truncation, bool norm) {
  const size_t n = y.size();
  std::vector<size_t> by_score(n);
  for (size_t i = 0; i < n; ++i) by_score[i] = i;
  std::stable_sort(by_score.begin(), by_score.end(),
                   [&](size_t a, size_t b) { return s[a] > s[b]; });
  std::vector<int> position(n);
  for (size_t p = 0; p < n; ++p) position[by_score[p]] = static_cast<int>(p);
  auto gain = [](float label) { return std::pow(2.0, label) - 1.0; };
  auto discount = [](int p) { return 1.0 / std::log2(p + 2.0); };
  std::vector<float> sorted_labels(y);
  std::sort(sorted_labels.rbegin(), sorted_labels.rend());
  double max_dcg = 0.0;
  for (size_t p = 0; p < std::min<size_t>(n, truncation); ++p)
    max_dcg += gain(sorted_labels[p]) * discount(static_cast<int>(p));
  const bool all_equal =
      *std::max_element(s.begin(), s.end()) == *std::min_element(s.begin(), s.end());
  std::vector<double> g(n, 0.0), h(n, 0.0);
  double total = 0.0;
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      if (!(y[a] > y[b])) continue;  // a is the more relevant row
      if (std::min(position[a], position[b]) >= truncation) continue;
      double delta = (gain(y[a]) - gain(y[b])) *
                     std::fabs(discount(position[a]) - discount(position[b])) / max_dcg;
      if (norm && !all_equal) delta /= 0.01 + std::fabs(s[a] - s[b]);
      const double rho = 1.0 / (1.0 + std::exp(s[a] - s[b]));
      g[a] -= delta * rho;
      g[b] += delta * rho;
      h[a] += delta * rho * (1 - rho);
      h[b] += delta * rho * (1 - rho);
      total += 2 * delta * rho;
    }
  }
  const double factor = norm && total > 0 ? std::log2(1 + total) / total : 1.0;
  Gradients out;
  for (size_t i = 0; i < n; ++i) {
    out.grad.push_back(static_cast<float>(g[i] * factor));
    out.hess.push_back(static_cast<float>(h[i] * factor));
  }
  return out;
}

void ExpectNear(const Gradients& a, const Gradients& b) {
  ASSERT_EQ(a.grad.size(), b.grad.size());
  for (size_t i = 0; i < a.grad.size(); ++i) {
    EXPECT_NEAR(a.grad[i], b.grad[i], 1e-6 * (1 + std::fabs(b.grad[i]))) << i;
    EXPECT_NEAR(a.hess[i], b.hess[i], 1e-6 * (1 + std::fabs(b.hess[i]))) << i;
  }
}

TEST(LambdarankTest, TwoDocumentsByHand) {
  auto o = Make("lambdarank");
  const std::vector<float> labels = {1, 0};
  const std::vector<int32_t> groups = {2};
  // Equal scores: no score-gap normalisation; ρ = 1/2; max DCG = 1.
  const Gradients got = Compute(*o, {0.0, 0.0}, LabelView{labels, {}, groups});
  const double delta = 1.0 - 1.0 / std::log2(3.0);
  const double lambda = -delta * 0.5, h = delta * 0.25;
  const double factor = std::log2(1.0 + delta) / delta;
  EXPECT_NEAR(got.grad[0], lambda * factor, 1e-7);
  EXPECT_NEAR(got.grad[1], -lambda * factor, 1e-7);
  EXPECT_NEAR(got.hess[0], h * factor, 1e-7);
  EXPECT_NEAR(got.hess[1], h * factor, 1e-7);
}

TEST(LambdarankTest, MatchesBruteForcePairsOnTinyQueries) {
  std::mt19937 rng(3);
  for (int truncation : {30, 2}) {
    for (bool norm : {true, false}) {
      for (int trial = 0; trial < 20; ++trial) {
        const int n = 2 + static_cast<int>(rng() % 7);
        std::vector<float> labels;
        std::vector<double> scores;
        for (int i = 0; i < n; ++i) {
          labels.push_back(static_cast<float>(rng() % 4));
          scores.push_back(static_cast<double>(rng() % 7) * 0.3 - 1.0);  // ties happen
        }
        RankingParams ranking;
        ranking.lambdarank_truncation_level = truncation;
        ranking.lambdarank_norm = norm;
        auto o = Make("lambdarank", ranking);
        const std::vector<int32_t> groups = {n};
        ExpectNear(Compute(*o, scores, LabelView{labels, {}, groups}),
                   BruteForceLambdarank(scores, labels, truncation, norm));
      }
    }
  }
}

TEST(LambdarankTest, QueriesAreIndependentAndRowsWeighted) {
  auto o = Make("lambdarank");
  const std::vector<float> labels = {2, 0, 1, 0, 0, 1, 3};
  const std::vector<float> weights = {1, 1, 1, 2, 0.5f, 3, 1};  // LightGBM scales rows, not queries
  const std::vector<int32_t> groups = {3, 4};
  const std::vector<double> scores = {0.1, 0.4, -0.2, 1.0, 0.5, 0.0, -0.5};
  const Gradients both = Compute(*o, scores, LabelView{labels, weights, groups});
  const Gradients first = BruteForceLambdarank({0.1, 0.4, -0.2}, {2, 0, 1}, 30, true);
  const Gradients second = BruteForceLambdarank({1.0, 0.5, 0.0, -0.5}, {0, 0, 1, 3}, 30, true);
  for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(both.grad[i], first.grad[i], 1e-6);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(both.grad[3 + i], weights[3 + i] * second.grad[i], 1e-6);
    EXPECT_NEAR(both.hess[3 + i], weights[3 + i] * second.hess[i], 1e-6);
  }
}

TEST(LambdarankTest, QueryWithOneLabelValueHasZeroGradients) {
  auto o = Make("lambdarank");
  const std::vector<float> labels = {0, 0, 0, 1};
  const std::vector<int32_t> groups = {3, 1};
  const Gradients got = Compute(*o, {0.3, 0.1, 0.2, 0.5}, LabelView{labels, {}, groups});
  for (float g : got.grad) EXPECT_EQ(g, 0.0f);
  for (float h : got.hess) EXPECT_EQ(h, 0.0f);
}

TEST(RankingObjectiveTest, RejectsDataWithoutGroupsAndBadLabels) {
  for (const char* name : {"lambdarank", "rank_xendcg"}) {
    auto o = Make(name);
    const std::vector<float> labels = {1, 0, 2};
    const std::vector<int32_t> groups = {3}, wrong_sum = {1, 1};
    EXPECT_NE(o->CheckLabels(LabelView{labels, {}, {}}).message().find("needs query groups"),
              std::string::npos);
    EXPECT_NE(o->CheckLabels(LabelView{labels, {}, wrong_sum}).message().find("sum to 2"),
              std::string::npos);
    EXPECT_TRUE(o->CheckLabels(LabelView{labels, {}, groups}).ok());
    for (float bad : {-1.0f, 0.5f, 31.0f, NAN}) {
      const std::vector<float> b = {1, bad, 0};
      EXPECT_FALSE(o->CheckLabels(LabelView{b, {}, groups}).ok()) << name << " " << bad;
    }
  }
  RankingParams three_gains;
  three_gains.label_gain = {"0", "1", "3"};
  auto o = Make("lambdarank", three_gains);
  const std::vector<float> labels = {0, 3};
  const std::vector<int32_t> groups = {2};
  EXPECT_NE(o->CheckLabels(LabelView{labels, {}, groups}).message().find("label_gain"),
            std::string::npos);
}

TEST(RankXendcgTest, GradientsFollowTheFormula) {
  const std::vector<double> scores = {0.5, -0.2, 0.1};
  const std::vector<float> labels = {2, 0, 1};
  const std::vector<double> gamma = {0.25, 0.5, 0.75};
  std::vector<double> g(3, 0.0), h(3, 0.0);
  RankXendcg::QueryGradients(scores, labels, gamma, g, h);
  // Reference: the three-term series of LightGBM's RankXENDCG, written out.
  double z = 0;
  for (double s : scores) z += std::exp(s);
  std::vector<double> rho(3), phi(3);
  double sum_phi = 0;
  for (int i = 0; i < 3; ++i) {
    rho[i] = std::exp(scores[i]) / z;
    phi[i] = std::pow(2.0, labels[i]) - gamma[i];
    sum_phi += phi[i];
  }
  std::vector<double> t1(3), t2(3), t3(3);
  double l1 = 0, l2 = 0;
  for (int i = 0; i < 3; ++i) l1 += (t1[i] = -phi[i] / sum_phi + rho[i]) / (1 - rho[i]);
  for (int i = 0; i < 3; ++i) l2 += (t2[i] = rho[i] * (l1 - t1[i] / (1 - rho[i]))) / (1 - rho[i]);
  for (int i = 0; i < 3; ++i) t3[i] = rho[i] * (l2 - t2[i] / (1 - rho[i]));
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(g[i], t1[i] + t2[i] + t3[i], 1e-12);
    EXPECT_NEAR(h[i], rho[i] * (1 - rho[i]), 1e-12);
  }
  EXPECT_LT(g[0], 0.0);  // the most relevant row is pushed up
}

TEST(RankXendcgTest, DrawsChangeWithIterationAndSeedOnly) {
  RankingParams ranking;
  auto a = Make("rank_xendcg", ranking);
  auto b = Make("rank_xendcg", ranking);
  ranking.objective_seed = 6;
  auto c = Make("rank_xendcg", ranking);
  const std::vector<float> labels = {2, 0, 1, 1, 0};
  const std::vector<int32_t> groups = {3, 1, 1};  // one-row queries get zeros
  const std::vector<double> scores = {0.5, -0.2, 0.1, 0.3, 0.0};
  const LabelView data{labels, {}, groups};
  a->BeginIteration(4);
  b->BeginIteration(4);
  c->BeginIteration(4);
  const Gradients ga = Compute(*a, scores, data);
  EXPECT_EQ(ga.grad, Compute(*b, scores, data).grad);
  EXPECT_NE(ga.grad, Compute(*c, scores, data).grad);
  b->BeginIteration(5);
  EXPECT_NE(ga.grad, Compute(*b, scores, data).grad);
  EXPECT_EQ(ga.grad[3], 0.0f);
  EXPECT_EQ(ga.hess[4], 0.0f);
}

TEST(RankingObjectiveTest, IndependentOfThreadCount) {
  std::mt19937 rng(11);
  std::vector<float> labels;
  std::vector<int32_t> groups;
  std::vector<double> scores;
  for (int q = 0; q < 400; ++q) {
    const int size = 1 + static_cast<int>(rng() % 50);
    groups.push_back(size);
    for (int i = 0; i < size; ++i) {
      labels.push_back(static_cast<float>(rng() % 5));
      scores.push_back(static_cast<double>(rng() % 1000) / 500.0);
    }
  }
  const LabelView data{labels, {}, groups};
  for (const char* name : {"lambdarank", "rank_xendcg"}) {
    auto o = Make(name);
    o->BeginIteration(2);
    const Gradients one = Compute(*o, scores, data, 1), four = Compute(*o, scores, data, 4);
    EXPECT_EQ(one.grad, four.grad) << name;
    EXPECT_EQ(one.hess, four.hess) << name;
  }
}

}  // namespace
}  // namespace qgbm
