// C API: datasets from files and arrays (binned at creation), their fields and names.
#include "c_api/c_api_dataset.h"

#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "qgbm/c_api.h"

#include "api/training_pipeline.h"
#include "c_api/c_api_common.h"
#include "c_api/c_api_error.h"
#include "common/context.h"
#include "io/array_data.h"
#include "io/category_strings.h"

namespace qgbm::capi {
namespace {

int FailArgument(const std::string& message) { return Fail(Status::InvalidArgument(message)); }

Context MakeContext(const Params& p) {
  return Context(p.system.num_threads, static_cast<uint64_t>(p.system.seed), p.system.verbosity);
}

int Adopt(StatusOr<Dataset> dataset, QGBMDatasetHandle* out) {
  if (!dataset.ok()) return Fail(dataset.status());
  auto handle = std::make_unique<DatasetHandle>();
  handle->data = std::make_shared<Dataset>(std::move(dataset).value());
  *out = handle.release();
  return 0;
}

// Bins array data: with its own cut table, or with the reference's (whose categorical features
// then apply, whatever categorical_feature says).
StatusOr<Dataset> BinRaw(RawData raw, const Params& params, const Dataset* reference) {
  const Context ctx = MakeContext(params);
  if (reference == nullptr)
    return Dataset::FromRaw(std::move(raw), MakeBinningOptions(params), ctx.threads());
  if (raw.num_features != reference->num_total_features()) {
    return Status::InvalidArgument("the data has " + std::to_string(raw.num_features) +
                                   " features but the reference dataset has " +
                                   std::to_string(reference->num_total_features()));
  }
  raw.categorical.assign(static_cast<size_t>(raw.num_features), 0);
  for (int f = 0; f < raw.num_features; ++f)
    raw.categorical[static_cast<size_t>(f)] = reference->bin_mapper().IsCategorical(f) ? 1 : 0;
  QGBM_RETURN_IF_ERROR(io::CheckIntegerCategories(&raw));
  return Dataset::FromRawWithReference(std::move(raw), *reference, ctx.threads());
}

const Dataset* ReferenceOf(QGBMDatasetHandle reference) {
  return reference == nullptr ? nullptr : DatasetOf(reference)->data.get();
}

// Creates a dataset from arrays converted by `to_raw` (called with the categorical_feature text
// to apply: none with a reference, whose categorical features win).
template <class ToRaw>
int CreateFromArrays(const char* parameters, QGBMDatasetHandle reference, QGBMDatasetHandle* out,
                     ToRaw&& to_raw) {
  if (out == nullptr) return FailNull("out");
  return Guarded("creating a dataset", [&] {
    auto params = ParseParameters(parameters);
    if (!params.ok()) return Fail(params.status());
    const std::string categorical = reference == nullptr ? params->io.categorical_feature : "";
    StatusOr<RawData> raw = to_raw(*params, categorical);
    if (!raw.ok()) return Fail(raw.status());
    return Adopt(BinRaw(std::move(raw).value(), *params, ReferenceOf(reference)), out);
  });
}

template <class T>
std::vector<T> Convert(const void* data, int type, int64_t n) {
  std::vector<T> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    switch (type) {
      case QGBM_DTYPE_FLOAT32:
        out[static_cast<size_t>(i)] = static_cast<T>(static_cast<const float*>(data)[i]);
        break;
      case QGBM_DTYPE_FLOAT64:
        out[static_cast<size_t>(i)] = static_cast<T>(static_cast<const double*>(data)[i]);
        break;
      case QGBM_DTYPE_INT32:
        out[static_cast<size_t>(i)] = static_cast<T>(static_cast<const int32_t*>(data)[i]);
        break;
      default:
        out[static_cast<size_t>(i)] = static_cast<T>(static_cast<const int64_t*>(data)[i]);
    }
  }
  return out;
}

Status CheckType(const std::string& field, int type, bool integer) {
  const bool ok = integer ? (type == QGBM_DTYPE_INT32 || type == QGBM_DTYPE_INT64)
                          : (type == QGBM_DTYPE_FLOAT32 || type == QGBM_DTYPE_FLOAT64);
  if (ok) return Status::Ok();
  return Status::InvalidArgument(
      "field '" + field + "' takes " +
      (integer ? "int32 (2) or int64 (3)" : "float32 (0) or float64 (1)") + " values, got type " +
      std::to_string(type));
}

// The metadata with one field replaced by the caller's values.
Status SetField(const std::string& field, const void* data, int64_t n, int type, Metadata* m) {
  if (field == "label" || field == "weight") {
    QGBM_RETURN_IF_ERROR(CheckType(field, type, false));
    (field == "label" ? m->labels : m->weights) = Convert<float>(data, type, n);
  } else if (field == "init_score") {
    QGBM_RETURN_IF_ERROR(CheckType(field, type, false));
    m->init_scores = Convert<double>(data, type, n);
  } else if (field == "group") {
    QGBM_RETURN_IF_ERROR(CheckType(field, type, true));
    const std::vector<int64_t> sizes = Convert<int64_t>(data, type, n);
    m->group_sizes.clear();
    for (int64_t s : sizes) {
      if (s > std::numeric_limits<int32_t>::max())
        return Status::InvalidArgument("field 'group': size " + std::to_string(s) +
                                       " is too large");
      m->group_sizes.push_back(static_cast<int32_t>(s));
    }
  } else {
    return Status::InvalidArgument("unknown field '" + field +
                                   "'; fields are label, weight, init_score and group");
  }
  return Status::Ok();
}

}  // namespace
}  // namespace qgbm::capi

