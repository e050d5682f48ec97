// GbdtTrainer's data-parallel parts: what machines check at the start, the labels and scores
// gathered from every machine, percentile renewal over every machine's leaf rows, and the
// traffic report. See docs/distributed.md.
#include <algorithm>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "boosting/gbdt_trainer.h"
#include "collective/gather.h"
#include "config/config_parser.h"

namespace qgbm {

Status GbdtTrainer::CheckSameConfiguration() const {
  // Machines that train with different parameters or features would run different collectives
  // and hang or build different trees: compare a digest of what shapes the model first.
  // Where data and outputs live, threads and logging may differ between machines.
  static const char* const kPerMachine[] = {
      "data",        "valid",        "output_model",  "output_result", "input_model",
      "num_threads", "verbosity",    "snapshot_freq", "metric_freq",   "histogram_pool_size",
      "task",        "pre_partition"};
  std::string text = "features=" + std::to_string(train_.num_total_features()) +
                     " used=" + std::to_string(train_.num_used_features()) +
                     " valid_sets=" + std::to_string(valids_.size());
  for (const auto& [key, value] : ParamsToKeyValues(params_)) {
    bool per_machine = false;
    for (const char* k : kPerMachine) per_machine = per_machine || key == k;
    if (!per_machine) text += " " + key + "=" + value;
  }
  uint64_t digest = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) digest = (digest ^ c) * 1099511628211ull;
  QGBM_ASSIGN_OR_RETURN(const std::vector<uint64_t> all,
                        GatherInRankOrder(*comm_, std::span<const uint64_t>(&digest, 1)));
  for (size_t r = 0; r < all.size(); ++r) {
    if (all[r] != all[0]) {
      return Status::InvalidArgument(
          "data-parallel training: machine " + std::to_string(r) +
          " has other training "
          "parameters, features or validation sets than machine 0; every machine must train "
          "with the same settings (this machine: " +
          text + ")");
    }
  }
  return Status::Ok();
}

StatusOr<Metadata> GbdtTrainer::GlobalLabels(const Dataset& data) const {
  const Metadata& local = data.metadata();
  if (!Distributed()) return local;
  Metadata all;
  QGBM_ASSIGN_OR_RETURN(all.labels,
                        GatherInRankOrder(*comm_, std::span<const float>(local.labels)));
  QGBM_ASSIGN_OR_RETURN(all.weights,
                        GatherInRankOrder(*comm_, std::span<const float>(local.weights)));
  QGBM_ASSIGN_OR_RETURN(all.group_sizes,
                        GatherInRankOrder(*comm_, std::span<const int32_t>(local.group_sizes)));
  if (!all.weights.empty() && all.weights.size() != all.labels.size()) {
    return Status::InvalidArgument(
        "data-parallel training: some machines' data have weights and some have none");
  }
  return all;
}

StatusOr<std::vector<double>> GbdtTrainer::GlobalScores(const std::vector<double>& local,
                                                        int64_t rows) const {
  if (!Distributed()) return local;
  // Output-major on every machine: gather output by output.
  std::vector<double> all;
  const int k = model_.num_tree_per_iteration;
  for (int c = 0; c < k; ++c) {
    const std::span<const double> block(local.data() + static_cast<size_t>(c * rows),
                                        static_cast<size_t>(rows));
    QGBM_ASSIGN_OR_RETURN(std::vector<double> gathered, GatherInRankOrder(*comm_, block));
    all.insert(all.end(), gathered.begin(), gathered.end());
  }
  return all;
}

