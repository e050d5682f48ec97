// Training and prediction parameters, grouped by topic. Names follow LightGBM so that a
// LightGBM config runs unchanged; each field is declared once in its group's VisitFields
// (src/config/param_table.cc) with its key, aliases, bounds and one line of documentation.
// Defaults live here, in the member initialisers, and nowhere else.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qgbm {

class ParamVisitor;  // src/config/param_visitor.h

struct IoParams {
  std::string task = "train";       // train | predict | dump | importance
  std::string data;                 // training data (train) or data to predict (predict)
  std::vector<std::string> valid;   // validation files, comma separated
  bool header = false;              // first line of a CSV/TSV file holds column names
  std::string label_column;         // "" = column 0; "3" or "name:target"
  std::string weight_column;        // "" = none; index or "name:..."
  std::string group_column;         // "" = none; index or "name:..." (query ids)
  std::string ignore_column;        // comma list of indices or "name:a,b"
  std::string categorical_feature;  // comma list of indices or "name:a,b" (LightGBM's counting)
  std::string input_model;          // model to continue from (train) or to use (predict)
  std::string output_model = "qgbm_model.json";
  std::string output_result = "qgbm_predict_result.txt";
  std::string model_format = "json";  // json | cbor
  bool predict_raw_score = false;
  bool predict_leaf_index = false;
  bool predict_contrib = false;           // SHAP feature contributions plus the bias, per output
  int num_iteration_predict = -1;         // <= 0: all trees (or best iteration)
  int saved_feature_importance_type = 0;  // 0: split counts, 1: gains (dump and importance)
  int64_t bin_construct_sample_cnt = 200000;
  int max_bin = 255;
  int min_data_in_bin = 3;
  int data_random_seed = 1;
  int snapshot_freq = -1;
  // Accepted for LightGBM config compatibility; storage is chosen automatically.
  bool is_enable_sparse = true;
  bool use_two_round_loading = false;
  bool is_save_binary_file = false;
  bool is_training_metric = false;

  void VisitFields(ParamVisitor& visitor);
  friend bool operator==(const IoParams&, const IoParams&) = default;
};

struct BoostingParams {
  std::string boosting = "gbdt";
  std::string objective = "regression";
  int num_iterations = 100;
  double learning_rate = 0.1;
  bool boost_from_average = true;
  std::string data_sample_strategy = "bagging";  // or "goss" (also boosting=goss)
  double top_rate = 0.2;                         // goss: share kept for large gradients
  double other_rate = 0.1;                       // goss: share drawn from the rest
  double bagging_fraction = 1.0;
  // binary: bagging fractions of the positive and of the negative rows (balanced bagging; when
  // either is below 1 they replace bagging_fraction).
  double pos_bagging_fraction = 1.0;
  double neg_bagging_fraction = 1.0;
  int bagging_freq = 0;
  int bagging_seed = 3;
  double feature_fraction = 1.0;
  double feature_fraction_bynode = 1.0;  // of the tree's features, drawn again at each node
  int feature_fraction_seed = 2;
  int early_stopping_round = 0;
  bool first_metric_only = false;
  std::vector<std::string> metric;  // empty = the objective's default metric
  int metric_freq = 1;
  double sigmoid = 1.0;
  // binary and multiclassova: weight the classes (LightGBM's label weights; sample weights
  // multiply them). is_unbalance balances the classes' total weight, scale_pos_weight multiplies
  // the positives' weight; not both.
  bool is_unbalance = false;
  double scale_pos_weight = 1.0;
  double alpha = 0.9;                   // huber: where the loss turns linear; quantile: the level
  double poisson_max_delta_step = 0.7;  // poisson: safeguard added to the hessian's exponent
  double tweedie_variance_power = 1.5;  // tweedie: 1 is Poisson-like, 2 gamma-like
  double fair_c = 1.0;                  // fair: where the loss turns from quadratic to linear
  int num_class = 1;                    // > 1 for multiclass / multiclassova, 1 otherwise
  int multi_error_top_k = 1;  // multi_error counts a row right when its class is in the top k

  void VisitFields(ParamVisitor& visitor);
  friend bool operator==(const BoostingParams&, const BoostingParams&) = default;
};

struct TreeParams {
  int num_leaves = 31;
  int max_depth = -1;
  int min_data_in_leaf = 20;
  double min_sum_hessian_in_leaf = 1e-3;
  double lambda_l1 = 0.0;
  double lambda_l2 = 0.0;
  double min_gain_to_split = 0.0;
  double max_delta_step = 0.0;
  std::string grow_policy = "lossguide";  // lossguide (best leaf first) | depthwise (level order)
  // Constraints (src/config/constraint_params.h parses and checks them).
  std::vector<std::string> monotone_constraints;  // -1 / 0 / 1 per feature; empty = none
  std::string monotone_constraints_method = "basic";
  double monotone_penalty = 0.0;
  std::string interaction_constraints;  // "[0,1,2],[2,3]": feature indices; empty = none
  // Categorical splits (LightGBM's names and defaults).
  int max_cat_to_onehot = 4;
  int max_cat_threshold = 32;
  double cat_smooth = 10.0;
  double cat_l2 = 10.0;
  int min_data_per_group = 100;

  void VisitFields(ParamVisitor& visitor);
  friend bool operator==(const TreeParams&, const TreeParams&) = default;
};

struct QuantizationParams {
  bool use_quantized_grad = true;
  int num_grad_quant_bins = 4;
  bool quant_train_renew_leaf = true;
  bool stochastic_rounding = true;

  void VisitFields(ParamVisitor& visitor);
  friend bool operator==(const QuantizationParams&, const QuantizationParams&) = default;
};

// Learning to rank: the lambdarank / rank_xendcg objectives and the ndcg / map metrics.
struct RankingParams {
  int lambdarank_truncation_level = 30;
  bool lambdarank_norm = true;
  std::vector<std::string> label_gain;  // empty = 2^i - 1 for labels 0..30
  std::vector<std::string> eval_at = {"1", "2", "3", "4", "5"};
  int objective_seed = 5;

  void VisitFields(ParamVisitor& visitor);
  friend bool operator==(const RankingParams&, const RankingParams&) = default;
};

struct SystemParams {
  int num_threads = 0;  // <= 0: OpenMP default
  int seed = 0;         // when set, derives the other seeds not set explicitly
  int verbosity = 1;
  std::string device_type = "cpu";
  std::string tree_learner = "serial";
  int num_machines = 1;
  bool pre_partition = false;  // data-parallel: each machine reads its own part of the data
  bool force_row_wise = false;
  bool force_col_wise = false;
  double histogram_pool_size = -1.0;  // MB; < 0: no cap
  bool deterministic = true;          // always true in qgbm; accepted for compatibility

  void VisitFields(ParamVisitor& visitor);
  friend bool operator==(const SystemParams&, const SystemParams&) = default;
};

struct Params {
  IoParams io;
  BoostingParams boosting;
  TreeParams tree;
  QuantizationParams quant;
  RankingParams ranking;
  SystemParams system;

  void VisitFields(ParamVisitor& visitor);  // every group, in the order above
  friend bool operator==(const Params&, const Params&) = default;
};

}  // namespace qgbm
