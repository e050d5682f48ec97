// Gradients of ranking objectives, query by query: each query's rows get gradients that depend
// only on that query, so queries run in parallel (blocks of consecutive queries, any thread)
// and the result is the same on any thread count. Each row's gradient and hessian are then
// scaled by the row's own weight, as LightGBM's RankingObjective does (LightGBM's query weights,
// the mean row weight of a query, are used by the ranking metrics only; the two agree when
// weights are constant within each query, the usual way to weight queries).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/label_view.h"
#include "common/parallel_for.h"
#include "metric/dcg.h"

namespace qgbm {

// fn(query, scores, labels, order scratch, grad out, hess out) fills one query's double
// gradients; the outputs arrive zeroed and sized to the query.
template <class QueryFn>
void ComputeQueryGradients(std::span<const double> scores, const LabelView& data, int threads,
                           std::span<float> grad, std::span<float> hess, QueryFn&& fn) {
  const std::vector<int64_t> offsets = QueryOffsets(data.group_sizes);
  const auto queries = static_cast<int64_t>(data.group_sizes.size());
  const int64_t blocks = NumBlocks(queries, 16, 4096);
  ParallelForDynamic(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(queries, blocks, b);
    std::vector<int32_t> order;
    std::vector<double> g, h;
    for (int64_t q = range.begin; q < range.end; ++q) {
      const int64_t begin = offsets[static_cast<size_t>(q)];
      const int64_t size = offsets[static_cast<size_t>(q) + 1] - begin;
      g.assign(static_cast<size_t>(size), 0.0);
      h.assign(static_cast<size_t>(size), 0.0);
      fn(q, scores.subspan(begin, size), data.labels.subspan(begin, size), &order,
         std::span<double>(g), std::span<double>(h));
      for (int64_t i = 0; i < size; ++i) {
        const double w = data.weights.empty() ? 1.0 : data.weights[begin + i];
        grad[begin + i] = static_cast<float>(g[static_cast<size_t>(i)] * w);
        hess[begin + i] = static_cast<float>(h[static_cast<size_t>(i)] * w);
      }
    }
  });
}

}  // namespace qgbm
