#include "api/model_insight.h"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <vector>

#include "common/atomic_file.h"
#include "model/feature_importance.h"
#include "model/model_dump.h"
#include "model/model_io.h"
#include "predict/contrib_predictor.h"

namespace qgbm {
namespace {

// Shortest text that reads back as the same double.
void AppendDouble(double v, std::string* out) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

int IterationsToUse(const Params& params, const Model& model) {
  return params.io.num_iteration_predict > 0 ? params.io.num_iteration_predict
                                             : model.best_iteration;
}

StatusOr<Model> LoadInputModel(const Params& params, const char* task) {
  if (params.io.input_model.empty()) {
    return Status::InvalidArgument(std::string("parameter 'input_model' is required for task=") +
                                   task);
  }
  return LoadModel(params.io.input_model);
}

ImportanceType ImportanceTypeOf(const Params& params) {
  return params.io.saved_feature_importance_type == 1 ? ImportanceType::kGain
                                                      : ImportanceType::kSplit;
}

}  // namespace

std::string ContribText(const Model& model, const float* rows, int64_t num_rows, int row_stride,
                        const PredictOptions& options) {
  const int64_t width = NumContribsPerRow(model);
  std::vector<double> out(static_cast<size_t>(num_rows * width));
  PredictContrib(model, rows, num_rows, row_stride, options, out.data());
  std::string text;
  text.reserve(out.size() * 20);
  for (int64_t r = 0; r < num_rows; ++r) {
    for (int64_t j = 0; j < width; ++j) {
      if (j > 0) text.push_back('\t');
      AppendDouble(out[static_cast<size_t>(r * width + j)], &text);
    }
    text.push_back('\n');
  }
  return text;
}

Status DumpModelToFile(const Params& params, const Context& ctx) {
  QGBM_ASSIGN_OR_RETURN(Model model, LoadInputModel(params, "dump"));
  DumpOptions o;
  o.num_iterations = IterationsToUse(params, model);
  o.importance_type = ImportanceTypeOf(params);
  QGBM_ASSIGN_OR_RETURN(std::string json, DumpModelJson(model, o));
  QGBM_RETURN_IF_ERROR(WriteFileAtomically(params.io.output_result, json));
  ctx.logger().Info("wrote the dump of " + params.io.input_model + " to " +
                    params.io.output_result);
  return Status::Ok();
}

StatusOr<std::string> FeatureImportanceText(const Params& params) {
  QGBM_ASSIGN_OR_RETURN(Model model, LoadInputModel(params, "importance"));
  PredictOptions o;
  o.num_iterations = IterationsToUse(params, model);
  const IterationRange used = UsedIterations(model, o);
  const ImportanceType type = ImportanceTypeOf(params);
  const std::vector<double> values = FeatureImportance(model, type, used.begin, used.end);
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] > values[b]; });
  std::string text = "feature_importances:\n";
  for (size_t f : order) {
    if (!(values[f] > 0.0)) break;
    text += model.feature_names[f] + "=";
    if (type == ImportanceType::kSplit) {
      text += std::to_string(static_cast<int64_t>(values[f]));
    } else {
      AppendDouble(values[f], &text);
    }
    text.push_back('\n');
  }
  return text;
}

}  // namespace qgbm
