// Applying key=value pairs to Params, and writing Params back as pairs.
#include <map>

#include "common/random.h"
#include "config/config_parser.h"
#include "config/param_index.h"
#include "config/param_visitor.h"
#include "config/value_codec.h"

namespace qgbm {
namespace {

struct GivenValue {
  std::string_view name;  // as the user spelled it
  std::string_view value;
};
// canonical key -> the value that wins
using ResolvedValues = std::map<std::string_view, GivenValue, std::less<>>;

Status UnknownKey(std::string_view key) {
  if (key == "config" || key == "config_file") {
    return Status::InvalidArgument("parameter '" + std::string(key) +
                                   "' is only accepted on the command line");
  }
  std::string message = "unknown parameter '" + std::string(key) + "'";
  const std::string suggestion = ParamIndex::Get().Suggest(key);
  if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
  return Status::InvalidArgument(message);
}

// LightGBM keeps the first of two aliases and warns; a silent choice hides typos, so we refuse.
Status ConflictingNames(std::string_view key, const GivenValue& a, const GivenValue& b) {
  return Status::InvalidArgument("parameter '" + std::string(key) +
                                 "' is given twice with different values: " + std::string(a.name) +
                                 "=" + std::string(a.value) + " and " + std::string(b.name) + "=" +
                                 std::string(b.value));
}

StatusOr<ResolvedValues> Resolve(const KeyValues& kv) {
  ResolvedValues resolved;
  for (const auto& [raw_key, raw_value] : kv) {
    const GivenValue given{Trim(raw_key), Trim(raw_value)};
    const ParamInfo* info = ParamIndex::Get().Find(given.name);
    if (info == nullptr) return UnknownKey(given.name);
    auto [it, inserted] = resolved.try_emplace(info->spec.key, given);
    if (inserted) continue;
    const GivenValue& previous = it->second;
    if (previous.name != given.name && previous.value != given.value) {
      return ConflictingNames(info->spec.key, previous, given);
    }
    it->second = given;
  }
  return resolved;
}

class Assigner : public ParamVisitor {
 public:
  explicit Assigner(const ResolvedValues& values) : values_(values) {}
  void Visit(const FieldSpec& spec, FieldRef field) override {
    if (!status_.ok()) return;
    auto it = values_.find(spec.key);
    if (it != values_.end()) status_ = ParseValue(spec, it->second.value, field);
  }
  const Status& status() const { return status_; }

