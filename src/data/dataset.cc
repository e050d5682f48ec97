#include "data/dataset.h"

#include <utility>

#include "collective/gather.h"

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

StatusOr<Dataset> Dataset::FromRawDistributed(RawData&& raw, const BinningOptions& options,
                                              int threads, Communicator& comm) {
  const int64_t rows = raw.num_rows;
  QGBM_ASSIGN_OR_RETURN(const std::vector<int64_t> counts,
                        GatherInRankOrder(comm, std::span<const int64_t>(&rows, 1)));
  QGBM_ASSIGN_OR_RETURN(const std::vector<int32_t> features,
                        GatherInRankOrder(comm, std::span<const int32_t>(&raw.num_features, 1)));
  for (size_t r = 0; r < features.size(); ++r) {
    if (features[r] != raw.num_features) {
      return Status::DataError("machine " + std::to_string(r) + "'s training data has " +
                               std::to_string(features[r]) + " features, machine " +
                               std::to_string(comm.rank()) + "'s ('" + raw.source + "') has " +
                               std::to_string(raw.num_features));
    }
  }
  int64_t offset = 0, total = 0;
  for (size_t r = 0; r < counts.size(); ++r) {
    if (static_cast<int>(r) < comm.rank()) offset += counts[r];
    total += counts[r];
  }
  if (total <= 0) return Status::DataError("the training data of all machines has no rows");
  Dataset d;
  d.source_ = raw.source;
  d.row_offset_ = offset;
  QGBM_ASSIGN_OR_RETURN(d.bin_mapper_,
                        BinMapper::BuildDistributed(raw, offset, total, options, threads, comm));
  for (int f = 0; f < raw.num_features; ++f) {
    if (!d.bin_mapper_.IsTrivial(f)) d.used_features_.push_back(f);
  }
  d.matrix_ = BinnedMatrix(raw, d.bin_mapper_, d.used_features_, threads, options.pack_4bit);
  d.feature_names_ = raw.feature_names;
  d.category_names_ = std::move(raw.category_names);
  d.metadata_ = TakeMetadata(raw);
  std::vector<float>().swap(raw.values);
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
