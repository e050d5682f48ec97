// GbdtTrainer: the boosting loop. Owns the scores of the training and validation sets and the
// model being built.
//
// One iteration (TrainOneIteration) is a fixed list of steps:
//   1. objective gradients from the current training scores;
//   2. bagging (every bagging_freq iterations) and column sampling;
//   3. quantize the gradients (use_quantized_grad) — once per tree;
//   4. grow the tree (TreeGrower);
//   5. objectives that renew leaves (L1, quantile) refit each leaf from its rows' residuals;
//   6. shrink it by learning_rate and append it to the model;
//   7. update scores: in-bag rows from the grower's leaf rows, other rows and validation sets by
//      routing their bins through the tree (no re-prediction from floats);
//   8. evaluate metrics every metric_freq iterations; ask early stopping.
#pragma once

#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "qgbm/params.h"

#include "boosting/early_stopping.h"
#include "collective/communicator.h"
#include "common/context.h"
#include "common/large_page_allocator.h"
#include "data/dataset.h"
#include "gradient/gradient_quantizer.h"
#include "learner/grow/tree_grower.h"
#include "metric/metric.h"
#include "model/model.h"
#include "objective/objective.h"

namespace qgbm {

struct ValidationSet {
  std::string name;
  const Dataset* data;
};

class GbdtTrainer {
 public:
  // `base_model` (may be null) is continued: its trees are kept and its init scores reused; the
  // datasets' init_scores must then hold its predictions.
  // Data-parallel training: `comm` holds the machines, each trainer gets this machine's rows of
  // the training and validation sets (train.row_offset() says where they start) and every one
  // builds the model a single machine builds on all rows, bit for bit. nullptr: one machine.
  static StatusOr<std::unique_ptr<GbdtTrainer>> Create(const Params& params, const Dataset& train,
                                                       std::vector<ValidationSet> valids,
                                                       const Model* base_model, const Context& ctx,
                                                       Communicator* comm = nullptr);

  // Runs all iterations with logging and early stopping.
  Status Train();
  // One boosting iteration; *stopped is set when no tree could split any more.
  Status TrainOneIteration(bool* stopped);

  // Step-by-step training (the C API drives the iterations; early stopping is its caller's).
  // One iteration from the caller's gradients and hessians, num_rows x outputs each,
  // output-major (a custom objective; the trainer's objective computes none).
  Status TrainOneIterationWithGradients(std::span<const float> grad, std::span<const float> hess,
                                        bool* stopped);
  // Removes the last iteration this trainer added: its trees and their training and validation
  // scores. A continued model's own iterations cannot be removed.
  Status RollbackOneIteration();
  // Data set index: 0 = training data, i >= 1 = validation set i - 1.
  int num_data_sets() const { return 1 + static_cast<int>(valids_.size()); }
  // Metric names ("auc", "ndcg@5") and whether higher is better, in evaluation order.
  std::vector<std::string> MetricNames() const;
  std::vector<bool> MetricHigherIsBetter() const;
  // Every metric on data set data_idx for the model so far (also on the training data when
  // is_training_metric is false).
  StatusOr<std::vector<double>> EvaluateDataSet(int data_idx);
  // Current predictions of data set data_idx, transformed (probabilities for binary),
  // output-major.
  StatusOr<std::vector<double>> Predictions(int data_idx) const;

  // Learning-rate schedules: the rate of the trees grown from now on.
  void set_learning_rate(double rate) { params_.boosting.learning_rate = rate; }

  const Model& model() const { return model_; }
  Model&& ReleaseModel() { return std::move(model_); }
  // Raw training scores, output-major (scores[k * rows + row]).
  const std::vector<double>& train_scores() const { return train_scores_; }
  int iteration() const { return iteration_; }
  // Where training time went, one line (logged at debug verbosity by Train).
  std::string TimeBreakdown() const;
  // Histogram work, one line: row visits, bin updates (visits x used columns) and seconds
  // (building plus subtracting). The benchmark harness reads it to compare with the machine.
  std::string HistogramSummary() const;
  // Data-parallel training: the histogram traffic, one line (bins summed over machines, bytes
  // sent in packed widths, and what float64 pairs would have needed).
  std::string CommunicationSummary() const;

