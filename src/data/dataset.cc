#include "data/dataset.h"

#include <utility>

namespace qgbm {
namespace {

Metadata TakeMetadata(RawData& raw) {
  Metadata m;
  m.labels = std::move(raw.labels);
  m.weights = std::move(raw.weights);
  m.init_scores = std::move(raw.init_scores);
  m.group_sizes = std::move(raw.group_sizes);
  return m;
}

}  // namespace

StatusOr<Dataset> Dataset::FromRaw(RawData&& raw, const BinningOptions& options, int threads) {
  if (raw.num_rows <= 0) return Status::DataError("data file '" + raw.source + "' has no rows");
  Dataset d;
  d.source_ = raw.source;
  d.bin_mapper_ = BinMapper::Build(raw, options, threads);
  for (int f = 0; f < raw.num_features; ++f) {
    if (!d.bin_mapper_.IsTrivial(f)) d.used_features_.push_back(f);
  }
  d.matrix_ = BinnedMatrix(raw, d.bin_mapper_, d.used_features_, threads, options.pack_4bit);
  d.feature_names_ = raw.feature_names;
  d.category_names_ = std::move(raw.category_names);
  d.metadata_ = TakeMetadata(raw);
  std::vector<float>().swap(raw.values);  // the float values are not needed once binned
  return d;
}

StatusOr<Dataset> Dataset::FromRawWithReference(RawData&& raw, const Dataset& reference,
                                                int threads) {
  if (raw.num_features != reference.num_total_features()) {
    return Status::DataError("validation file '" + raw.source + "' has " +
                             std::to_string(raw.num_features) +
                             " features but the training data '" + reference.source() + "' has " +
                             std::to_string(reference.num_total_features()));
  }
  Dataset d;
  d.source_ = raw.source;
  d.bin_mapper_ = reference.bin_mapper_;
  d.used_features_ = reference.used_features_;
  d.matrix_ = BinnedMatrix(raw, d.bin_mapper_, d.used_features_, threads,
                           reference.matrix_.width() == BinWidth::k4);
  d.feature_names_ = reference.feature_names_;
  d.category_names_ = reference.category_names_;
  d.metadata_ = TakeMetadata(raw);
  std::vector<float>().swap(raw.values);
  return d;
}

}  // namespace qgbm