using qgbm::capi::DatasetOf;
using qgbm::capi::Fail;
using qgbm::capi::FailArgument;
using qgbm::capi::FailNull;

extern "C" int QGBM_DatasetCreateFromFile(const char* filename, const char* parameters,
                                          QGBMDatasetHandle reference, QGBMDatasetHandle* out) {
  if (filename == nullptr) return FailNull("filename");
  if (out == nullptr) return FailNull("out");
  auto params = qgbm::capi::ParseParameters(parameters);
  if (!params.ok()) return Fail(params.status());
  const qgbm::Context ctx = qgbm::capi::MakeContext(*params);
  return qgbm::capi::Guarded("reading a dataset", [&] {
    return qgbm::capi::Adopt(
        qgbm::DatasetFromFile(filename, *params, ctx, qgbm::capi::ReferenceOf(reference)), out);
  });
}

extern "C" int QGBM_DatasetCreateFromMat(const void* data, int data_type, int64_t nrow,
                                         int32_t ncol, int is_row_major, const char* parameters,
                                         QGBMDatasetHandle reference, QGBMDatasetHandle* out) {
  return qgbm::capi::CreateFromArrays(
      parameters, reference, out, [&](const qgbm::Params& params, const std::string& categorical) {
        const qgbm::DenseArray array{data, static_cast<qgbm::ArrayType>(data_type), nrow, ncol,
                                     is_row_major != 0};
        const qgbm::Context ctx = qgbm::capi::MakeContext(params);
        return qgbm::RawFromDense(array, categorical, ctx.threads());
      });
}

extern "C" int QGBM_DatasetCreateFromCSR(const void* indptr, int indptr_type,
                                         const int32_t* indices, const void* data, int data_type,
                                         int64_t nindptr, int64_t nelem, int64_t num_col,
                                         const char* parameters, QGBMDatasetHandle reference,
                                         QGBMDatasetHandle* out) {
  return qgbm::capi::CreateFromArrays(
      parameters, reference, out, [&](const qgbm::Params&, const std::string& categorical) {
        const qgbm::SparseArrays csr{indptr,
                                     static_cast<qgbm::ArrayType>(indptr_type),
                                     indices,
                                     data,
                                     static_cast<qgbm::ArrayType>(data_type),
                                     nindptr,
                                     nelem,
                                     num_col};
        return qgbm::RawFromCsr(csr, categorical);
      });
}

extern "C" int QGBM_DatasetCreateFromCSC(const void* col_ptr, int col_ptr_type,
                                         const int32_t* indices, const void* data, int data_type,
                                         int64_t ncol_ptr, int64_t nelem, int64_t num_row,
                                         const char* parameters, QGBMDatasetHandle reference,
                                         QGBMDatasetHandle* out) {
  return qgbm::capi::CreateFromArrays(
      parameters, reference, out, [&](const qgbm::Params&, const std::string& categorical) {
        const qgbm::SparseArrays csc{col_ptr,
                                     static_cast<qgbm::ArrayType>(col_ptr_type),
                                     indices,
                                     data,
                                     static_cast<qgbm::ArrayType>(data_type),
                                     ncol_ptr,
                                     nelem,
                                     num_row};
        return qgbm::RawFromCsc(csc, categorical);
      });
}

extern "C" int QGBM_DatasetGetSubset(QGBMDatasetHandle handle, const int32_t* used_row_indices,
                                     int64_t num_used_row_indices, const char* parameters,
                                     QGBMDatasetHandle* out) {
  if (handle == nullptr) return FailNull("handle");
  if (out == nullptr) return FailNull("out");
  if (num_used_row_indices < 0) return FailArgument("num_used_row_indices must be >= 0");
  if (num_used_row_indices > 0 && used_row_indices == nullptr) return FailNull("used_row_indices");
  auto params = qgbm::capi::ParseParameters(parameters);
  if (!params.ok()) return Fail(params.status());
  const qgbm::Context ctx = qgbm::capi::MakeContext(*params);
  return qgbm::capi::Adopt(
      qgbm::Dataset::Subset(
          *DatasetOf(handle)->data,
          std::span<const int32_t>(used_row_indices, static_cast<size_t>(num_used_row_indices)),
          ctx.threads()),
      out);
}

