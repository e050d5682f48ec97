// Objective: a loss function the booster minimises.
//
// Life cycle: CreateObjective(name) → CheckLabels(labels) once per training set →
// InitScores (when boost_from_average) → each iteration ComputeGradients(scores) → at prediction
// time the model's OutputTransform (stored in the model, so prediction needs no objective).
// Scores are output-major: scores[k * num_rows + row].
#pragma once

#include <memory>
#include <span>
#include <string>
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
};

// Names as in LightGBM ("regression", "binary", "multiclass", "multiclassova"); aliases are
// resolved by the config layer. The multiclass objectives need num_class > 1.
StatusOr<std::unique_ptr<Objective>> CreateObjective(const BoostingParams& params);

}  // namespace qgbm
