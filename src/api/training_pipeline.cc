#include "api/training_pipeline.h"

#include <charconv>
#include <utility>
#include <vector>

#include "api/model_insight.h"
#include "api/model_parameters.h"
#include "boosting/gbdt_trainer.h"
#include "common/atomic_file.h"
#include "common/timer.h"
#include "config/config_parser.h"
#include "data/dataset.h"
#include "io/text_reader.h"
#include "model/model_io.h"
#include "predict/flat_forest.h"
#include "predict/predictor.h"

namespace qgbm {
namespace {

TextReadOptions ReadOptions(const Params& params, const Context& ctx) {
  TextReadOptions o;
  o.header = params.io.header;
  o.label_column = params.io.label_column;
  o.weight_column = params.io.weight_column;
  o.group_column = params.io.group_column;
  o.ignore_column = params.io.ignore_column;
  o.categorical_column = params.io.categorical_feature;
  o.num_threads = ctx.threads();
  return o;
}

// Continued training starts every row from the base model's prediction.
void SetInitScoresFromModel(const Model& model, const Context& ctx, RawData* raw) {
  const int k = model.num_tree_per_iteration;
  std::vector<double> row_major(static_cast<size_t>(raw->num_rows * k));
  PredictOptions o;
  o.threads = ctx.threads();
  PredictRaw(model, raw->values.data(), raw->num_rows, raw->num_features, o, row_major.data());
  raw->init_scores.resize(row_major.size());
  for (int64_t r = 0; r < raw->num_rows; ++r) {
    for (int c = 0; c < k; ++c)
      raw->init_scores[static_cast<size_t>(c * raw->num_rows + r)] =
          row_major[static_cast<size_t>(r * k + c)];
  }
}

// known_categories: the training data's category names (validation files), or nullptr.
StatusOr<RawData> ReadData(const std::string& path, const Params& params, const Context& ctx,
                           const Model* base,
                           const std::vector<std::vector<std::string>>* known_categories) {
  TextReadOptions read = ReadOptions(params, ctx);
  // Continued training codes text as the base model did.
  read.known_categories = known_categories != nullptr                        ? known_categories
                          : base != nullptr && !base->category_names.empty() ? &base->category_names
                                                                             : nullptr;
  QGBM_ASSIGN_OR_RETURN(RawData raw, ReadTextFile(path, read));
  if (base != nullptr) {
    if (raw.num_features != base->num_features) {
      return Status::DataError("'" + path + "' has " + std::to_string(raw.num_features) +
                               " features but input_model has " +
                               std::to_string(base->num_features));
    }
    SetInitScoresFromModel(*base, ctx, &raw);
  }
  return raw;
}

// Text columns become categorical on their own: say so, since a stray text cell in a numeric
// column would otherwise change how that column is read without a word.
void ReportTextColumns(const RawData& raw, const Context& ctx) {
  for (size_t f = 0; f < raw.category_names.size(); ++f) {
    if (raw.category_names[f].empty()) continue;
    ctx.logger().Info("feature " + std::to_string(f) + " ('" + raw.feature_names[f] +
                      "') holds text: read as categorical with " +
                      std::to_string(raw.category_names[f].size()) + " categories");
  }
}

std::string ValidName(size_t i, size_t count) {
  return count == 1 ? "valid_1" : "valid_" + std::to_string(i + 1);
}

}  // namespace

BinningOptions MakeBinningOptions(const Params& params) {
  BinningOptions o;
  o.max_bin = params.io.max_bin;
  o.min_data_in_bin = params.io.min_data_in_bin;
  o.sample_count = params.io.bin_construct_sample_cnt;
  o.seed = static_cast<uint64_t>(params.io.data_random_seed);
  return o;
}

StatusOr<Dataset> DatasetFromFile(const std::string& path, const Params& params, const Context& ctx,
                                  const Dataset* reference) {
  QGBM_ASSIGN_OR_RETURN(RawData raw,
                        ReadData(path, params, ctx, nullptr,
                                 reference != nullptr ? &reference->category_names() : nullptr));
  if (reference != nullptr)
    return Dataset::FromRawWithReference(std::move(raw), *reference, ctx.threads());
  ReportTextColumns(raw, ctx);
  return Dataset::FromRaw(std::move(raw), MakeBinningOptions(params), ctx.threads());
}

StatusOr<Model> TrainFromFiles(const Params& params, const Context& ctx, PhaseTimes* times) {
  if (params.io.data.empty())
    return Status::InvalidArgument("parameter 'data' (the training file) is required");
  Timer timer;
  std::unique_ptr<Model> base;
  if (!params.io.input_model.empty()) {
    QGBM_ASSIGN_OR_RETURN(Model m, LoadModel(params.io.input_model));
    base = std::make_unique<Model>(std::move(m));
  }
  QGBM_ASSIGN_OR_RETURN(RawData train_raw,
                        ReadData(params.io.data, params, ctx, base.get(), nullptr));
  ReportTextColumns(train_raw, ctx);
  std::vector<RawData> valid_raw;
  for (const std::string& path : params.io.valid) {
    QGBM_ASSIGN_OR_RETURN(RawData v,
                          ReadData(path, params, ctx, base.get(), &train_raw.category_names));
    valid_raw.push_back(std::move(v));
  }
  times->load = timer.Seconds();
  timer.Reset();
  QGBM_ASSIGN_OR_RETURN(Dataset train, Dataset::FromRaw(std::move(train_raw),
                                                        MakeBinningOptions(params), ctx.threads()));
  std::vector<Dataset> valid_data;
  for (RawData& v : valid_raw) {
    QGBM_ASSIGN_OR_RETURN(Dataset d,
                          Dataset::FromRawWithReference(std::move(v), train, ctx.threads()));
    valid_data.push_back(std::move(d));
  }
  valid_raw.clear();
  times->binning = timer.Seconds();
  timer.Reset();
  std::vector<ValidationSet> valids;
  for (size_t i = 0; i < valid_data.size(); ++i)
    valids.push_back({ValidName(i, valid_data.size()), &valid_data[i]});
  QGBM_ASSIGN_OR_RETURN(std::unique_ptr<GbdtTrainer> trainer,
                        GbdtTrainer::Create(params, train, valids, base.get(), ctx));
  QGBM_RETURN_IF_ERROR(trainer->Train());
  times->training = timer.Seconds();
  Model model = trainer->ReleaseModel();
  model.parameters = ModelParameters(params);
  return model;
}

Status PredictToFile(const Params& params, const Context& ctx) {
  if (params.io.input_model.empty())
    return Status::InvalidArgument("parameter 'input_model' is required to predict");
  if (params.io.data.empty())
    return Status::InvalidArgument("parameter 'data' (the file to predict) is required");
  QGBM_ASSIGN_OR_RETURN(Model model, LoadModel(params.io.input_model));
  TextReadOptions read = ReadOptions(params, ctx);
  read.expected_num_features = model.num_features;
  read.known_categories = &model.category_names;
  QGBM_ASSIGN_OR_RETURN(RawData raw, ReadTextFile(params.io.data, read));
  const FlatForest forest(model);  // compiled once for the whole file
  PredictOptions o;
  o.threads = ctx.threads();
  o.raw_score = params.io.predict_raw_score;
  o.num_iterations =
      params.io.num_iteration_predict > 0 ? params.io.num_iteration_predict : model.best_iteration;
  std::string text;
  char buf[32];
  if (params.io.predict_contrib) {
    text = ContribText(model, raw.values.data(), raw.num_rows, raw.num_features, o);
  } else if (params.io.predict_leaf_index) {
    const int64_t per_row = NumTreesUsed(forest, o);
    std::vector<int32_t> leaves(static_cast<size_t>(raw.num_rows * per_row));
    PredictLeafIndex(forest, raw.values.data(), raw.num_rows, raw.num_features, o, leaves.data());
    for (int64_t r = 0; r < raw.num_rows; ++r) {
      for (int64_t j = 0; j < per_row; ++j) {
        if (j > 0) text.push_back('\t');
        text += std::to_string(leaves[static_cast<size_t>(r * per_row + j)]);
      }
      text.push_back('\n');
    }
  } else {
    const int k = model.num_tree_per_iteration;
    std::vector<double> out(static_cast<size_t>(raw.num_rows * k));
    Predict(forest, raw.values.data(), raw.num_rows, raw.num_features, o, out.data());
    text.reserve(out.size() * 20);
    for (int64_t r = 0; r < raw.num_rows; ++r) {
      for (int c = 0; c < k; ++c) {
        if (c > 0) text.push_back('\t');
        // Shortest text that reads back as the same double.
        const auto res = std::to_chars(buf, buf + sizeof(buf), out[static_cast<size_t>(r * k + c)]);
        text.append(buf, res.ptr);
      }
      text.push_back('\n');
    }
  }
  QGBM_RETURN_IF_ERROR(WriteFileAtomically(params.io.output_result, text));
  ctx.logger().Info("wrote " + std::to_string(raw.num_rows) + " predictions to " +
                    params.io.output_result);
  return Status::Ok();
}

}  // namespace qgbm
