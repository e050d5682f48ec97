#include "boosting/gbdt_trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <sstream>
#include <utility>

#include "boosting/goss_sampler.h"
#include "boosting/row_sampler.h"
#include "boosting/trainer_views.h"
#include "collective/gather.h"
#include "common/parallel_for.h"
#include "common/random.h"
#include "common/timer.h"
#include "config/config_parser.h"
#include "config/constraint_params.h"
#include "metric/ranking_metric.h"
#include "model/model_io.h"

namespace qgbm {
namespace {

// The constraints parsed and checked against the training data's features.
StatusOr<TreeConstraintOptions> MakeConstraintOptions(const TreeParams& tree, const Dataset& data) {
  QGBM_RETURN_IF_ERROR(CheckConstraintsFitFeatures(tree, data.num_total_features(), data.source()));
  TreeConstraintOptions o;
  QGBM_ASSIGN_OR_RETURN(o.monotone, ParseMonotoneConstraints(tree.monotone_constraints));
  o.monotone_penalty = tree.monotone_penalty;
  QGBM_ASSIGN_OR_RETURN(o.interaction_sets,
                        ParseInteractionConstraints(tree.interaction_constraints));
  return o;
}

GrowerOptions MakeGrowerOptions(const Params& p) {
  GrowerOptions o;
  o.num_leaves = p.tree.num_leaves;
  o.max_depth = p.tree.max_depth;
  o.grow_policy =
      p.tree.grow_policy == "depthwise" ? GrowPolicy::kDepthwise : GrowPolicy::kLossguide;
  o.split.min_data_in_leaf = p.tree.min_data_in_leaf;
  o.split.min_sum_hessian_in_leaf = p.tree.min_sum_hessian_in_leaf;
  o.split.lambda_l1 = p.tree.lambda_l1;
  o.split.lambda_l2 = p.tree.lambda_l2;
  o.split.min_gain_to_split = p.tree.min_gain_to_split;
  o.split.max_delta_step = p.tree.max_delta_step;
  o.categorical.max_cat_to_onehot = p.tree.max_cat_to_onehot;
  o.categorical.max_cat_threshold = p.tree.max_cat_threshold;
  o.categorical.cat_smooth = p.tree.cat_smooth;
  o.categorical.cat_l2 = p.tree.cat_l2;
  o.categorical.min_data_per_group = p.tree.min_data_per_group;
  o.renew_leaves = p.quant.quant_train_renew_leaf;
  o.histogram_pool_bytes = p.system.histogram_pool_size * 1024.0 * 1024.0;
  if (p.system.force_col_wise) o.histogram_layout = HistogramLayout::kColumnWise;
  if (p.system.force_row_wise) o.histogram_layout = HistogramLayout::kRowWise;
  o.feature_fraction_bynode = p.boosting.feature_fraction_bynode;
  return o;
}

// Initial scores given with the data (side file, continued model) must hold k per row.
Status CheckInitScores(const Dataset& data, int k) {
  const size_t have = data.metadata().init_scores.size();
  const size_t want = static_cast<size_t>(data.num_rows()) * static_cast<size_t>(k);
  if (have == 0 || have == want) return Status::Ok();
  return Status::DataError("initial scores of '" + data.source() + "' hold " +
                           std::to_string(have) + " values, expected " + std::to_string(k) +
                           " per row (" + std::to_string(want) + ")");
}

}  // namespace

GbdtTrainer::GbdtTrainer(const Params& params, const Dataset& train,
                         std::vector<ValidationSet> valids, const Context& ctx, Communicator* comm)
    : params_(params),
      train_(train),
      valids_(std::move(valids)),
      ctx_(ctx),
      comm_(comm),
      quantizer_(
          QuantizerOptions{params.quant.num_grad_quant_bins, params.quant.stochastic_rounding,
                           static_cast<uint64_t>(params.system.seed)},
          comm, train.row_offset()),
      early_stopping_(params.boosting.early_stopping_round, params.boosting.first_metric_only) {}

StatusOr<std::unique_ptr<GbdtTrainer>> GbdtTrainer::Create(const Params& params,
                                                           const Dataset& train,
                                                           std::vector<ValidationSet> valids,
                                                           const Model* base_model,
                                                           const Context& ctx, Communicator* comm) {
  std::unique_ptr<GbdtTrainer> t(new GbdtTrainer(params, train, std::move(valids), ctx, comm));
  QGBM_RETURN_IF_ERROR(t->Init(base_model));
  return t;
}

Status GbdtTrainer::Init(const Model* base_model) {
  QGBM_ASSIGN_OR_RETURN(objective_, CreateObjective(params_.boosting, params_.ranking));
  if (Distributed()) {
    QGBM_RETURN_IF_ERROR(CheckSameConfiguration());
  }
  const Metadata& meta = train_.metadata();
  if (meta.labels.empty())
    return Status::DataError("training data '" + train_.source() + "' has no labels");
  Status labels_ok = objective_->CheckLabels(Labels(meta));
  if (!labels_ok.ok())
    return Status::DataError("training data '" + train_.source() + "': " + labels_ok.message());
  const int k = objective_->num_outputs();
  std::vector<std::string> metric_names = params_.boosting.metric;
  if (metric_names.empty()) metric_names.push_back(objective_->default_metric());
  QGBM_RETURN_IF_ERROR(CreateMetrics(metric_names));
  // Validation labels too, after the metrics' own checks (whose errors name the metric): the
  // metrics index by them (multiclass) or assume their range.
  for (const ValidationSet& v : valids_) {
    if (v.data->metadata().labels.empty()) continue;
    labels_ok = objective_->CheckLabels(Labels(v.data->metadata()));
    if (!labels_ok.ok())
      return Status::DataError("validation data '" + v.data->source() +
                               "': " + labels_ok.message());
  }
  QGBM_RETURN_IF_ERROR(CheckInitScores(train_, k));
  for (const ValidationSet& v : valids_) QGBM_RETURN_IF_ERROR(CheckInitScores(*v.data, k));
  // Statistics over the labels of every row (initial scores, classes present) see all
  // machines' rows in global order, as one machine would.
  QGBM_ASSIGN_OR_RETURN(const Metadata global_meta, GlobalLabels(train_));
  outputs_to_train_ = objective_->OutputsToTrain(Labels(global_meta));
  objective_->SetUp(Labels(global_meta));
  if (base_model != nullptr) {
    if (base_model->objective != objective_->name() || base_model->num_tree_per_iteration != k) {
      return Status::InvalidArgument("input_model was trained with objective '" +
                                     base_model->objective + "', cannot continue it with '" +
                                     objective_->name() + "'");
    }
    model_ = *base_model;
    base_iterations_ = model_.num_iterations();
  } else {
    model_.objective = objective_->name();
    model_.transform = objective_->transform();
    model_.sigmoid = objective_->sigmoid();
    model_.num_tree_per_iteration = k;
    model_.num_features = train_.num_total_features();
    model_.feature_names = train_.feature_names();
    model_.category_names = train_.category_names();
    bool any_names = false;
    for (const auto& names : model_.category_names) any_names = any_names || !names.empty();
    if (!any_names) model_.category_names.clear();
    const bool from_average = params_.boosting.boost_from_average && meta.init_scores.empty();
    model_.init_score = from_average ? objective_->InitScores(Labels(global_meta))
                                     : std::vector<double>(static_cast<size_t>(k), 0.0);
  }
  InitScores(train_, &train_scores_);
  valid_scores_.resize(valids_.size());
  for (size_t v = 0; v < valids_.size(); ++v) InitScores(*valids_[v].data, &valid_scores_[v]);
  const size_t n = static_cast<size_t>(train_.num_rows());
  grad_.resize(n * static_cast<size_t>(k));
  hess_.resize(n * static_cast<size_t>(k));
  if (params_.quant.use_quantized_grad) {
    packed_.resize(n);
    slots_ = std::make_unique<GradientSlotClaim>(train_.matrix());
  }
  global_rows_ = train_.num_rows();
  if (FixedPointHistograms()) {
    fixed_grad_.resize(n);
    fixed_hess_.resize(n);
    if (Distributed()) {
      QGBM_RETURN_IF_ERROR(comm_->AllreduceSum(std::span<int64_t>(&global_rows_, 1)));
    }
  }
  if (Goss()) QGBM_RETURN_IF_ERROR(CheckGoss());
  GrowerOptions grower_options = MakeGrowerOptions(params_);
  QGBM_ASSIGN_OR_RETURN(grower_options.constraints, MakeConstraintOptions(params_.tree, train_));
  // The objective's own renewal replaces the refit from full-precision gradients.
  grower_options.renew_leaves = grower_options.renew_leaves && !objective_->RenewsLeafOutput();
  grower_ = std::make_unique<TreeGrower>(train_, grower_options, ctx_.threads(), comm_);
  return Status::Ok();
}

Status GbdtTrainer::CreateMetrics(const std::vector<std::string>& names) {
  MetricOptions metric_options;
  metric_options.alpha = params_.boosting.alpha;
  metric_options.tweedie_variance_power = params_.boosting.tweedie_variance_power;
  metric_options.fair_c = params_.boosting.fair_c;
  metric_options.multi_error_top_k = params_.boosting.multi_error_top_k;
  const bool multiclass = objective_->num_outputs() > 1;
  for (const std::string& name : names) {
    if (name == "none") continue;
    if (IsRankingMetric(name)) {  // one metric per eval_at cut-off: ndcg@1, ndcg@2, ...
      QGBM_ASSIGN_OR_RETURN(
          std::vector<std::unique_ptr<Metric>> ranking,
          CreateRankingMetrics(name, params_.ranking.eval_at, params_.ranking.label_gain));
      for (auto& m : ranking) metrics_.push_back(std::move(m));
      continue;
    }
    QGBM_ASSIGN_OR_RETURN(std::unique_ptr<Metric> m, CreateMetric(name, metric_options));
    if (m->multiclass() != multiclass) {
      return Status::InvalidArgument("metric '" + name + "' does not fit objective '" +
                                     objective_->name() +
                                     "': multiclass objectives and metrics go together");
    }
    metrics_.push_back(std::move(m));
  }
  // Every dataset a metric will score must suit it (ranking metrics need query groups).
  auto check = [&](const Dataset& data) -> Status {
    for (const auto& m : metrics_) {
      const Status ok = m->CheckData(Labels(data.metadata()));
      if (!ok.ok()) return Status::DataError("data '" + data.source() + "': " + ok.message());
    }
    return Status::Ok();
  };
  for (const ValidationSet& v : valids_) QGBM_RETURN_IF_ERROR(check(*v.data));
  if (params_.io.is_training_metric) QGBM_RETURN_IF_ERROR(check(train_));
  train_metrics_checked_ = params_.io.is_training_metric;
  return Status::Ok();
}

void GbdtTrainer::InitScores(const Dataset& data, std::vector<double>* scores) const {
  const int k = model_.num_tree_per_iteration;
  const size_t n = static_cast<size_t>(data.num_rows());
  const std::vector<double>& init = data.metadata().init_scores;
  scores->assign(n * static_cast<size_t>(k), 0.0);
  for (int c = 0; c < k; ++c) {
    for (size_t r = 0; r < n; ++r) {
      (*scores)[static_cast<size_t>(c) * n + r] = init.empty()
                                                      ? model_.init_score[static_cast<size_t>(c)]
                                                      : init[static_cast<size_t>(c) * n + r];
    }
  }
}

Status GbdtTrainer::CheckGoss() const {
  const BoostingParams& b = params_.boosting;
  if (Bagging()) {
    return Status::InvalidArgument(
        "data_sample_strategy=goss samples rows itself: it cannot be used with bagging "
        "(bagging_freq=" +
        std::to_string(b.bagging_freq) +
        " with bagging_fraction=" + std::to_string(b.bagging_fraction) +
        ", pos_bagging_fraction=" + std::to_string(b.pos_bagging_fraction) +
        " or neg_bagging_fraction=" + std::to_string(b.neg_bagging_fraction) + ")");
  }
  if (b.top_rate + b.other_rate > 1.0) {
    return Status::InvalidArgument(
        "data_sample_strategy=goss needs top_rate + other_rate <= 1, got " +
        std::to_string(b.top_rate) + " + " + std::to_string(b.other_rate));
  }
  if (Distributed() || params_.system.tree_learner == "data") {
    return Status::InvalidArgument(
        "data_sample_strategy=goss is not supported with tree_learner=data yet");
  }
  return Status::Ok();
}

void GbdtTrainer::MarkInBag() {
  in_bag_.assign(static_cast<size_t>(train_.num_rows()), 0);
  for (int32_t r : bag_) in_bag_[static_cast<size_t>(r)] = 1;
}

const std::vector<int32_t>& GbdtTrainer::GossBag() {
  const int global = base_iterations_ + iteration_;
  goss_scaled_ = false;
  if (!GossActive(global, params_.boosting.learning_rate)) {
    bag_.clear();
    return bag_;
  }
  const BoostingParams& b = params_.boosting;
  const uint64_t key =
      RandomKey(static_cast<uint64_t>(b.bagging_seed), RandomStream::kGoss, global);
  bag_ = GossRows(grad_, hess_, train_.num_rows(), model_.num_tree_per_iteration,
                  GossOptions{b.top_rate, b.other_rate}, key, ctx_.threads());
  goss_scaled_ = true;
  if (static_cast<int64_t>(bag_.size()) == train_.num_rows()) bag_.clear();  // every row
  MarkInBag();
  return bag_;
}

const std::vector<int32_t>& GbdtTrainer::CurrentBag() {
  const BoostingParams& b = params_.boosting;
  if (!Bagging()) return bag_;  // stays empty: all rows
  // A bag is drawn every bagging_freq iterations and keyed by the iteration that drew it, so a
  // run resumed from a snapshot at any iteration uses the same bags as an uninterrupted one.
  const int global = base_iterations_ + iteration_;
  if (global % b.bagging_freq == 0 || bag_.empty()) {
    const auto seed = static_cast<uint64_t>(b.bagging_seed);
    const auto drawn_at = static_cast<uint64_t>(global - global % b.bagging_freq);
    bag_ =
        BalancedBagging()
            ? BagRowsByLabel(train_.metadata().labels, b.pos_bagging_fraction,
                             b.neg_bagging_fraction, seed, drawn_at, train_.row_offset())
            : BagRows(train_.num_rows(), b.bagging_fraction, seed, drawn_at, train_.row_offset());
    MarkInBag();
  }
  return bag_;
}

Status GbdtTrainer::TrainOneIteration(bool* stopped) {
  if (objective_->name() == kCustomObjectiveName) {
    return Status::InvalidArgument(
        "objective 'none' (custom) computes no gradients: pass them for each iteration "
        "(QGBM_BoosterUpdateOneIterCustom)");
  }
  const Metadata& meta = train_.metadata();
  Timer timer;
  objective_->BeginIteration(base_iterations_ + iteration_);
  LabelView labels = Labels(meta);
  labels.row_offset = train_.row_offset();
  objective_->ComputeGradients(train_scores_, labels, ctx_.threads(), grad_, hess_);
  gradient_seconds_ += timer.Seconds();
  return GrowIteration(stopped);
}

Status GbdtTrainer::GrowIteration(bool* stopped) {
  Timer timer;
  const std::vector<int32_t>& bag = Goss() ? GossBag() : CurrentBag();
  sample_seconds_ += timer.Seconds();
  if (bag.empty() && Bagging() && Distributed()) {
    // An empty bag means "every row" to the grower; a machine whose draw kept none of its rows
    // would then train on all of them.
    return Status::InvalidArgument("machine " + std::to_string(comm_->rank()) + " holds " +
                                   std::to_string(train_.num_rows()) +
                                   " rows, too few for bagging_fraction: none was drawn");
  }
  const size_t trees_before = model_.trees.size();
  bool any_split = false;
  for (int output = 0; output < model_.num_tree_per_iteration; ++output) {
    bool grew = false;
    QGBM_RETURN_IF_ERROR(GrowOutputTree(output, bag, &grew));
    any_split = any_split || grew;
  }
  // As LightGBM: an iteration where no output could split is dropped, unless it is the first.
  if (!any_split && trees_before > 0) {
    routes_.resize(routes_.size() - (model_.trees.size() - trees_before));
    model_.trees.resize(trees_before);
  }
  ++iteration_;
  *stopped = !any_split;
  return Status::Ok();
}

Status GbdtTrainer::GrowOutputTree(int output, const std::vector<int32_t>& bag, bool* grew) {
  const bool many_outputs = model_.num_tree_per_iteration > 1;
  if (!outputs_to_train_[static_cast<size_t>(output)]) {
    *grew = false;
    model_.trees.emplace_back();  // a class that cannot learn keeps a constant zero tree
    routes_.emplace_back();
    return Status::Ok();
  }
  const size_t n = static_cast<size_t>(train_.num_rows());
  const size_t offset = static_cast<size_t>(output) * n;
  const uint64_t counter = static_cast<uint64_t>(base_iterations_ + iteration_) *
                               static_cast<uint64_t>(model_.num_tree_per_iteration) +
                           static_cast<uint64_t>(output);
  TreeGradients g;
  g.grad = grad_.data() + offset;
  g.hess = hess_.data() + offset;
  QuantScale scale;
  Timer timer;
  if (params_.quant.use_quantized_grad) {
    // GOSS scales the hessians of the rows it draws: they are no longer all alike.
    const bool constant =
        objective_->IsConstantHessian(!train_.metadata().weights.empty()) && !goss_scaled_;
    QGBM_RETURN_IF_ERROR(quantizer_.Quantize({g.grad, n}, {g.hess, n}, bag, constant, counter,
                                             ctx_.threads(), packed_, &scale));
    g.packed = packed_.data();
    g.scale = &scale;
    if (slots_->held()) {
      train_.matrix().WriteGradientSlots(packed_.data(), ctx_.threads());
      g.packed_in_rows = true;
    }
  } else if (FixedPointHistograms()) {
    QGBM_RETURN_IF_ERROR(quantizer_.ToFixedPoint({g.grad, n}, {g.hess, n}, bag, global_rows_,
                                                 ctx_.threads(), fixed_grad_, fixed_hess_, &scale));
    g.fixed_grad = fixed_grad_.data();
    g.fixed_hess = fixed_hess_.data();
    g.scale = &scale;
  }
  const std::vector<uint8_t> mask =
      SampleColumns(train_.num_used_features(), params_.boosting.feature_fraction,
                    static_cast<uint64_t>(params_.boosting.feature_fraction_seed), counter);
  quantize_seconds_ += timer.Seconds();
  timer.Reset();
  const uint64_t node_key = RandomKey(static_cast<uint64_t>(params_.boosting.feature_fraction_seed),
                                      RandomStream::kNodeFeatureSampling, counter);
  GrownTree grown = grower_->Grow(bag, g, mask, node_key);
  QGBM_RETURN_IF_ERROR(grower_->sync_status());
  grow_seconds_ += timer.Seconds();
  timer.Reset();
  *grew = grown.tree.num_leaves() > 1;
  if (!*grew && many_outputs) {
    // One class that cannot split must not stop the others: it gets a constant zero tree this
    // iteration (LightGBM's rule), so trees stay iteration-major.
    model_.trees.emplace_back();
    routes_.emplace_back();
    return Status::Ok();
  }
  if (!*grew && !model_.trees.empty()) return Status::Ok();
  if (*grew && objective_->RenewsLeafOutput()) {
    if (Distributed()) {
      QGBM_RETURN_IF_ERROR(RenewLeafOutputsOverMachines(output, &grown.tree));
    } else {
      RenewLeafOutputs(output, &grown.tree);
    }
    const double seconds = timer.Seconds();  // reported with the grower's renewal, inside grow
    renew_seconds_ += seconds;
    grow_seconds_ += seconds;
    timer.Reset();
  }
  grown.tree.ScaleLeaves(params_.boosting.learning_rate);
  AddTreeToScores(grown, output, bag);
  score_seconds_ += timer.Seconds();
  routes_.push_back({std::move(grown.rules), true});
  model_.trees.push_back(std::move(grown.tree));
  return Status::Ok();
}

void GbdtTrainer::RenewLeafOutputs(int output, Tree* tree) const {
  const size_t n = static_cast<size_t>(train_.num_rows());
  const std::span<const double> scores(train_scores_.data() + static_cast<size_t>(output) * n, n);
  const RowPartitioner& part = grower_->partitioner();
  const LabelView labels = Labels(train_.metadata());
  std::vector<double> values(static_cast<size_t>(tree->num_leaves()), 0.0);
  // One leaf per item, each written to its own slot: the same values on any thread count. An
  // empty leaf keeps 0, as LightGBM's.
  ParallelForDynamic(tree->num_leaves(), ctx_.threads(), [&](int64_t l) {
    const std::span<const int32_t> rows = part.Rows(static_cast<int>(l));
    if (!rows.empty()) {
      values[static_cast<size_t>(l)] = grower_->ClampToLeafBounds(
          static_cast<int>(l), objective_->RenewLeafOutput(rows, scores, labels));
    }
  });
  for (int l = 0; l < tree->num_leaves(); ++l)
    tree->set_leaf_value(l, values[static_cast<size_t>(l)]);
}

void GbdtTrainer::AddTreeToScores(const GrownTree& grown, int output,
                                  const std::vector<int32_t>& bag) {
  const Tree& tree = grown.tree;
  const int64_t n = train_.num_rows();
  double* scores = train_scores_.data() + static_cast<size_t>(output) * static_cast<size_t>(n);
  // In-bag rows in row order, each from its leaf (reading rows in order: see LeafOfRows).
  const std::span<const int32_t> leaf_of = grower_->LeafOfRows();
  const double* values = tree.leaf_value().data();
  const int64_t blocks = NumBlocks(n, 65536, 64);
  ParallelFor(blocks, ctx_.threads(), [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t r = range.begin; r < range.end; ++r) {
      const int32_t l = leaf_of[static_cast<size_t>(r)];
      if (l >= 0) scores[r] += values[l];
    }
  });
  // Out-of-bag rows (the in-bag ones were just added from the partition).
  if (!bag.empty()) grown.AddToScores(train_.matrix(), in_bag_.data(), ctx_.threads(), scores);
  for (size_t v = 0; v < valids_.size(); ++v) {
    const int64_t vn = valids_[v].data->num_rows();
    double* vs = valid_scores_[v].data() + static_cast<size_t>(output) * static_cast<size_t>(vn);
    grown.AddToScores(valids_[v].data->matrix(), nullptr, ctx_.threads(), vs);
  }
}

