// Dataset: what the learner trains on. BinMapper (all features) + BinnedMatrix (used features
// only) + Metadata (labels, weights, init scores, query groups).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "qgbm/status.h"

#include "data/bin_mapper.h"
#include "data/binned_matrix.h"
#include "io/raw_data.h"

namespace qgbm {

struct Metadata {
  std::vector<float> labels;
  std::vector<float> weights;       // empty = unweighted
  std::vector<double> init_scores;  // empty, or num_rows * num_outputs (output-major)
  std::vector<int32_t> group_sizes;
};

// Checks metadata against a data set of `num_rows` rows: labels and weights hold one finite
// value per row (or none), init_scores a whole number of values per row, group sizes are > 0 and
// sum to the rows. The error names the field ('label', 'weight', 'init_score', 'group').
Status CheckMetadata(const Metadata& metadata, int64_t num_rows);

class Dataset {
 public:
  // Training data: bins from its own sample. Consumes raw's metadata.
  static StatusOr<Dataset> FromRaw(RawData&& raw, const BinningOptions& options, int threads);
  // Validation data binned with `reference`'s cut table; feature counts must match.
  static StatusOr<Dataset> FromRawWithReference(RawData&& raw, const Dataset& reference,
                                                int threads);

  // The rows `rows` (ascending, in [0, num_rows)) of `from`: same bins, features and names;
  // labels, weights and init scores of those rows. Query groups must be kept or dropped whole.
  static StatusOr<Dataset> Subset(const Dataset& from, std::span<const int32_t> rows, int threads);

  // Setters for data built from arrays, whose fields and names arrive after binning.
  // Metadata is checked with CheckMetadata; fields equal to the current ones keep their
  // storage (pointers into them stay valid).
  Status SetMetadata(Metadata metadata);
  // One non-empty, unique name per feature.
  Status SetFeatureNames(std::vector<std::string> names);
  // The text of each code of categorical feature `feature` (unique texts; code i is names[i]).
  Status SetCategoryNames(int feature, std::vector<std::string> names);

  int64_t num_rows() const { return matrix_.num_rows(); }
  int num_total_features() const { return bin_mapper_.num_features(); }
  int num_used_features() const { return static_cast<int>(used_features_.size()); }
  // Original feature index of used column c.
  int RealFeature(int c) const { return used_features_[static_cast<size_t>(c)]; }
  const BinMapper& bin_mapper() const { return bin_mapper_; }
  const BinnedMatrix& matrix() const { return matrix_; }
  const Metadata& metadata() const { return metadata_; }
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  // Per feature: the text of each category code of a text column (empty for other columns).
  const std::vector<std::vector<std::string>>& category_names() const { return category_names_; }
  const std::string& source() const { return source_; }

 private:
  BinMapper bin_mapper_;
  std::vector<int> used_features_;
  BinnedMatrix matrix_;
  Metadata metadata_;
  std::vector<std::string> feature_names_;
  std::vector<std::vector<std::string>> category_names_;
  std::string source_;
};

}  // namespace qgbm
