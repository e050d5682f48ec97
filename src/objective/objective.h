// Objective: a loss function the booster minimises.
//
// Life cycle: CreateObjective(name) → CheckLabels(labels) once per training set → SetUp(all
// machines' labels) → InitScores (when boost_from_average) → each iteration BeginIteration(i) and
// ComputeGradients(scores), and, for the losses that renew leaves, RenewLeafOutput for each leaf
// of the grown tree → at prediction time the model's OutputTransform (stored in the model, so
// prediction needs no objective).
// Scores are output-major: scores[k * num_rows + row].
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qgbm/params.h"
#include "qgbm/status.h"

#include "common/label_view.h"
#include "model/model.h"

namespace qgbm {

class Objective {
 public:
  virtual ~Objective() = default;
  virtual std::string name() const = 0;
  virtual int num_outputs() const { return 1; }
  // Rejects labels the loss cannot use, naming the first bad row.
  virtual Status CheckLabels(const LabelView& data) const = 0;
  // Constant scores that minimise the loss with no trees (boost_from_average).
  virtual std::vector<double> InitScores(const LabelView& data) const = 0;
  // Called once before the first gradients with the labels of every machine's rows (in global
  // order), for objectives whose gradients depend on label statistics (is_unbalance's class
  // counts).
  virtual void SetUp(const LabelView& /*global_data*/) {}
  // Called before ComputeGradients with the global iteration (continued models included), for
  // objectives whose gradients draw random numbers keyed by it.
  virtual void BeginIteration(int /*iteration*/) {}
  // Outputs that can learn from these labels (LightGBM's ClassNeedTrain); the others get constant
  // zero trees. Size num_outputs().
  virtual std::vector<bool> OutputsToTrain(const LabelView& /*data*/) const {
    return std::vector<bool>(static_cast<size_t>(num_outputs()), true);
  }
  virtual void ComputeGradients(std::span<const double> scores, const LabelView& data, int threads,
                                std::span<float> grad, std::span<float> hess) const = 0;
  // True when every row's hessian is the same, so quantized hessians can be exact row counts.
  virtual bool IsConstantHessian(bool weighted) const = 0;
  virtual OutputTransform transform() const = 0;
  virtual double sigmoid() const { return 1.0; }
  virtual std::string default_metric() const = 0;

  // Leaf renewal (LightGBM's RenewTreeOutput). For losses whose gradient is only a sign (L1,
  // quantile, mape) the Newton step of a leaf is a poor value; they refit every leaf of a grown
  // tree, before shrinkage, to the loss's best constant for the residuals label - score of the
  // leaf's rows. This replaces the quantized-gradient refit.
  virtual bool RenewsLeafOutput() const { return false; }
  // `rows`: the (in-bag) training rows of one leaf; `scores`: training scores before this tree.
  // Only called when RenewsLeafOutput().
  virtual double RenewLeafOutput(std::span<const int32_t> /*rows*/,
                                 std::span<const double> /*scores*/,
                                 const LabelView& /*data*/) const {
    return 0.0;
  }
};

// The objective of callers that compute gradients themselves (objective=none, alias custom): it
// computes none, starts from raw score 0 and leaves scores untransformed.
inline constexpr std::string_view kCustomObjectiveName = "none";

// Names as in LightGBM ("regression", "binary", "multiclass", "lambdarank", ...); aliases are
// resolved by the config layer. `ranking` configures the ranking objectives only.
StatusOr<std::unique_ptr<Objective>> CreateObjective(const BoostingParams& params,
                                                     const RankingParams& ranking = {});

}  // namespace qgbm