Status GbdtTrainer::EvaluateSet(const std::string& name, const Dataset& data,
                                const std::vector<double>& local_raw, std::vector<double>* results,
                                std::vector<bool>* higher_is_better,
                                std::ostringstream* line) const {
  // Data-parallel training scores every row of all machines in global order, so the values
  // (and early stopping) are one machine's.
  const Metadata* meta = &data.metadata();
  const std::vector<double>* raw_scores = &local_raw;
  Metadata global_meta;
  std::vector<double> global_raw;
  if (Distributed()) {
    QGBM_ASSIGN_OR_RETURN(global_meta, GlobalLabels(data));
    QGBM_ASSIGN_OR_RETURN(global_raw, GlobalScores(local_raw, data.num_rows()));
    meta = &global_meta;
    raw_scores = &global_raw;
  }
  const std::vector<double>& raw = *raw_scores;
  std::vector<double> transformed;  // computed once, only if a metric needs it
  for (const auto& m : metrics_) {
    if (!m->rank_based() && transformed.empty()) {
      transformed =
          ToPredictions(raw, model_.transform, model_.sigmoid, model_.num_tree_per_iteration);
    }
    const std::vector<double>& pred = m->rank_based() ? raw : transformed;
    const double value = m->Evaluate(pred, Labels(*meta), ctx_.threads());
    results->push_back(value);
    if (higher_is_better != nullptr) higher_is_better->push_back(m->higher_is_better());
    if (line != nullptr) *line << "\t" << name << "'s " << m->name() << ": " << value;
  }
  return Status::Ok();
}