 private:
  GbdtTrainer(const Params& params, const Dataset& train, std::vector<ValidationSet> valids,
              const Context& ctx, Communicator* comm);
  Status Init(const Model* base_model);
  bool Distributed() const { return comm_ != nullptr && comm_->size() > 1; }
  // Full-precision data-parallel training (tree_learner=data, on any number of machines, one
  // included): histograms of 64-bit fixed-point gradients, exact in any split of the rows, so
  // every machine count trains the same model (GradientQuantizer::ToFixedPoint).
  bool FixedPointHistograms() const {
    return !params_.quant.use_quantized_grad &&
           (params_.system.tree_learner == "data" || Distributed());
  }
  // Every machine trains with the same parameters and features (an error names one that does
  // not).
  Status CheckSameConfiguration() const;
  // The labels (and weights, query groups) of all machines' rows, in global row order: what
  // one machine sees. Data-parallel training computes initial scores and metrics from them.
  StatusOr<Metadata> GlobalLabels(const Dataset& data) const;
  // The scores of all machines' rows of a data set, output-major over the global rows.
  StatusOr<std::vector<double>> GlobalScores(const std::vector<double>& local, int64_t rows) const;
  // Metrics by name ("ndcg" and "map" expand over eval_at), checked against the data they score.
  Status CreateMetrics(const std::vector<std::string>& names);
  void InitScores(const Dataset& data, std::vector<double>* scores) const;
  void RenewLeafOutputs(int output, Tree* tree) const;
  // The same with several machines: each leaf's rows gathered from all of them.
  Status RenewLeafOutputsOverMachines(int output, Tree* tree) const;
  Status GrowOutputTree(int output, const std::vector<int32_t>& bag, bool* grew);
  void AddTreeToScores(const GrownTree& grown, int output, const std::vector<int32_t>& bag);
  StatusOr<std::vector<double>> Evaluate(bool log, std::vector<bool>* higher_is_better) const;
  // The metrics on one data set, appended to *results (and to *line for the log); with several
  // machines over every machine's rows.
  Status EvaluateSet(const std::string& name, const Dataset& data,
                     const std::vector<double>& local_raw, std::vector<double>* results,
                     std::vector<bool>* higher_is_better, std::ostringstream* line) const;
  // Steps 2-7 of an iteration, once grad_ and hess_ hold the gradients.
  Status GrowIteration(bool* stopped);
  Status CheckDataSetIndex(int data_idx) const;
  const std::vector<int32_t>& CurrentBag();
  // LightGBM's balanced bagging: binary with pos_ or neg_bagging_fraction below 1.
  bool BalancedBagging() const {
    return objective_->name() == "binary" && (params_.boosting.pos_bagging_fraction < 1.0 ||
                                              params_.boosting.neg_bagging_fraction < 1.0);
  }
  // Bagging draws a subset every bagging_freq iterations.
  bool Bagging() const {
    return params_.boosting.bagging_freq > 0 &&
           (params_.boosting.bagging_fraction < 1.0 || BalancedBagging());
  }
  bool Goss() const {
    return params_.boosting.data_sample_strategy == "goss" || params_.boosting.boosting == "goss";
  }
  // GOSS's parameter checks (bagging, rates, one machine).
  Status CheckGoss() const;
  // This iteration's GOSS rows (gradients of the drawn ones scaled up in grad_ and hess_); empty,
  // meaning every row, during the warm-up.
  const std::vector<int32_t>& GossBag();
  // in_bag_ from bag_ (the flags that AddTreeToScores reads for the rows out of the bag).
  void MarkInBag();
  // Saves the model so far every snapshot_freq iterations (to <output_model>.snapshot_iter_N).
  Status MaybeSnapshot() const;

  Params params_;
  const Dataset& train_;
  std::vector<ValidationSet> valids_;
  const Context& ctx_;
  Communicator* comm_;
  std::unique_ptr<Objective> objective_;
  std::vector<std::unique_ptr<Metric>> metrics_;
  std::unique_ptr<TreeGrower> grower_;
  GradientQuantizer quantizer_;
  EarlyStopping early_stopping_;
  Model model_;
  std::vector<double> train_scores_;
  std::vector<std::vector<double>> valid_scores_;
  std::vector<bool> outputs_to_train_;  // outputs that get trees grown (the rest constant zero)
  LargeVector<float> grad_, hess_;      // read at scattered rows: large pages (see the allocator)
  LargeVector<uint16_t> packed_;
  LargeVector<int64_t> fixed_grad_, fixed_hess_;  // FixedPointHistograms() only
  int64_t global_rows_ = 0;                       // training rows of all machines
  // The training matrix's gradient slots, when this trainer got them: packed_ is copied there
  // for the histogram builds (see BinnedMatrix::HasGradientSlots).
  std::unique_ptr<GradientSlotClaim> slots_;
  // Per tree this trainer added (model_.trees after the continued model's): its bin-level
  // rules and whether its leaf values were added to the scores, so that a rollback can take
  // them out again.
  struct TreeRoute {
    std::vector<SplitRule> rules;
    bool scored = false;
  };
  std::vector<TreeRoute> routes_;
  bool train_metrics_checked_ = false;  // the metrics' CheckData on the training data ran
  std::vector<int32_t> bag_;
  std::vector<uint8_t> in_bag_;
  bool goss_scaled_ = false;  // this iteration's GOSS scaled some hessians: none is constant
  double gradient_seconds_ = 0.0, sample_seconds_ = 0.0, quantize_seconds_ = 0.0,
         grow_seconds_ = 0.0, score_seconds_ = 0.0, eval_seconds_ = 0.0,
         renew_seconds_ = 0.0;  // objective leaf renewal (L1, quantile)
  int iteration_ = 0;           // iterations trained by this trainer
  int base_iterations_ = 0;     // iterations of the continued model
};

}  // namespace qgbm
