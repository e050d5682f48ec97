#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/config_parser.h"
#include "config/param_index.h"

namespace qgbm {
namespace {

StatusOr<Params> Apply(const KeyValues& kv) {
  Params p;
  QGBM_RETURN_IF_ERROR(ApplyParams(kv, &p));
  return p;
}

Params ApplyOk(const KeyValues& kv) {
  auto p = Apply(kv);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? p.value() : Params{};
}

Status ApplyStatus(const KeyValues& kv) { return Apply(kv).status(); }

TEST(ApplyParams, EmptyInputKeepsDefaults) {
  auto p = Apply({});
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(*p == Params{});
  EXPECT_TRUE(ValidateParams(*p).ok());
}

TEST(ApplyParams, AliasesResolveToTheirField) {
  auto p = Apply({{"n_estimators", "50"},
                  {"eta", "0.05"},
                  {"max_leaf_nodes", "15"},
                  {"train", "a.csv"},
                  {"test_data", "b.csv,c.csv"},
                  {"loss", "binary"},
                  {"min_child_samples", "3"},
                  {"min_child_weight", "0.5"},
                  {"subsample", "0.7"},
                  {"subsample_freq", "1"},
                  {"colsample_bytree", "0.6"},
                  {"reg_alpha", "1"},
                  {"lambda", "2"},
                  {"min_split_gain", "0.1"},
                  {"n_iter_no_change", "10"},
                  {"n_jobs", "4"},
                  {"random_state", "5"},
                  {"label", "name:y"},
                  {"query_id", "1"},
                  {"blacklist", "2,3"},
                  {"has_header", "true"},
                  {"model_in", "m.json"},
                  {"pred_name", "out.txt"},
                  {"raw_score", "1"},
                  {"boosting_type", "gbrt"},
                  {"task_type", "training"},
                  {"tree", "data_parallel"},
                  {"verbose", "-1"},
                  {"max_bins", "63"},
                  {"subsample_for_bin", "1000"},
                  {"max_leaf_output", "2.5"},
                  {"save_period", "10"},
                  {"two_round", "yes"}});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->boosting.num_iterations, 50);
  EXPECT_DOUBLE_EQ(p->boosting.learning_rate, 0.05);
  EXPECT_EQ(p->tree.num_leaves, 15);
  EXPECT_EQ(p->io.data, "a.csv");
  EXPECT_EQ(p->io.valid, (std::vector<std::string>{"b.csv", "c.csv"}));
  EXPECT_EQ(p->boosting.objective, "binary");
  EXPECT_EQ(p->tree.min_data_in_leaf, 3);
  EXPECT_DOUBLE_EQ(p->tree.min_sum_hessian_in_leaf, 0.5);
  EXPECT_DOUBLE_EQ(p->boosting.bagging_fraction, 0.7);
  EXPECT_EQ(p->boosting.bagging_freq, 1);
  EXPECT_DOUBLE_EQ(p->boosting.feature_fraction, 0.6);
  EXPECT_DOUBLE_EQ(p->tree.lambda_l1, 1);
  EXPECT_DOUBLE_EQ(p->tree.lambda_l2, 2);
  EXPECT_DOUBLE_EQ(p->tree.min_gain_to_split, 0.1);
  EXPECT_EQ(p->boosting.early_stopping_round, 10);
  EXPECT_EQ(p->system.num_threads, 4);
  EXPECT_EQ(p->system.seed, 5);
  EXPECT_EQ(p->io.label_column, "name:y");
  EXPECT_EQ(p->io.group_column, "1");
  EXPECT_EQ(p->io.ignore_column, "2,3");
  EXPECT_TRUE(p->io.header);
  EXPECT_EQ(p->io.input_model, "m.json");
  EXPECT_EQ(p->io.output_result, "out.txt");
  EXPECT_TRUE(p->io.predict_raw_score);
  EXPECT_EQ(p->boosting.boosting, "gbdt");
  EXPECT_EQ(p->io.task, "train");
  EXPECT_EQ(p->system.tree_learner, "data");
  EXPECT_EQ(p->system.verbosity, -1);
  EXPECT_EQ(p->io.max_bin, 63);
  EXPECT_EQ(p->io.bin_construct_sample_cnt, 1000);
  EXPECT_DOUBLE_EQ(p->tree.max_delta_step, 2.5);
  EXPECT_EQ(p->io.snapshot_freq, 10);
  EXPECT_TRUE(p->io.use_two_round_loading);
}

TEST(ApplyParams, ChoiceValuesAreCanonicalised) {
  for (const char* name : {"regression", "mse", "L2", "rmse", "root_mean_squared_error"}) {
    auto p = Apply({{"objective", name}});
    ASSERT_TRUE(p.ok()) << name;
    EXPECT_EQ(p->boosting.objective, "regression") << name;
  }
  EXPECT_EQ(Apply({{"task", "prediction"}})->io.task, "predict");
  EXPECT_EQ(Apply({{"task", "test"}})->io.task, "predict");
  EXPECT_EQ(Apply({{"tree_learner", "serial_tree_learner"}})->system.tree_learner, "serial");
  EXPECT_EQ(Apply({{"model_format", "CBOR"}})->io.model_format, "cbor");
}

TEST(ApplyParams, UnknownOrUnavailableChoicesAreRefused) {
  const Status bad = ApplyStatus({{"objective", "regresion"}});
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("'objective' must be one of regression, binary"), std::string::npos)
      << bad.message();
  const Status voting = ApplyStatus({{"tree_learner", "voting"}});
  EXPECT_EQ(voting.code(), StatusCode::kUnavailable);
  EXPECT_NE(voting.message().find("not supported yet"), std::string::npos);
  for (const char* device : {"cuda", "gpu"}) {
    const Status s = ApplyStatus({{"device_type", device}});
    EXPECT_EQ(s.code(), StatusCode::kUnavailable);
    EXPECT_NE(s.message().find("not built with CUDA"), std::string::npos) << s.message();
  }
  EXPECT_EQ(ApplyStatus({{"boosting", "dart"}}).code(), StatusCode::kUnavailable);
  EXPECT_EQ(ApplyStatus({{"model_format", "xml"}}).code(), StatusCode::kInvalidArgument);
}

