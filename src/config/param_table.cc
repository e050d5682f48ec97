// The parameter table: every field once, as {key, LightGBM aliases, constraint, doc}. Defaults are
// the member initialisers in include/qgbm/params.h. docs/parameters.md is generated from here.
#include "qgbm/params.h"

#include "config/choices.h"
#include "config/param_visitor.h"

namespace qgbm {

namespace {

// IoParams is long enough to read better in three parts.
void VisitDataFields(IoParams& io, ParamVisitor& v) {
  v.Visit({"task",
           {"task_type"},
           OneOf(TaskChoices()),
           "what the CLI does: train, predict, dump (the model as JSON) or importance"},
          &io.task);
  v.Visit({"data",
           {"train", "train_data", "train_data_file", "data_filename"},
           NoConstraint(),
           "training data file (train) or the data to predict (predict)"},
          &io.data);
  v.Visit(
      {"valid",
       {"test", "valid_data", "valid_data_file", "test_data", "test_data_file", "valid_filenames"},
       Items(nullptr, false),
       "validation data files, comma separated"},
      &io.valid);
  v.Visit({"header",
           {"has_header"},
           NoConstraint(),
           "the first line of a CSV/TSV file holds column names"},
          &io.header);
  v.Visit({"label_column",
           {"label"},
           NoConstraint(),
           "label column: an index, or name:COLUMN with a header; empty means column 0"},
          &io.label_column);
  v.Visit({"weight_column",
           {"weight"},
           NoConstraint(),
           "weight column (index or name:COLUMN); empty means no weights"},
          &io.weight_column);
  v.Visit({"group_column",
           {"group", "group_id", "query_column", "query", "query_id"},
           NoConstraint(),
           "query id column (index or name:COLUMN); empty means no groups"},
          &io.group_column);
  v.Visit({"ignore_column",
           {"ignore_feature", "blacklist"},
           NoConstraint(),
           "columns left out of the features: comma separated indices, or name:A,B"},
          &io.ignore_column);
  v.Visit({"categorical_feature",
           {"cat_feature", "categorical_column", "cat_column", "categorical_features"},
           NoConstraint(),
           "categorical features: comma separated indices (counted like ignore_column: the "
           "label column is skipped), or name:A,B. Columns holding text are categorical "
           "without being listed"},
          &io.categorical_feature);
}

void VisitModelFields(IoParams& io, ParamVisitor& v) {
  v.Visit({"input_model",
           {"model_input", "model_in"},
           NoConstraint(),
           "model to continue training from (train) or to predict with (predict)"},
          &io.input_model);
  v.Visit({"output_model",
           {"model_output", "model_out"},
           NoConstraint(),
           "file the trained model is written to"},
          &io.output_model);
  v.Visit({"output_result",
           {"predict_result", "prediction_result", "predict_name", "prediction_name", "pred_name",
            "name_prediction"},
           NoConstraint(),
           "file predictions are written to"},
          &io.output_result);
  v.Visit({"model_format",
           {},
           OneOf(ModelFormatChoices()),
           "encoding of the saved model: readable JSON or compact CBOR (same schema)"},
          &io.model_format);
  v.Visit({"predict_raw_score",
           {"is_predict_raw_score", "predict_rawscore", "raw_score"},
           NoConstraint(),
           "predict raw scores instead of transformed ones (e.g. probabilities)"},
          &io.predict_raw_score);
  v.Visit({"predict_leaf_index",
           {"is_predict_leaf_index", "leaf_index"},
           NoConstraint(),
           "predict the leaf index of each tree instead of a score"},
          &io.predict_leaf_index);
  v.Visit({"predict_contrib",
           {"is_predict_contrib", "contrib"},
           NoConstraint(),
           "predict SHAP feature contributions (TreeSHAP): per output, one value per feature and "
           "the expected value, summing to the raw score"},
          &io.predict_contrib);
  v.Visit({"num_iteration_predict",
           {},
           NoConstraint(),
           "number of iterations used to predict; <= 0 means all (or the best iteration)"},
          &io.num_iteration_predict);
  v.Visit({"saved_feature_importance_type",
           {},
           InRange(0, 1),
           "feature importance of task=dump and task=importance: 0 counts splits, 1 sums their "
           "gains"},
          &io.saved_feature_importance_type);
}

void VisitBinningFields(IoParams& io, ParamVisitor& v) {
  v.Visit({"bin_construct_sample_cnt",
           {"subsample_for_bin"},
           AtLeast(1),
           "rows sampled to choose the bin boundaries"},
          &io.bin_construct_sample_cnt);
  v.Visit({"max_bin", {"max_bins"}, InRange(2, 65535), "maximum number of bins per feature"},
          &io.max_bin);
  v.Visit({"min_data_in_bin", {}, AtLeast(1), "minimum number of samples in one bin"},
          &io.min_data_in_bin);
  v.Visit({"data_random_seed",
           {"data_seed"},
           NoConstraint(),
           "seed of the bin-construction sample; derived from seed unless set"},
          &io.data_random_seed);
  v.Visit({"snapshot_freq",
           {"save_period"},
           NoConstraint(),
           "save the model every this many iterations; <= 0 disables snapshots"},
          &io.snapshot_freq);
  v.Visit({"is_enable_sparse",
           {"is_sparse", "enable_sparse", "sparse"},
           NoConstraint(),
           "accepted for LightGBM compatibility; qgbm chooses the storage itself"},
          &io.is_enable_sparse);
  v.Visit({"use_two_round_loading",
           {"two_round_loading", "two_round"},
           NoConstraint(),
           "accepted for LightGBM compatibility; has no effect"},
          &io.use_two_round_loading);
  v.Visit({"is_save_binary_file",
           {"save_binary", "is_save_binary"},
           NoConstraint(),
           "accepted for LightGBM compatibility; has no effect"},
          &io.is_save_binary_file);
  v.Visit({"is_training_metric",
           {"training_metric", "is_provide_training_metric", "train_metric"},
           NoConstraint(),
           "also report the metrics on the training data"},
          &io.is_training_metric);
}

}  // namespace

void IoParams::VisitFields(ParamVisitor& v) {
  VisitDataFields(*this, v);
  VisitModelFields(*this, v);
  VisitBinningFields(*this, v);
}

void BoostingParams::VisitFields(ParamVisitor& v) {
  v.Visit({"boosting", {"boosting_type", "boost"}, OneOf(BoostingChoices()), "boosting algorithm"},
          &boosting);
  v.Visit({"objective",
           {"objective_type", "app", "application", "loss"},
           OneOf(ObjectiveChoices()),
           "loss function to minimise"},
          &objective);
  v.Visit({"num_iterations",
           {"num_iteration", "n_iter", "num_tree", "num_trees", "num_round", "num_rounds",
            "nrounds", "num_boost_round", "n_estimators", "max_iter"},
           AtLeast(0),
           "number of boosting iterations"},
          &num_iterations);
  v.Visit({"learning_rate",
           {"shrinkage_rate", "eta"},
           GreaterThan(0),
           "shrinkage applied to each new tree"},
          &learning_rate);
  v.Visit({"boost_from_average",
           {},
           NoConstraint(),
           "start from the loss's best constant instead of 0: the label mean (regression, huber), "
           "median (regression_l1), alpha percentile (quantile), log of the mean (poisson, gamma, "
           "tweedie), log-odds of the mean (binary, cross_entropy, multiclassova) or log class "
           "shares (multiclass)"},
          &boost_from_average);
  v.Visit({"data_sample_strategy",
           {},
           OneOf(DataSampleStrategyChoices()),
           "bagging: rows sampled by bagging_fraction/bagging_freq; goss: gradient-based one-side "
           "sampling (after the first 1/learning_rate iterations each iteration keeps the "
           "top_rate rows with the largest |gradient x hessian| and draws other_rate of all rows "
           "from the rest, scaling their gradients up); boosting=goss means the same"},
          &data_sample_strategy);
  v.Visit({"top_rate",
           {},
           InRange(0, 1),
           "goss: share of the rows kept for their large gradients; top_rate + other_rate <= 1"},
          &top_rate);
  v.Visit(
      {"other_rate", {}, InRange(0, 1), "goss: share of all rows drawn at random from the rest"},
      &other_rate);
  v.Visit({"bagging_fraction",
           {"sub_row", "subsample", "bagging"},
           InRangeOpenLow(0, 1),
           "fraction of rows sampled for each bagging round"},
          &bagging_fraction);
  v.Visit({"pos_bagging_fraction",
           {"pos_sub_row", "pos_subsample", "pos_bagging"},
           InRangeOpenLow(0, 1),
           "binary: fraction of the positive rows sampled for each bagging round (balanced "
           "bagging, with neg_bagging_fraction; either below 1 replaces bagging_fraction); needs "
           "bagging_freq"},
          &pos_bagging_fraction);
  v.Visit({"neg_bagging_fraction",
           {"neg_sub_row", "neg_subsample", "neg_bagging"},
           InRangeOpenLow(0, 1),
           "binary: fraction of the negative rows sampled for each bagging round; see "
           "pos_bagging_fraction"},
          &neg_bagging_fraction);
  v.Visit({"bagging_freq",
           {"subsample_freq"},
           AtLeast(0),
           "resample rows every this many iterations; 0 disables bagging"},
          &bagging_freq);
  v.Visit({"bagging_seed",
           {"bagging_fraction_seed"},
           NoConstraint(),
           "seed of bagging; derived from seed unless set"},
          &bagging_seed);
  v.Visit({"feature_fraction",
           {"sub_feature", "colsample_bytree"},
           InRangeOpenLow(0, 1),
           "fraction of features sampled for each tree"},
          &feature_fraction);
  v.Visit({"feature_fraction_bynode",
           {"sub_feature_bynode", "colsample_bynode"},
           InRangeOpenLow(0, 1),
           "fraction of the tree's features each node may split on, drawn again at every node "
           "(keyed by feature_fraction_seed); with feature_fraction each node sees about "
           "feature_fraction * feature_fraction_bynode of the features. Unlike feature_fraction "
           "it does not make training faster"},
          &feature_fraction_bynode);
  v.Visit({"feature_fraction_seed",
           {},
           NoConstraint(),
           "seed of feature sampling (per tree and per node); derived from seed unless set"},
          &feature_fraction_seed);
  v.Visit({"early_stopping_round",
           {"early_stopping_rounds", "early_stopping", "n_iter_no_change"},
           AtLeast(0),
           "stop when no validation metric improved for this many rounds; 0 disables"},
          &early_stopping_round);
  v.Visit({"first_metric_only", {}, NoConstraint(), "early stopping watches only the first metric"},
          &first_metric_only);
  v.Visit({"metric",
           {"metrics", "metric_types"},
           Items(&CanonicalMetricName, true),
           "metrics, comma separated, LightGBM aliases canonicalised (mse -> l2); empty means "
           "the objective's default, none means no metric"},
          &metric);
  v.Visit(
      {"metric_freq", {"output_freq"}, AtLeast(1), "evaluate metrics every this many iterations"},
      &metric_freq);
  v.Visit({"sigmoid",
           {},
           GreaterThan(0),
           "slope of the sigmoid of the binary and multiclassova objectives"},
          &sigmoid);
  v.Visit({"is_unbalance",
           {"unbalance", "unbalanced_sets"},
           NoConstraint(),
           "binary and multiclassova: weight each class so that both have the same total weight "
           "(the rarer class's rows get the ratio of the class counts); not with "
           "scale_pos_weight. Initial scores stay those of the unweighted labels, as in LightGBM"},
          &is_unbalance);
  v.Visit({"scale_pos_weight",
           {},
           GreaterThan(0),
           "binary and multiclassova: multiply the gradients and hessians of positive rows by "
           "this (XGBoost's and LightGBM's class weight); not with is_unbalance"},
          &scale_pos_weight);
  v.Visit({"alpha",
           {},
           GreaterThan(0),
           "huber: the residual size where the loss turns from quadratic to linear; quantile: "
           "the quantile level, which must also be < 1"},
          &alpha);
  v.Visit({"poisson_max_delta_step",
           {},
           GreaterThan(0),
           "poisson: added to the exponent of the hessian, which damps the first steps"},
          &poisson_max_delta_step);
  v.Visit({"tweedie_variance_power",
           {},
           InRangeOpenHigh(1, 2),
           "tweedie: the variance power; near 1 the loss is Poisson-like, near 2 gamma-like"},
          &tweedie_variance_power);
  v.Visit({"fair_c",
           {},
           GreaterThan(0),
           "fair: the residual scale where the loss turns from quadratic to linear"},
          &fair_c);
  v.Visit({"num_class",
           {"num_classes"},
           GreaterThan(0),
           "number of classes: > 1 for multiclass and multiclassova, 1 for other objectives"},
          &num_class);
  v.Visit({"multi_error_top_k",
           {},
           GreaterThan(0),
           "multi_error counts a row as right when its true class is among the k highest scores"},
          &multi_error_top_k);
}

namespace {

// XGBoost's growth order and LightGBM's constraints on the splits of a tree.
void VisitGrowthAndConstraintFields(TreeParams& tree, ParamVisitor& v) {
  v.Visit({"grow_policy",
           {},
           OneOf(GrowPolicyChoices()),
           "order leaves are split in: lossguide (best gain first, LightGBM's leaf-wise) or "
           "depthwise (level by level, every splittable leaf of a level; needs max_depth > 0). "
           "With depthwise, num_leaves still caps the tree; when it is not given together with "
           "grow_policy or max_depth it becomes 2^max_depth (complete trees)"},
          &tree.grow_policy);
  v.Visit({"monotone_constraints",
           {"mc", "monotone_constraint", "monotonic_cst"},
           Items(nullptr, false),
           "one of -1, 0, 1 per feature (the model's features: the data's columns without the "
           "label, weight, group and ignored ones), comma separated (XGBoost's (1,0,-1) too): the "
           "prediction must not increase (-1) or decrease (1) with the feature; empty means no "
           "constraint"},
          &tree.monotone_constraints);
  v.Visit({"monotone_constraints_method",
           {"monotone_constraining_method", "mc_method"},
           OneOf(MonotoneMethodChoices()),
           "how monotone constraints bound leaf outputs: basic bounds each child by the mid-point "
           "of its ancestors' constrained splits"},
          &tree.monotone_constraints_method);
  v.Visit(
      {"monotone_penalty",
       {"monotone_splits_penalty", "ms_penalty", "mc_penalty"},
       AtLeast(0),
       "shrinks the gain of monotone splits near the root: a split at depth d keeps "
       "1 - penalty / 2^d of its gain (penalty <= 1), none at depths <= penalty - 1; 0 disables"},
      &tree.monotone_penalty);
  v.Visit({"interaction_constraints",
           {},
           NoConstraint(),
           "sets of feature indices (numbered as in monotone_constraints) allowed to interact, as "
           "[0,1,2],[2,3]: every branch of a tree uses features of one set only; features in no "
           "set are never used; empty means none"},
          &tree.interaction_constraints);
}

}  // namespace

void TreeParams::VisitFields(ParamVisitor& v) {
  v.Visit({"num_leaves",
           {"num_leaf", "max_leaves", "max_leaf", "max_leaf_nodes"},
           InRange(2, 131072),
           "maximum number of leaves in one tree"},
          &num_leaves);
  v.Visit({"max_depth", {}, NoConstraint(), "maximum depth of a tree; <= 0 means no limit"},
          &max_depth);
  v.Visit({"min_data_in_leaf",
           {"min_data_per_leaf", "min_data", "min_child_samples", "min_samples_leaf"},
           AtLeast(0),
           "minimum number of samples in one leaf"},
          &min_data_in_leaf);
  v.Visit({"min_sum_hessian_in_leaf",
           {"min_sum_hessian_per_leaf", "min_sum_hessian", "min_hessian", "min_child_weight"},
           AtLeast(0),
           "minimum sum of hessians in one leaf"},
          &min_sum_hessian_in_leaf);
  v.Visit({"lambda_l1", {"reg_alpha", "l1_regularization"}, AtLeast(0), "L1 regularisation"},
          &lambda_l1);
  v.Visit(
      {"lambda_l2", {"reg_lambda", "lambda", "l2_regularization"}, AtLeast(0), "L2 regularisation"},
      &lambda_l2);
  v.Visit({"min_gain_to_split", {"min_split_gain"}, AtLeast(0), "minimum gain a split must bring"},
          &min_gain_to_split);
  v.Visit({"max_delta_step",
           {"max_tree_output", "max_leaf_output"},
           NoConstraint(),
           "limit on the absolute leaf output; <= 0 means no limit"},
          &max_delta_step);
  VisitGrowthAndConstraintFields(*this, v);
  v.Visit({"max_cat_to_onehot",
           {},
           AtLeast(1),
           "a categorical feature with at most this many bins (its categories plus the bin of "
           "missing and rare values) is split one category against the rest"},
          &max_cat_to_onehot);
  v.Visit({"max_cat_threshold",
           {},
           AtLeast(1),
           "most categories a sorted categorical split sends left (at most half of the sorted "
           "categories, as in LightGBM)"},
          &max_cat_threshold);
  v.Visit({"cat_smooth",
           {},
           AtLeast(0),
           "added to each category's hessian when categories are sorted by gradient / hessian; "
           "categories with fewer rows than this are left out of sorted splits"},
          &cat_smooth);
  v.Visit({"cat_l2", {}, AtLeast(0), "extra L2 regularisation of sorted categorical splits"},
          &cat_l2);
  v.Visit({"min_data_per_group",
           {},
           AtLeast(1),
           "minimum rows per group of categories on each side of a sorted categorical split"},
          &min_data_per_group);
}

void QuantizationParams::VisitFields(ParamVisitor& v) {
  v.Visit({"use_quantized_grad",
           {},
           NoConstraint(),
           "train on gradients quantised to a few integer levels (integer histograms)"},
          &use_quantized_grad);
  v.Visit({"num_grad_quant_bins",
           {},
           InRange(2, 127),
           "number of levels gradients and hessians are quantised to; poisson, gamma and "
           "tweedie default to 32 unless this is set, since their gradients span orders of "
           "magnitude; lambdarank, rank_xendcg, multiclass and multiclassova use 16"},
          &num_grad_quant_bins);
  v.Visit({"quant_train_renew_leaf",
           {},
           NoConstraint(),
           "recompute leaf values from the exact gradients after a quantised tree is grown"},
          &quant_train_renew_leaf);
  v.Visit({"stochastic_rounding",
           {},
           NoConstraint(),
           "round gradients stochastically (unbiased) rather than to the nearest level"},
          &stochastic_rounding);
}

void RankingParams::VisitFields(ParamVisitor& v) {
  v.Visit({"lambdarank_truncation_level",
           {},
           AtLeast(1),
           "lambdarank: pairs are formed only with documents among this many top-scored ones"},
          &lambdarank_truncation_level);
  v.Visit({"lambdarank_norm",
           {},
           NoConstraint(),
           "lambdarank: normalise each query's gradients (helps queries of unequal sizes)"},
          &lambdarank_norm);
  v.Visit({"label_gain",
           {},
           Items(nullptr, false),
           "gain of each relevance label (label i gains item i), comma separated; empty means "
           "2^i - 1 for labels 0..30"},
          &label_gain);
  v.Visit({"eval_at",
           {"ndcg_eval_at", "ndcg_at", "map_eval_at", "map_at"},
           Items(nullptr, false),
           "cut-offs k of the ndcg and map metrics (reported as ndcg@k), comma separated"},
          &eval_at);
  v.Visit({"objective_seed",
           {},
           NoConstraint(),
           "seed of rank_xendcg's random draws; derived from seed unless set"},
          &objective_seed);
}

void SystemParams::VisitFields(ParamVisitor& v) {
  v.Visit({"num_threads",
           {"num_thread", "nthread", "nthreads", "n_jobs"},
           NoConstraint(),
           "number of threads; <= 0 means OMP_NUM_THREADS when set, else every hardware thread"},
          &num_threads);
  v.Visit({"seed",
           {"random_seed", "random_state"},
           NoConstraint(),
           "master seed: when set, derives data_random_seed, bagging_seed and "
           "feature_fraction_seed where those are not set"},
          &seed);
  v.Visit({"verbosity",
           {"verbose"},
           NoConstraint(),
           "< 0: fatal only, 0: warnings, 1: info, > 1: debug"},
          &verbosity);
  v.Visit({"device_type", {"device"}, OneOf(DeviceChoices()), "device to train on"}, &device_type);
  v.Visit({"tree_learner",
           {"tree", "tree_type", "tree_learner_type"},
           OneOf(TreeLearnerChoices()),
           "serial (one machine) or data-parallel learning"},
          &tree_learner);
  v.Visit(
      {"num_machines", {"num_machine"}, AtLeast(1), "number of machines in distributed training"},
      &num_machines);
  v.Visit({"pre_partition",
           {"is_pre_partition"},
           NoConstraint(),
           "data-parallel training: each machine reads its own part of the data (a {rank} in "
           "data and valid is replaced by the machine's rank); false: every machine reads the "
           "whole files and keeps its share of consecutive rows"},
          &pre_partition);
  v.Visit({"force_row_wise",
           {},
           NoConstraint(),
           "build every histogram row-wise (each row adds to all its columns' bins); by default "
           "the layout is chosen per leaf"},
          &force_row_wise);
  v.Visit({"force_col_wise",
           {},
           NoConstraint(),
           "build every histogram column-wise (each column adds all the leaf's rows); by default "
           "the layout is chosen per leaf: column-wise for leaves holding a quarter of the rows "
           "or more when there are at least 32 columns"},
          &force_col_wise);
  v.Visit({"histogram_pool_size",
           {"hist_pool_size"},
           NoConstraint(),
           "cap in MB on the memory of the per-leaf histograms; < 0 means no cap. Leaves whose "
           "histograms were dropped rebuild them when split, so a small cap costs time, not "
           "accuracy: quantized models are the same bytes (full-precision ones may differ in "
           "float rounding)"},
          &histogram_pool_size);
  v.Visit({"deterministic",
           {},
           NoConstraint(),
           "accepted for LightGBM compatibility; qgbm results are always deterministic"},
          &deterministic);
}

void Params::VisitFields(ParamVisitor& v) {
  v.BeginGroup("Input and output");
  io.VisitFields(v);
  v.BeginGroup("Boosting");
  boosting.VisitFields(v);
  v.BeginGroup("Tree");
  tree.VisitFields(v);
  v.BeginGroup("Gradient quantization");
  quant.VisitFields(v);
  v.BeginGroup("Ranking");
  ranking.VisitFields(v);
  v.BeginGroup("System");
  system.VisitFields(v);
}

}  // namespace qgbm