 private:
  const ResolvedValues& values_;
  Status status_;
};

int DerivedSeed(int seed, RandomStream stream) {
  // 31 bits keep the derived seed a non-negative int, like LightGBM's.
  return static_cast<int>(RandomKey(static_cast<uint32_t>(seed), stream, 0) >> 33);
}

// LightGBM's rule: an explicit `seed` drives every seed the user did not set.
void DeriveSeeds(const ResolvedValues& given, Params* params) {
  if (!given.contains("seed")) return;
  const int seed = params->system.seed;
  if (!given.contains("data_random_seed")) {
    params->io.data_random_seed = DerivedSeed(seed, RandomStream::kBinSample);
  }
  if (!given.contains("bagging_seed")) {
    params->boosting.bagging_seed = DerivedSeed(seed, RandomStream::kBagging);
  }
  if (!given.contains("feature_fraction_seed")) {
    params->boosting.feature_fraction_seed = DerivedSeed(seed, RandomStream::kFeatureSampling);
  }
  if (!given.contains("objective_seed")) {
    params->ranking.objective_seed = DerivedSeed(seed, RandomStream::kObjective);
  }
}

// XGBoost's rule for depth-wise trees: the depth, not a leaf count, shapes them. A num_leaves not
// given together with grow_policy=depthwise or max_depth becomes 2^max_depth (complete trees).
void DeriveDepthwiseLeaves(const ResolvedValues& given, Params* params) {
  TreeParams& tree = params->tree;
  if (tree.grow_policy != "depthwise" || tree.max_depth <= 0 || given.contains("num_leaves"))
    return;
  if (!given.contains("grow_policy") && !given.contains("max_depth")) return;
  constexpr int kMaxLeaves = 131072;  // num_leaves' upper bound (param_table.cc)
  tree.num_leaves = tree.max_depth >= 17 ? kMaxLeaves : 1 << tree.max_depth;
}

// Objectives whose gradients need more than the default 4 quantization levels; each gets its
// level count unless the user set num_grad_quant_bins.
//
// Log-link losses (poisson, gamma, tweedie) have gradients and hessians spread over orders of
// magnitude (exp of the score), so 4 quantization levels leave most rows at level 0: their test
// deviance is 4-11% worse than full precision (LightGBM's quantized training loses the same),
// while 32 levels keep it within 1% (benchmarks/breadth/regression_losses.py).
//
// Ranking gradients need finer quantization than the default (docs/ranking.md has the
// measurements): lambdas are heavy-tailed, since |ΔNDCG| shrinks with rank and lambdarank_norm
// rescales whole queries, and the scale is set by the largest one. On MQ2008 the median row's
// |gradient| is 2% of one level at 4 bins (8% at 16), so nearly every row rounds to 0 or ±1
// and the trees see mostly rounding noise; the quantized-training paper needs 4-bit gradients
// (14 bins) for ranking to match full precision. quant_train_renew_leaf, which matters even more
// for ranking, is already on by default.
//
// Multiclass trains one tree per class on that class's softmax gradients, which shrink as the
// class separates, so the scale is set by the few rows still wrong: at 4 levels covertype loses
// 0.8 accuracy points and fashion_mnist 0.7 against full precision (LightGBM's quantized
// training loses as much), at 16 they stay within 0.3 (benchmarks/breadth/multiclass.py).
int ObjectiveQuantBins(const std::string& objective) {
  if (objective == "poisson" || objective == "gamma" || objective == "tweedie") return 32;
  if (objective == "lambdarank" || objective == "rank_xendcg") return 16;
  if (objective == "multiclass" || objective == "multiclassova") return 16;
  return 0;  // the parameter's default
}

void DeriveQuantBins(const ResolvedValues& given, Params* params) {
  // Only when this call sets the objective: a later call must not undo an explicit setting.
  if (!given.contains("objective") || given.contains("num_grad_quant_bins")) return;
  const int bins = ObjectiveQuantBins(params->boosting.objective);
  if (bins > 0) params->quant.num_grad_quant_bins = bins;
}

class Writer : public ParamVisitor {
 public:
  explicit Writer(KeyValues* out) : out_(out) {}
  void Visit(const FieldSpec& spec, FieldRef field) override {
    out_->emplace_back(std::string(spec.key), FormatValue(field));
  }

 private:
  KeyValues* out_;
};

}  // namespace

Status ApplyParams(const KeyValues& kv, Params* params) {
  QGBM_ASSIGN_OR_RETURN(const ResolvedValues given, Resolve(kv));
  Params updated = *params;
  Assigner assigner(given);
  updated.VisitFields(assigner);
  QGBM_RETURN_IF_ERROR(assigner.status());
  DeriveSeeds(given, &updated);
  DeriveDepthwiseLeaves(given, &updated);
  DeriveQuantBins(given, &updated);
  *params = std::move(updated);
  return Status::Ok();
}

KeyValues ParamsToKeyValues(const Params& params) {
  Params copy = params;  // visitors take mutable fields; writing must not touch the caller's
  KeyValues out;
  Writer writer(&out);
  copy.VisitFields(writer);
  return out;
}

bool IsSetByUser(const KeyValues& kv, std::string_view key) {
  const ParamInfo* wanted = ParamIndex::Get().Find(key);
  if (wanted == nullptr) return false;
  for (const auto& entry : kv) {
    if (ParamIndex::Get().Find(Trim(entry.first)) == wanted) return true;
  }
  return false;
}

}  // namespace qgbm
