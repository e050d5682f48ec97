// Model: the ensemble a booster produces and the predictor reads.
//
// trees are stored iteration-major: tree t belongs to iteration t / num_tree_per_iteration and
// output (class) t % num_tree_per_iteration. The raw score of output k for a row is
// init_score[k] + sum of its trees' leaf values, added in tree order (training adds them in the
// same order, so predictions of a loaded model equal training-time scores bit for bit).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/tree.h"

namespace qgbm {

// How raw scores turn into the predictions users see; the model stores it so that prediction
// needs no objective code.
enum class OutputTransform { kIdentity, kSigmoid, kSoftmax, kExponential };

// The names model files use ("identity", "sigmoid", "softmax", "exponential").
inline constexpr std::array<std::string_view, 4> kOutputTransformNames = {"identity", "sigmoid",
                                                                          "softmax", "exponential"};
inline std::string_view OutputTransformName(OutputTransform t) {
  return kOutputTransformNames[static_cast<size_t>(t)];
}
inline std::optional<OutputTransform> OutputTransformFromName(std::string_view name) {
  for (size_t i = 0; i < kOutputTransformNames.size(); ++i) {
    if (kOutputTransformNames[i] == name) return static_cast<OutputTransform>(i);
  }
  return std::nullopt;
}

inline constexpr int kModelFormatVersion = 2;

struct Model {
  // Version of the file the model was read from; writers always write kModelFormatVersion.
  int format_version = kModelFormatVersion;
  std::string objective;  // e.g. "binary", "regression"
  OutputTransform transform = OutputTransform::kIdentity;
  double sigmoid = 1.0;  // slope of the sigmoid transform
  int num_tree_per_iteration = 1;
  int num_features = 0;
  std::vector<std::string> feature_names;  // size num_features
  // Empty, or size num_features: the text of each category code of a text column (code = index),
  // empty for other features. Prediction codes text cells with it.
  std::vector<std::vector<std::string>> category_names;
  std::vector<double> init_score;  // size num_tree_per_iteration
  std::vector<Tree> trees;
  int best_iteration = 0;  // 1-based; 0 when early stopping did not run
  // Training parameters as key=value strings, for information only (never needed to predict).
  std::vector<std::pair<std::string, std::string>> parameters;

  int num_iterations() const {
    return num_tree_per_iteration > 0 ? static_cast<int>(trees.size()) / num_tree_per_iteration : 0;
  }
};

}  // namespace qgbm
