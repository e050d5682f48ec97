#include "data/dataset.h"

#include <cmath>
#include <set>
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

Status CheckFinite(const std::vector<float>& values, const char* field) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return Status::DataError(std::string("field '") + field + "': value " + std::to_string(i) +
                               " is " + std::to_string(values[i]) + ", not a finite number");
    }
  }
  return Status::Ok();
}

Status CheckCount(size_t have, int64_t num_rows, const char* field) {
  if (have == 0 || have == static_cast<size_t>(num_rows)) return Status::Ok();
  return Status::DataError(std::string("field '") + field + "' has " + std::to_string(have) +
                           " values but the data has " + std::to_string(num_rows) + " rows");
}

template <class T>
std::vector<T> Gather(const std::vector<T>& from, std::span<const int32_t> rows) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (int32_t r : rows) out.push_back(from[static_cast<size_t>(r)]);
  return out;
}

// Group sizes of the subset `rows` (ascending) of groups `sizes`; a group must be whole or absent.
StatusOr<std::vector<int32_t>> SubsetGroups(const std::vector<int32_t>& sizes,
                                            std::span<const int32_t> rows) {
  std::vector<int32_t> out;
  size_t i = 0;
  int64_t begin = 0;
  for (size_t g = 0; g < sizes.size(); ++g) {
    const int64_t end = begin + sizes[g];
    int32_t kept = 0;
    for (; i < rows.size() && rows[i] < end; ++i) ++kept;
    if (kept != 0 && kept != sizes[g]) {
      return Status::InvalidArgument("the subset keeps " + std::to_string(kept) + " of the " +
                                     std::to_string(sizes[g]) + " rows of query group " +
                                     std::to_string(g) + "; groups must be kept whole");
    }
    if (kept > 0) out.push_back(kept);
    begin = end;
  }
  return out;
}

}  // namespace

Status CheckMetadata(const Metadata& m, int64_t num_rows) {
  QGBM_RETURN_IF_ERROR(CheckCount(m.labels.size(), num_rows, "label"));
  QGBM_RETURN_IF_ERROR(CheckFinite(m.labels, "label"));
  QGBM_RETURN_IF_ERROR(CheckCount(m.weights.size(), num_rows, "weight"));
  QGBM_RETURN_IF_ERROR(CheckFinite(m.weights, "weight"));
  if (num_rows > 0 && m.init_scores.size() % static_cast<size_t>(num_rows) != 0) {
    return Status::DataError("field 'init_score' has " + std::to_string(m.init_scores.size()) +
                             " values, not a multiple of the " + std::to_string(num_rows) +
                             " rows");
  }
  for (size_t i = 0; i < m.init_scores.size(); ++i) {
    if (!std::isfinite(m.init_scores[i])) {
      return Status::DataError("field 'init_score': value " + std::to_string(i) +
                               " is not a finite number");
    }
  }
  int64_t sum = 0;
  for (size_t g = 0; g < m.group_sizes.size(); ++g) {
    if (m.group_sizes[g] <= 0) {
      return Status::DataError("field 'group': size " + std::to_string(g) + " is " +
                               std::to_string(m.group_sizes[g]) + "; query groups need rows");
    }
    sum += m.group_sizes[g];
  }
  if (!m.group_sizes.empty() && sum != num_rows) {
    return Status::DataError("field 'group': the sizes sum to " + std::to_string(sum) +
                             " but the data has " + std::to_string(num_rows) + " rows");
  }
  return Status::Ok();
}