extern "C" int QGBM_DatasetSetField(QGBMDatasetHandle handle, const char* field_name,
                                    const void* field_data, int64_t num_element, int type) {
  if (handle == nullptr) return FailNull("handle");
  if (field_name == nullptr) return FailNull("field_name");
  if (num_element < 0) return FailArgument("num_element must be >= 0");
  if (num_element > 0 && field_data == nullptr) return FailNull("field_data");
  qgbm::capi::DatasetHandle& d = *DatasetOf(handle);
  if (d.in_use) {
    return FailArgument(std::string("cannot set field '") + field_name +
                        "': a booster already uses this dataset (set fields before creating it)");
  }
  qgbm::Metadata m = d.data->metadata();
  const qgbm::Status st = qgbm::capi::SetField(field_name, field_data, num_element, type, &m);
  if (!st.ok()) return Fail(st);
  const qgbm::Status set = d.data->SetMetadata(std::move(m));
  return set.ok() ? 0 : Fail(set);
}

extern "C" int QGBM_DatasetGetField(QGBMDatasetHandle handle, const char* field_name,
                                    int64_t* out_len, const void** out_ptr, int* out_type) {
  if (handle == nullptr) return FailNull("handle");
  if (field_name == nullptr) return FailNull("field_name");
  if (out_len == nullptr) return FailNull("out_len");
  if (out_ptr == nullptr) return FailNull("out_ptr");
  if (out_type == nullptr) return FailNull("out_type");
  const qgbm::Metadata& m = DatasetOf(handle)->data->metadata();
  const std::string field = field_name;
  auto answer = [&](const auto& values, int type) {
    *out_len = static_cast<int64_t>(values.size());
    *out_ptr = values.empty() ? nullptr : values.data();
    *out_type = type;
    return 0;
  };
  if (field == "label") return answer(m.labels, QGBM_DTYPE_FLOAT32);
  if (field == "weight") return answer(m.weights, QGBM_DTYPE_FLOAT32);
  if (field == "init_score") return answer(m.init_scores, QGBM_DTYPE_FLOAT64);
  if (field == "group") return answer(m.group_sizes, QGBM_DTYPE_INT32);
  return FailArgument("unknown field '" + field +
                      "'; fields are label, weight, init_score and group");
}

extern "C" int QGBM_DatasetGetNumData(QGBMDatasetHandle handle, int64_t* out) {
  if (handle == nullptr) return FailNull("handle");
  if (out == nullptr) return FailNull("out");
  *out = DatasetOf(handle)->data->num_rows();
  return 0;
}

extern "C" int QGBM_DatasetGetNumFeature(QGBMDatasetHandle handle, int32_t* out) {
  if (handle == nullptr) return FailNull("handle");
  if (out == nullptr) return FailNull("out");
  *out = DatasetOf(handle)->data->num_total_features();
  return 0;
}

extern "C" int QGBM_DatasetSetFeatureNames(QGBMDatasetHandle handle, const char** feature_names,
                                           int num_feature_names) {
  if (handle == nullptr) return FailNull("handle");
  if (num_feature_names > 0 && feature_names == nullptr) return FailNull("feature_names");
  qgbm::capi::DatasetHandle& d = *DatasetOf(handle);
  if (d.in_use) {
    return FailArgument(
        "cannot set feature names: a booster already uses this dataset (set them before "
        "creating it)");
  }
  std::vector<std::string> names;
  for (int i = 0; i < num_feature_names; ++i) {
    if (feature_names[i] == nullptr) return FailNull("feature_names[i]");
    names.emplace_back(feature_names[i]);
  }
  const qgbm::Status st = d.data->SetFeatureNames(std::move(names));
  return st.ok() ? 0 : Fail(st);
}

extern "C" int QGBM_DatasetGetFeatureNames(QGBMDatasetHandle handle, int len, int* out_len,
                                           size_t buffer_len, size_t* out_buffer_len,
                                           char** out_strs) {
  if (handle == nullptr) return FailNull("handle");
  return qgbm::capi::CopyStrings(DatasetOf(handle)->data->feature_names(), len, out_len, buffer_len,
                                 out_buffer_len, out_strs);
}

extern "C" int QGBM_DatasetSetCategoryNames(QGBMDatasetHandle handle, int feature,
                                            const char** names, int num_names) {
  if (handle == nullptr) return FailNull("handle");
  if (num_names < 0) return FailArgument("num_names must be >= 0");
  if (num_names > 0 && names == nullptr) return FailNull("names");
  qgbm::capi::DatasetHandle& d = *DatasetOf(handle);
  if (d.in_use) {
    return FailArgument(
        "cannot set category names: a booster already uses this dataset (set them before "
        "creating it)");
  }
  std::vector<std::string> texts;
  for (int i = 0; i < num_names; ++i) {
    if (names[i] == nullptr) return FailNull("names[i]");
    texts.emplace_back(names[i]);
  }
  const qgbm::Status st = d.data->SetCategoryNames(feature, std::move(texts));
  return st.ok() ? 0 : Fail(st);
}

extern "C" int QGBM_DatasetFree(QGBMDatasetHandle handle) {
  delete DatasetOf(handle);
  return 0;
}