Status GbdtTrainer::RenewLeafOutputsOverMachines(int output, Tree* tree) const {
  // Percentiles need every row of a leaf: each machine sends its rows' labels, scores and
  // weights leaf by leaf, and all machines renew every leaf from the rows in global order (a
  // machine's leaf rows are ascending, machines hold consecutive rows). Traffic: 16 bytes per
  // in-bag row per tree.
  const size_t n = static_cast<size_t>(train_.num_rows());
  const double* scores = train_scores_.data() + static_cast<size_t>(output) * n;
  const Metadata& meta = train_.metadata();
  const RowPartitioner& part = grower_->partitioner();
  const int leaves = tree->num_leaves();
  std::vector<int64_t> counts;
  std::vector<float> labels, weights;
  std::vector<double> leaf_scores;
  for (int l = 0; l < leaves; ++l) {
    const std::span<const int32_t> rows = part.Rows(l);
    counts.push_back(static_cast<int64_t>(rows.size()));
    for (int32_t r : rows) {
      labels.push_back(meta.labels[static_cast<size_t>(r)]);
      leaf_scores.push_back(scores[r]);
      if (!meta.weights.empty()) weights.push_back(meta.weights[static_cast<size_t>(r)]);
    }
  }
  QGBM_ASSIGN_OR_RETURN(const std::vector<int64_t> all_counts,
                        GatherInRankOrder(*comm_, std::span<const int64_t>(counts)));
  QGBM_ASSIGN_OR_RETURN(const std::vector<float> all_labels,
                        GatherInRankOrder(*comm_, std::span<const float>(labels)));
  QGBM_ASSIGN_OR_RETURN(const std::vector<double> all_scores,
                        GatherInRankOrder(*comm_, std::span<const double>(leaf_scores)));
  QGBM_ASSIGN_OR_RETURN(const std::vector<float> all_weights,
                        GatherInRankOrder(*comm_, std::span<const float>(weights)));
  const int ranks = comm_->size();
  // Where each machine's block starts in the gathered arrays, then each leaf's rows within it.
  std::vector<int64_t> block(static_cast<size_t>(ranks) + 1, 0);
  for (int r = 0; r < ranks; ++r) {
    int64_t rows = 0;
    for (int l = 0; l < leaves; ++l) rows += all_counts[static_cast<size_t>(r * leaves + l)];
    block[static_cast<size_t>(r) + 1] = block[static_cast<size_t>(r)] + rows;
  }
  std::vector<int64_t> at(block.begin(), block.end() - 1);
  for (int l = 0; l < leaves; ++l) {
    std::vector<float> leaf_labels, leaf_weights;
    std::vector<double> leaf_scores_all;
    for (int r = 0; r < ranks; ++r) {
      const int64_t count = all_counts[static_cast<size_t>(r * leaves + l)];
      const auto from = static_cast<size_t>(at[static_cast<size_t>(r)]);
      const auto to = from + static_cast<size_t>(count);
      leaf_labels.insert(leaf_labels.end(), all_labels.begin() + static_cast<ptrdiff_t>(from),
                         all_labels.begin() + static_cast<ptrdiff_t>(to));
      leaf_scores_all.insert(leaf_scores_all.end(),
                             all_scores.begin() + static_cast<ptrdiff_t>(from),
                             all_scores.begin() + static_cast<ptrdiff_t>(to));
      if (!all_weights.empty()) {
        leaf_weights.insert(leaf_weights.end(), all_weights.begin() + static_cast<ptrdiff_t>(from),
                            all_weights.begin() + static_cast<ptrdiff_t>(to));
      }
      at[static_cast<size_t>(r)] += count;
    }
    double value = 0.0;  // an empty leaf keeps 0, as LightGBM's
    if (!leaf_labels.empty()) {
      std::vector<int32_t> rows(leaf_labels.size());
      for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<int32_t>(i);
      const LabelView view{leaf_labels, leaf_weights, {}};
      value =
          grower_->ClampToLeafBounds(l, objective_->RenewLeafOutput(rows, leaf_scores_all, view));
    }
    tree->set_leaf_value(l, value);
  }
  return Status::Ok();
}

std::string GbdtTrainer::CommunicationSummary() const {
  const GrowerTimes& g = grower_->times();
  const int iterations = std::max(1, iteration_);
  char buf[300];
  std::snprintf(buf, sizeof(buf),
                "histograms summed over machines: %lld bins, %lld bytes sent (%lld per "
                "iteration; as float64 pairs %lld, %.2fx more)",
                static_cast<long long>(g.reduced_bins), static_cast<long long>(g.reduced_bytes),
                static_cast<long long>(g.reduced_bytes / iterations),
                static_cast<long long>(16 * g.reduced_bins),
                g.reduced_bytes > 0 ? 16.0 * static_cast<double>(g.reduced_bins) /
                                          static_cast<double>(g.reduced_bytes)
                                    : 0.0);
  return buf;
}

}  // namespace qgbm
