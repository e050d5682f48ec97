#include "io/array_data.h"

#include <charconv>
#include <string_view>

#include "common/parallel_for.h"
#include "io/category_strings.h"

namespace qgbm {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsFloat(ArrayType t) { return t == ArrayType::kFloat32 || t == ArrayType::kFloat64; }
bool IsInteger(ArrayType t) { return t == ArrayType::kInt32 || t == ArrayType::kInt64; }

float ValueAt(const void* values, ArrayType type, int64_t i) {
  return type == ArrayType::kFloat32 ? static_cast<const float*>(values)[i]
                                     : static_cast<float>(static_cast<const double*>(values)[i]);
}

int64_t OffsetAt(const void* offsets, ArrayType type, int64_t i) {
  return type == ArrayType::kInt32 ? static_cast<const int32_t*>(offsets)[i]
                                   : static_cast<const int64_t*>(offsets)[i];
}

Status CheckValueType(ArrayType type, const char* what) {
  if (IsFloat(type)) return Status::Ok();
  return Status::InvalidArgument(std::string(what) +
                                 " must be float32 (0) or float64 (1), got type " +
                                 std::to_string(static_cast<int>(type)));
}

// Everything RawData needs besides the values: names, categorical flags, the source.
Status Finish(const std::string& categorical_feature, const char* source, RawData* raw) {
  raw->source = source;
  raw->feature_names.reserve(static_cast<size_t>(raw->num_features));
  for (int f = 0; f < raw->num_features; ++f)
    raw->feature_names.push_back("Column_" + std::to_string(f));
  QGBM_ASSIGN_OR_RETURN(raw->categorical, CategoricalFlags(categorical_feature, raw->num_features));
  return io::CheckIntegerCategories(raw);
}

// Checks the offsets of a compressed sparse array: num_offsets >= 1, starting at 0, never
// decreasing, ending at num_values; and every index in [0, limit).
Status CheckSparse(const SparseArrays& a, const char* offsets_name, const char* limit_name,
                   int64_t limit) {
  if (a.offsets == nullptr)
    return Status::InvalidArgument(std::string("argument '") + offsets_name + "' is null");
  if (!IsInteger(a.offset_type)) {
    return Status::InvalidArgument(std::string(offsets_name) +
                                   " must be int32 (2) or int64 (3), got type " +
                                   std::to_string(static_cast<int>(a.offset_type)));
  }
  QGBM_RETURN_IF_ERROR(CheckValueType(a.value_type, "data"));
  if (a.num_offsets < 1)
    return Status::InvalidArgument(std::string(offsets_name) + " needs at least one entry");
  if (a.num_values < 0) return Status::InvalidArgument("nelem must be >= 0");
  if (limit < 0) return Status::InvalidArgument(std::string(limit_name) + " must be >= 0");
  if (a.num_values > 0 && (a.indices == nullptr || a.values == nullptr)) {
    return Status::InvalidArgument(std::string("argument '") +
                                   (a.indices == nullptr ? "indices" : "data") + "' is null");
  }
  if (OffsetAt(a.offsets, a.offset_type, 0) != 0)
    return Status::InvalidArgument(std::string(offsets_name) + "[0] must be 0");
  for (int64_t i = 1; i < a.num_offsets; ++i) {
    if (OffsetAt(a.offsets, a.offset_type, i) < OffsetAt(a.offsets, a.offset_type, i - 1)) {
      return Status::InvalidArgument(std::string(offsets_name) + " decreases at entry " +
                                     std::to_string(i));
    }
  }
  const int64_t last = OffsetAt(a.offsets, a.offset_type, a.num_offsets - 1);
  if (last != a.num_values) {
    return Status::InvalidArgument(std::string(offsets_name) + " ends at " + std::to_string(last) +
                                   " but nelem is " + std::to_string(a.num_values));
  }
  for (int64_t i = 0; i < a.num_values; ++i) {
    if (a.indices[i] < 0 || a.indices[i] >= limit) {
      return Status::InvalidArgument("indices[" + std::to_string(i) +
                                     "] = " + std::to_string(a.indices[i]) + " is outside [0, " +
                                     limit_name + " = " + std::to_string(limit) + ")");
    }
  }
  return Status::Ok();
}

Status CheckFeatureCount(int64_t count) {
  if (count > INT32_MAX)
    return Status::InvalidArgument("too many columns: " + std::to_string(count));
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<uint8_t>> CategoricalFlags(const std::string& categorical_feature,
                                                int num_features) {
  std::vector<uint8_t> flags(static_cast<size_t>(num_features), 0);
  std::string_view spec = Trim(categorical_feature);
  if (spec.empty()) return flags;
  if (spec.find("name:") != std::string_view::npos) {
    return Status::InvalidArgument(
        "categorical_feature='" + categorical_feature +
        "' selects features by name, which only files with a header offer; pass feature indices");
  }
  while (true) {
    const size_t comma = spec.find(',');
    const std::string_view item = Trim(spec.substr(0, comma));
    int index = -1;
    const auto res = std::from_chars(item.data(), item.data() + item.size(), index);
    if (item.empty() || res.ec != std::errc() || res.ptr != item.data() + item.size()) {
      return Status::InvalidArgument("categorical_feature: '" + std::string(item) +
                                     "' is not a feature index");
    }
    if (index < 0 || index >= num_features) {
      return Status::InvalidArgument("categorical_feature: index " + std::to_string(index) +
                                     " is outside [0, " + std::to_string(num_features) +
                                     ") (the number of features)");
    }
    flags[static_cast<size_t>(index)] = 1;
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  return flags;
}

StatusOr<RawData> RawFromDense(const DenseArray& a, const std::string& categorical_feature,
                               int threads) {
  if (a.values == nullptr) return Status::InvalidArgument("argument 'data' is null");
  QGBM_RETURN_IF_ERROR(CheckValueType(a.type, "data_type"));
  if (a.num_rows < 0) return Status::InvalidArgument("nrow must be >= 0");
  if (a.num_cols < 0) return Status::InvalidArgument("ncol must be >= 0");
  RawData raw;
  raw.num_rows = a.num_rows;
  raw.num_features = a.num_cols;
  const int64_t n = a.num_rows, m = a.num_cols;
  raw.values.resize(static_cast<size_t>(n * m));
  float* out = raw.values.data();
  const int64_t blocks = NumBlocks(n, 4096, 1024);
  ParallelFor(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t r = range.begin; r < range.end; ++r) {
      for (int64_t c = 0; c < m; ++c) {
        out[r * m + c] = ValueAt(a.values, a.type, a.row_major ? r * m + c : c * n + r);
      }
    }
  });
  QGBM_RETURN_IF_ERROR(Finish(categorical_feature, "dense array", &raw));
  return raw;
}

StatusOr<RawData> RawFromCsr(const SparseArrays& csr, const std::string& categorical_feature) {
  QGBM_RETURN_IF_ERROR(CheckSparse(csr, "indptr", "num_col", csr.other_dim));
  QGBM_RETURN_IF_ERROR(CheckFeatureCount(csr.other_dim));
  RawData raw;
  raw.num_rows = csr.num_offsets - 1;
  raw.num_features = static_cast<int>(csr.other_dim);
  const int64_t m = raw.num_features;
  raw.values.assign(static_cast<size_t>(raw.num_rows * m), 0.0f);
  for (int64_t r = 0; r < raw.num_rows; ++r) {
    const int64_t end = OffsetAt(csr.offsets, csr.offset_type, r + 1);
    for (int64_t i = OffsetAt(csr.offsets, csr.offset_type, r); i < end; ++i)
      raw.values[static_cast<size_t>(r * m + csr.indices[i])] =
          ValueAt(csr.values, csr.value_type, i);
  }
  QGBM_RETURN_IF_ERROR(Finish(categorical_feature, "CSR arrays", &raw));
  return raw;
}

StatusOr<RawData> RawFromCsc(const SparseArrays& csc, const std::string& categorical_feature) {
  QGBM_RETURN_IF_ERROR(CheckSparse(csc, "col_ptr", "num_row", csc.other_dim));
  QGBM_RETURN_IF_ERROR(CheckFeatureCount(csc.num_offsets - 1));
  RawData raw;
  raw.num_rows = csc.other_dim;
  raw.num_features = static_cast<int>(csc.num_offsets - 1);
  const int64_t m = raw.num_features;
  raw.values.assign(static_cast<size_t>(raw.num_rows * m), 0.0f);
  for (int64_t c = 0; c < m; ++c) {
    const int64_t end = OffsetAt(csc.offsets, csc.offset_type, c + 1);
    for (int64_t i = OffsetAt(csc.offsets, csc.offset_type, c); i < end; ++i)
      raw.values[static_cast<size_t>(csc.indices[i] * m + c)] =
          ValueAt(csc.values, csc.value_type, i);
  }
  QGBM_RETURN_IF_ERROR(Finish(categorical_feature, "CSC arrays", &raw));
  return raw;
}

}  // namespace qgbm