TEST(ApplyParams, UnknownKeySuggestsClosestName) {
  Status s = ApplyStatus({{"num_leafs", "7"}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "unknown parameter 'num_leafs'; did you mean 'num_leaves'?");
  s = ApplyStatus({{"learnin_rate", "0.1"}});
  EXPECT_NE(s.message().find("did you mean 'learning_rate'?"), std::string::npos);
  s = ApplyStatus({{"colour_of_the_sky", "blue"}});
  EXPECT_EQ(s.message(), "unknown parameter 'colour_of_the_sky'");
  s = ApplyStatus({{"config", "x.conf"}});
  EXPECT_NE(s.message().find("only accepted on the command line"), std::string::npos);
}

TEST(ApplyParams, IllTypedValuesNameTheParameter) {
  EXPECT_EQ(ApplyStatus({{"num_leaves", "abc"}}).message(),
            "parameter 'num_leaves' expects an integer, got 'abc'");
  EXPECT_NE(ApplyStatus({{"learning_rate", "fast"}}).message().find("'learning_rate' expects"),
            std::string::npos);
  EXPECT_NE(ApplyStatus({{"header", "maybe"}}).message().find("'header' expects a boolean"),
            std::string::npos);
  EXPECT_EQ(ApplyStatus({{"num_leaves", "1.5"}}).code(), StatusCode::kInvalidArgument);
}

TEST(ApplyParams, OutOfRangeValuesShowTheBounds) {
  EXPECT_EQ(ApplyStatus({{"num_grad_quant_bins", "200"}}).message(),
            "parameter 'num_grad_quant_bins' must be in [2, 127], got 200");
  EXPECT_EQ(ApplyStatus({{"learning_rate", "0"}}).message(),
            "parameter 'learning_rate' must be > 0, got 0");
  EXPECT_EQ(ApplyStatus({{"bagging_fraction", "0"}}).message(),
            "parameter 'bagging_fraction' must be in (0, 1], got 0");
  EXPECT_EQ(ApplyStatus({{"num_leaves", "1"}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyStatus({{"num_leaves", "131073"}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyStatus({{"max_bin", "65536"}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyStatus({{"min_data_in_bin", "0"}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyStatus({{"metric_freq", "0"}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyStatus({{"lambda_l2", "-1"}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyStatus({{"feature_fraction", "1.01"}}).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ApplyStatus({{"num_leaves", "131072"}, {"feature_fraction", "1"}}).ok());
}

TEST(ApplyParams, BoolsAcceptLightGbmSpellings) {
  for (const char* yes : {"true", "TRUE", "1", "+", "yes", "Yes"}) {
    auto p = Apply({{"header", yes}});
    ASSERT_TRUE(p.ok()) << yes;
    EXPECT_TRUE(p->io.header) << yes;
  }
  for (const char* no : {"false", "False", "0", "-", "no", "NO"}) {
    auto p = Apply({{"use_quantized_grad", no}});
    ASSERT_TRUE(p.ok()) << no;
    EXPECT_FALSE(p->quant.use_quantized_grad) << no;
  }
}

TEST(ApplyParams, MetricNamesAreCanonicalised) {
  auto metric = [](const char* text) { return Apply({{"metric", text}})->boosting.metric; };
  using Names = std::vector<std::string>;
  EXPECT_EQ(metric("mse,mean_squared_error,regression_l2,l2,regression"), Names{"l2"});
  EXPECT_EQ(metric("rmse, root_mean_squared_error, l2_root"), Names{"rmse"});
  EXPECT_EQ(metric("mae,mean_absolute_error,regression_l1,l1"), Names{"l1"});
  EXPECT_EQ(metric("binary,binary_logloss,binary_error,auc"),
            (Names{"binary_logloss", "binary_error", "auc"}));
  EXPECT_EQ(metric(""), Names{});  // the objective's default metric
  EXPECT_EQ(metric("None"), Names{"none"});
  EXPECT_EQ(metric("na"), Names{"none"});
  EXPECT_EQ(metric("null"), Names{"none"});
  EXPECT_EQ(metric("custom"), Names{"none"});
  EXPECT_EQ(metric("my_metric"), Names{"my_metric"});
  EXPECT_EQ(Apply({{"metrics", "l1"}})->boosting.metric, Names{"l1"});
}

TEST(ApplyParams, SeedDerivesOnlyTheSeedsNotSetExplicitly) {
  auto base = Apply({{"seed", "42"}});
  ASSERT_TRUE(base.ok());
  const Params defaults;
  EXPECT_NE(base->io.data_random_seed, defaults.io.data_random_seed);
  EXPECT_NE(base->boosting.bagging_seed, base->boosting.feature_fraction_seed);
  EXPECT_GE(base->boosting.bagging_seed, 0);
  EXPECT_TRUE(ApplyOk({{"random_state", "42"}}) == *base);  // deterministic, alias-independent
  EXPECT_FALSE(ApplyOk({{"seed", "43"}}) == *base);

  auto partial = Apply({{"bagging_seed", "7"}, {"seed", "42"}});
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->boosting.bagging_seed, 7);
  EXPECT_EQ(partial->io.data_random_seed, base->io.data_random_seed);
  EXPECT_EQ(partial->boosting.feature_fraction_seed, base->boosting.feature_fraction_seed);

  auto no_seed = Apply({{"bagging_seed", "7"}});
  EXPECT_EQ(no_seed->io.data_random_seed, defaults.io.data_random_seed);
}

TEST(ApplyParams, RankingObjectivesGetFinerQuantizationUnlessSet) {
  const int plain = Params{}.quant.num_grad_quant_bins;
  for (const char* objective : {"lambdarank", "xendcg"}) {
    EXPECT_GT(ApplyOk({{"objective", objective}}).quant.num_grad_quant_bins, plain) << objective;
    EXPECT_EQ(
        ApplyOk({{"objective", objective}, {"num_grad_quant_bins", "6"}}).quant.num_grad_quant_bins,
        6);
  }
  EXPECT_EQ(ApplyOk({{"objective", "binary"}}).quant.num_grad_quant_bins, plain);
  // An objective kept from an earlier call does not override a later explicit choice.
  Params p;
  ASSERT_TRUE(ApplyParams({{"objective", "lambdarank"}}, &p).ok());
  ASSERT_TRUE(ApplyParams({{"num_grad_quant_bins", "4"}}, &p).ok());
  EXPECT_EQ(p.quant.num_grad_quant_bins, 4);
}

TEST(ApplyParams, RankingParameters) {
  const Params p = ApplyOk({{"ndcg_eval_at", "10,1"},
                            {"label_gain", "0,1,3,7"},
                            {"lambdarank_truncation_level", "10"},
                            {"seed", "3"}});
  EXPECT_EQ(p.ranking.eval_at, (std::vector<std::string>{"10", "1"}));
  EXPECT_EQ(p.ranking.label_gain.size(), 4u);
  EXPECT_EQ(p.ranking.lambdarank_truncation_level, 10);
  EXPECT_NE(p.ranking.objective_seed, Params{}.ranking.objective_seed);  // derived from seed
  EXPECT_EQ(ApplyOk({{"seed", "3"}, {"objective_seed", "9"}}).ranking.objective_seed, 9);
  EXPECT_FALSE(ApplyStatus({{"lambdarank_truncation_level", "0"}}).ok());
  Params bad;
  bad.ranking.eval_at = {"0"};
  EXPECT_NE(ValidateParams(bad).message().find("'eval_at'"), std::string::npos);
  bad.ranking.eval_at = {"5"};
  bad.ranking.label_gain = {"1", "x"};
  EXPECT_NE(ValidateParams(bad).message().find("'label_gain'"), std::string::npos);
}

TEST(ApplyParams, AliasConflictsWithinOneSourceAreErrors) {
  const Status s = ApplyStatus({{"num_trees", "10"}, {"num_iterations", "20"}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("num_trees=10 and num_iterations=20"), std::string::npos);
  EXPECT_TRUE(ApplyStatus({{"num_trees", "10"}, {"num_iterations", "10"}}).ok());
  auto p = Apply({{"num_trees", "10"}, {"num_trees", "20"}});  // same name: later wins
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->boosting.num_iterations, 20);
}

TEST(ApplyParams, ErrorsLeaveParamsUntouched) {
  Params p;
  EXPECT_FALSE(ApplyParams({{"num_leaves", "7"}, {"max_bin", "1"}}, &p).ok());
  EXPECT_TRUE(p == Params{});
}

TEST(ApplyParams, AppliesOnTopOfEarlierValues) {
  Params p;
  ASSERT_TRUE(ApplyParams({{"num_leaves", "7"}, {"eta", "0.3"}}, &p).ok());
  ASSERT_TRUE(ApplyParams({{"num_leaves", "9"}}, &p).ok());
  EXPECT_EQ(p.tree.num_leaves, 9);
  EXPECT_DOUBLE_EQ(p.boosting.learning_rate, 0.3);
}

TEST(ParamsToKeyValues, RoundTripsThroughApplyParams) {
  auto p = Apply({{"objective", "binary"},
                  {"metric", "auc,binary_logloss"},
                  {"eta", "0.0123"},
                  {"valid", "a.csv,b.csv"},
                  {"seed", "9"},
                  {"bin_construct_sample_cnt", "5000000000"},
                  {"lambda_l2", "0.1"},
                  {"header", "true"},
                  {"num_grad_quant_bins", "16"}});
  ASSERT_TRUE(p.ok()) << p.status().message();
  const KeyValues kv = ParamsToKeyValues(*p);
  EXPECT_EQ(kv.size(), ParamIndex::Get().params().size());
  auto back = Apply(kv);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(*back == *p);

  Params none;
  none.boosting.metric = {"none"};
  EXPECT_TRUE(ApplyOk(ParamsToKeyValues(none)) == none);
  EXPECT_TRUE(ApplyOk(ParamsToKeyValues(Params{})) == Params{});
}

TEST(ApplyParams, LogLinkObjectivesDefaultToFinerQuantization) {
  for (const char* objective : {"poisson", "gamma", "tweedie"}) {
    EXPECT_EQ(Apply({{"objective", objective}})->quant.num_grad_quant_bins, 32) << objective;
    EXPECT_EQ(
        Apply({{"objective", objective}, {"num_grad_quant_bins", "4"}})->quant.num_grad_quant_bins,
        4)
        << objective;
  }
  EXPECT_EQ(Apply({{"loss", "poisson"}})->quant.num_grad_quant_bins, 32);  // through an alias
  for (const char* objective : {"regression", "binary", "regression_l1", "quantile", "huber"})
    EXPECT_EQ(Apply({{"objective", objective}})->quant.num_grad_quant_bins, 4) << objective;
}

TEST(IsSetByUser, ResolvesAliasesOnBothSides) {
  const KeyValues kv = {{"num_trees", "10"}, {" eta ", "0.1"}};
  EXPECT_TRUE(IsSetByUser(kv, "num_iterations"));
  EXPECT_TRUE(IsSetByUser(kv, "n_estimators"));
  EXPECT_TRUE(IsSetByUser(kv, "learning_rate"));
  EXPECT_FALSE(IsSetByUser(kv, "num_leaves"));
  EXPECT_FALSE(IsSetByUser(kv, "not_a_parameter"));
}

TEST(ValidateParams, ChecksFieldsSetInCode) {
  Params p;
  p.tree.num_leaves = 1;
  EXPECT_NE(ValidateParams(p).message().find("'num_leaves' must be in [2, 131072]"),
            std::string::npos);
  p = Params{};
  p.boosting.objective = "mse";
  EXPECT_NE(ValidateParams(p).message().find("canonical name 'regression'"), std::string::npos);
  p = Params{};
  p.system.device_type = "cuda";
  EXPECT_EQ(ValidateParams(p).code(), StatusCode::kUnavailable);
}

TEST(ValidateParams, RulesBetweenFields) {
  EXPECT_FALSE(ValidateParams(ApplyOk({{"metric", "none,auc"}})).ok());
  EXPECT_FALSE(
      ValidateParams(ApplyOk({{"force_row_wise", "true"}, {"force_col_wise", "true"}})).ok());
  EXPECT_FALSE(
      ValidateParams(ApplyOk({{"predict_raw_score", "true"}, {"predict_leaf_index", "true"}}))
          .ok());
}

TEST(ValidateParams, NumClassAndMetricsMustFitTheObjective) {
  EXPECT_TRUE(ValidateParams(ApplyOk({{"objective", "softmax"}, {"num_classes", "3"}})).ok());
  EXPECT_TRUE(ValidateParams(ApplyOk({{"objective", "ova"},
                                      {"num_class", "3"},
                                      {"metric", "multi_error,multi_logloss"}}))
                  .ok());
  const Status no_classes = ValidateParams(ApplyOk({{"objective", "multiclass"}}));
  EXPECT_NE(no_classes.message().find("'num_class' > 1"), std::string::npos)
      << no_classes.message();
  EXPECT_FALSE(ValidateParams(ApplyOk({{"objective", "binary"}, {"num_class", "3"}})).ok());
  // Prediction ignores num_class, as in LightGBM.
  EXPECT_TRUE(ValidateParams(ApplyOk({{"task", "predict"}, {"num_class", "3"}})).ok());
  EXPECT_FALSE(
      ValidateParams(ApplyOk({{"objective", "multiclass"}, {"num_class", "3"}, {"metric", "auc"}}))
          .ok());
  EXPECT_FALSE(ValidateParams(ApplyOk({{"objective", "binary"}, {"metric", "multi_error"}})).ok());
  EXPECT_FALSE(ApplyStatus({{"multi_error_top_k", "0"}}).ok());
}

TEST(ParamIndex, EveryNameIsUniqueAndKeysMatchFields) {
  // The index constructor aborts on a duplicate; reaching here means every name is unique.
  const auto& params = ParamIndex::Get().params();
  EXPECT_GT(params.size(), 50u);
  for (const ParamInfo& info : params) {
    EXPECT_EQ(ParamIndex::Get().Find(info.spec.key), &info);
    EXPECT_FALSE(info.spec.doc.empty()) << info.spec.key;
  }
}

}  // namespace
}  // namespace qgbm