StatusOr<std::vector<double>> GbdtTrainer::Evaluate(bool log,
                                                    std::vector<bool>* higher_is_better) const {
  std::vector<double> results;
  std::ostringstream line;
  line << "[" << base_iterations_ + iteration_ << "]";
  for (size_t v = 0; v < valids_.size(); ++v) {
    QGBM_RETURN_IF_ERROR(EvaluateSet(valids_[v].name, *valids_[v].data, valid_scores_[v], &results,
                                     higher_is_better, &line));
  }
  if (log && params_.io.is_training_metric) {
    QGBM_RETURN_IF_ERROR(
        EvaluateSet("training", train_, train_scores_, &results, higher_is_better, &line));
  }
  if (log && !metrics_.empty()) ctx_.logger().Info(line.str());
  return results;
}

Status GbdtTrainer::Train() {
  for (int i = 0; i < params_.boosting.num_iterations; ++i) {
    bool stopped = false;
    QGBM_RETURN_IF_ERROR(TrainOneIteration(&stopped));
    if (stopped) {
      ctx_.logger().Warning("stopped training: no leaf meets the split requirements any more");
      break;
    }
    QGBM_RETURN_IF_ERROR(MaybeSnapshot());
    const bool log = (iteration_ % params_.boosting.metric_freq == 0) ||
                     i + 1 == params_.boosting.num_iterations;
    if (valids_.empty() || metrics_.empty() || (!log && !early_stopping_.enabled())) continue;
    std::vector<bool> higher;
    Timer timer;
    QGBM_ASSIGN_OR_RETURN(const std::vector<double> scores, Evaluate(log, &higher));
    eval_seconds_ += timer.Seconds();
    if (early_stopping_.Update(base_iterations_ + iteration_, scores, higher,
                               static_cast<int>(metrics_.size()))) {
      const int best = early_stopping_.best_iteration();
      ctx_.logger().Info("early stopping at iteration " +
                         std::to_string(base_iterations_ + iteration_) +
                         ", the best iteration is " + std::to_string(best));
      model_.trees.resize(static_cast<size_t>(best * model_.num_tree_per_iteration));
      routes_.resize(model_.trees.size() -
                     static_cast<size_t>(base_iterations_ * model_.num_tree_per_iteration));
      model_.best_iteration = best;
      break;
    }
  }
  ctx_.logger().Debug(TimeBreakdown());
  ctx_.logger().Info(HistogramSummary());
  return Status::Ok();
}

