// RawData from caller arrays (the C API's dense, CSR and CSC inputs): values converted to float32
// as the text reader stores them (so an array and a file holding the same numbers bin alike),
// NaN = missing, sparse entries that are not stored = 0 (LightGBM's convention).
//
// categorical_feature is the parameter's text: a comma list of feature indices ("name:" specs
// need a file header and are refused here). Declared categorical features must hold integer
// codes (io::CheckIntegerCategories: negative codes become missing).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qgbm/status.h"

#include "io/raw_data.h"

namespace qgbm {

// Element types, numbered as the C API's QGBM_DTYPE_* constants.
enum class ArrayType : int { kFloat32 = 0, kFloat64 = 1, kInt32 = 2, kInt64 = 3 };

struct DenseArray {
  const void* values = nullptr;
  ArrayType type = ArrayType::kFloat32;
  int64_t num_rows = 0;
  int num_cols = 0;
  bool row_major = true;  // false: column-major (Fortran order)
};

// Compressed sparse rows (or, for CscArrays, columns): `offsets` of num_offsets entries (one
// more than the rows/columns), `indices` and `values` of num_values entries each.
struct SparseArrays {
  const void* offsets = nullptr;
  ArrayType offset_type = ArrayType::kInt32;
  const int32_t* indices = nullptr;
  const void* values = nullptr;
  ArrayType value_type = ArrayType::kFloat32;
  int64_t num_offsets = 0;
  int64_t num_values = 0;
  int64_t other_dim = 0;  // CSR: the column count; CSC: the row count
};

StatusOr<RawData> RawFromDense(const DenseArray& array, const std::string& categorical_feature,
                               int threads);
StatusOr<RawData> RawFromCsr(const SparseArrays& csr, const std::string& categorical_feature);
StatusOr<RawData> RawFromCsc(const SparseArrays& csc, const std::string& categorical_feature);

// Per feature, 1 when listed in categorical_feature (indices only); errors name the parameter.
StatusOr<std::vector<uint8_t>> CategoricalFlags(const std::string& categorical_feature,
                                                int num_features);

}  // namespace qgbm
