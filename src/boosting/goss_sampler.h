// Gradient-based one-side sampling (GOSS, LightGBM's data_sample_strategy=goss): an iteration
// trains on the rows with the largest |gradient x hessian| and a random share of the others,
// whose gradients and hessians are scaled up so that every sum stays an unbiased estimate.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace qgbm {

struct GossOptions {
  double top_rate = 0.2;    // share of the rows kept for their large gradients
  double other_rate = 0.1;  // share of all rows drawn from the rest
};

// LightGBM's rule: GOSS starts after the first 1 / learning_rate iterations (the gradients of
// the first trees are all large alike).
bool GossActive(int iteration, double learning_rate);

// Rows kept (ascending) for one iteration. grad and hess hold `outputs` blocks of `rows` values;
// a row's size is the sum over outputs of |g * h|. The top_rate * rows largest (ties at the
// threshold kept too) stay; each other row is kept with probability
// other_rate * rows / (rows - top), keyed by (key, row), and its gradients and hessians (every
// output) are multiplied by (rows - top) / (other_rate * rows) in place. The sample does not
// depend on the thread count.
std::vector<int32_t> GossRows(std::span<float> grad, std::span<float> hess, int64_t rows,
                              int outputs, const GossOptions& options, uint64_t key, int threads);

}  // namespace qgbm