Status GbdtTrainer::MaybeSnapshot() const {
  const int freq = params_.io.snapshot_freq;
  if (freq <= 0 || iteration_ % freq != 0) return Status::Ok();
  if (Distributed() && comm_->rank() != 0) return Status::Ok();  // every machine has the model
  // Written atomically like the final model, so a crash never leaves a torn snapshot.
  const std::string path =
      params_.io.output_model + ".snapshot_iter_" + std::to_string(base_iterations_ + iteration_);
  const ModelFileFormat format =
      params_.io.model_format == "cbor" ? ModelFileFormat::kCbor : ModelFileFormat::kJson;
  QGBM_RETURN_IF_ERROR(SaveModel(model_, path, format));
  ctx_.logger().Info("saved snapshot " + path);
  return Status::Ok();
}

std::string GbdtTrainer::TimeBreakdown() const {
  const GrowerTimes& g = grower_->times();
  char buf[400];
  std::snprintf(
      buf, sizeof(buf),
      "training time: gradients %.3f s, row sampling %.3f s, quantize %.3f s, grow %.3f s "
      "(histograms %.3f, splits %.3f, "
      "partition %.3f, renew %.3f), scores %.3f s, metrics %.3f s; partition read %lld rows",
      gradient_seconds_, sample_seconds_, quantize_seconds_, grow_seconds_, g.histogram, g.split,
      g.partition, g.renew + renew_seconds_, score_seconds_, eval_seconds_,
      static_cast<long long>(g.partition_rows));
  return buf;
}

std::string GbdtTrainer::HistogramSummary() const {
  const GrowerTimes& g = grower_->times();
  const int64_t updates = g.histogram_rows * static_cast<int64_t>(train_.num_used_features());
  char buf[200];
  std::snprintf(buf, sizeof(buf), "histogram: %lld row visits, %lld bin updates, %.3f s",
                static_cast<long long>(g.histogram_rows), static_cast<long long>(updates),
                g.histogram);
  return buf;
}

}  // namespace qgbm