StatusOr<Dataset> Dataset::Subset(const Dataset& from, std::span<const int32_t> rows, int threads) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] < 0 || rows[i] >= from.num_rows() || (i > 0 && rows[i] <= rows[i - 1])) {
      return Status::InvalidArgument(
          "used_row_indices[" + std::to_string(i) + "] = " + std::to_string(rows[i]) +
          ": row indices must be ascending and in [0, " + std::to_string(from.num_rows()) + ")");
    }
  }
  if (rows.empty()) return Status::InvalidArgument("a subset needs at least one row");
  Dataset d;
  d.source_ = from.source_ + " (subset)";
  d.bin_mapper_ = from.bin_mapper_;
  d.used_features_ = from.used_features_;
  d.matrix_ = from.matrix_.SelectRows(rows, threads);
  d.feature_names_ = from.feature_names_;
  d.category_names_ = from.category_names_;
  const Metadata& m = from.metadata_;
  if (!m.labels.empty()) d.metadata_.labels = Gather(m.labels, rows);
  if (!m.weights.empty()) d.metadata_.weights = Gather(m.weights, rows);
  const size_t n = static_cast<size_t>(from.num_rows());
  for (size_t k = 0; n > 0 && k < m.init_scores.size() / n; ++k) {
    for (int32_t r : rows)
      d.metadata_.init_scores.push_back(m.init_scores[k * n + static_cast<size_t>(r)]);
  }
  QGBM_ASSIGN_OR_RETURN(d.metadata_.group_sizes, SubsetGroups(m.group_sizes, rows));
  return d;
}

Status Dataset::SetMetadata(Metadata metadata) {
  QGBM_RETURN_IF_ERROR(CheckMetadata(metadata, num_rows()));
  // Only the fields that changed get new storage: callers may hold pointers to the others.
  auto replace = [](auto& field, auto& value) {
    if (field != value) field = std::move(value);
  };
  replace(metadata_.labels, metadata.labels);
  replace(metadata_.weights, metadata.weights);
  replace(metadata_.init_scores, metadata.init_scores);
  replace(metadata_.group_sizes, metadata.group_sizes);
  return Status::Ok();
}

Status Dataset::SetFeatureNames(std::vector<std::string> names) {
  if (names.size() != static_cast<size_t>(num_total_features())) {
    return Status::InvalidArgument("got " + std::to_string(names.size()) + " feature names for " +
                                   std::to_string(num_total_features()) + " features");
  }
  std::set<std::string> seen;
  for (size_t f = 0; f < names.size(); ++f) {
    if (names[f].empty())
      return Status::InvalidArgument("feature name " + std::to_string(f) + " is empty");
    if (!seen.insert(names[f]).second)
      return Status::InvalidArgument("feature name '" + names[f] + "' appears twice");
  }
  feature_names_ = std::move(names);
  return Status::Ok();
}

Status Dataset::SetCategoryNames(int feature, std::vector<std::string> names) {
  if (feature < 0 || feature >= num_total_features()) {
    return Status::InvalidArgument("feature " + std::to_string(feature) + " is outside [0, " +
                                   std::to_string(num_total_features()) + ")");
  }
  if (!bin_mapper_.IsCategorical(feature)) {
    return Status::InvalidArgument("feature " + std::to_string(feature) +
                                   " is not categorical (list it in categorical_feature)");
  }
  std::set<std::string> seen;
  for (const std::string& name : names) {
    if (!seen.insert(name).second)
      return Status::InvalidArgument("category name '" + name + "' appears twice");
  }
  category_names_.resize(static_cast<size_t>(num_total_features()));
  category_names_[static_cast<size_t>(feature)] = std::move(names);
  return Status::Ok();
}

StatusOr<Dataset> Dataset::FromRaw(RawData&& raw, const BinningOptions& options, int threads) {
  if (raw.num_rows <= 0) return Status::DataError("data file '" + raw.source + "' has no rows");
  Dataset d;
  d.source_ = raw.source;
  d.bin_mapper_ = BinMapper::Build(raw, options, threads);
  for (int f = 0; f < raw.num_features; ++f) {
    if (!d.bin_mapper_.IsTrivial(f)) d.used_features_.push_back(f);
  }
  d.matrix_ = BinnedMatrix(raw, d.bin_mapper_, d.used_features_, threads, options.pack_4bit,
                           options.gradient_slot_min_bytes);
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
  d.matrix_ = BinnedMatrix(raw, d.bin_mapper_, d.used_features_, threads, options.pack_4bit,
                           options.gradient_slot_min_bytes);
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
