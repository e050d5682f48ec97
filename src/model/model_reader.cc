#include "model/model_reader.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/model_validate.h"
#include "model/tree.h"

namespace qgbm {
namespace {

using Json = ModelDocument;

// Element conversions return false on a type mismatch; the caller builds the message, so the
// happy path over large arrays allocates nothing.
bool ToValue(const Json& v, double* out) {
  if (!v.is_number()) return false;
  *out = v.get<double>();
  return true;
}
bool ToValue(const Json& v, int64_t* out) {
  if (!v.is_number_integer()) return false;
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return false;
  *out = v.get<int64_t>();
  return true;
}
bool ToValue(const Json& v, int32_t* out) {
  int64_t wide = 0;
  if (!ToValue(v, &wide) || wide < INT32_MIN || wide > INT32_MAX) return false;
  *out = static_cast<int32_t>(wide);
  return true;
}
bool ToValue(const Json& v, uint8_t* out) {  // default_left: true/false or 0/1
  if (v.is_boolean()) {
    *out = v.get<bool>() ? 1 : 0;
    return true;
  }
  int64_t i = 0;
  if (!ToValue(v, &i) || (i != 0 && i != 1)) return false;
  *out = static_cast<uint8_t>(i);
  return true;
}
bool ToValue(const Json& v, uint32_t* out) {
  int64_t wide = 0;
  if (!ToValue(v, &wide) || wide < 0 || wide > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(wide);
  return true;
}
bool ToValue(const Json& v, std::vector<std::string>* out) {
  if (!v.is_array()) return false;
  out->resize(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) return false;
    (*out)[i] = v[i].get_ref<const std::string&>();
  }
  return true;
}
bool ToValue(const Json& v, std::string* out) {
  if (!v.is_string()) return false;
  *out = v.get_ref<const std::string&>();
  return true;
}

template <class T>
const char* Expected() {
  if constexpr (std::is_same_v<T, double>) return "a number";
  if constexpr (std::is_same_v<T, int64_t>) return "a 64-bit integer";
  if constexpr (std::is_same_v<T, int32_t>) return "a 32-bit integer";
  if constexpr (std::is_same_v<T, uint8_t>) return "a boolean or 0/1";
  if constexpr (std::is_same_v<T, std::string>) return "a string";
  if constexpr (std::is_same_v<T, uint32_t>) return "a 32-bit unsigned integer";
  if constexpr (std::is_same_v<T, std::vector<std::string>>) return "an array of strings";
}

Status TypeError(const std::string& path, const char* expected, const Json& got) {
  return Status::DataError(
      path + ": expected " + expected + ", got " +
      (got.is_number() ? "number " + got.dump() : std::string(got.type_name())));
}

StatusOr<const Json*> Field(const Json& obj, const char* name, const std::string& where) {
  const auto it = obj.find(name);
  if (it == obj.end()) return Status::DataError(where + name + ": missing field");
  return &*it;
}

template <class T>
Status Read(const Json& obj, const char* name, const std::string& where, T* out) {
  QGBM_ASSIGN_OR_RETURN(const Json* v, Field(obj, name, where));
  if (!ToValue(*v, out)) return TypeError(where + name, Expected<T>(), *v);
  return Status::Ok();
}

Status ReadInt(const Json& obj, const char* name, const std::string& where, int* out) {
  int32_t v = 0;
  QGBM_RETURN_IF_ERROR(Read(obj, name, where, &v));
  *out = v;
  return Status::Ok();
}

template <class T>
Status ReadArray(const Json& obj, const char* name, const std::string& where, std::vector<T>* out) {
  QGBM_ASSIGN_OR_RETURN(const Json* v, Field(obj, name, where));
  if (!v->is_array()) return TypeError(where + name, "an array", *v);
  out->resize(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    if (!ToValue((*v)[i], &(*out)[i])) {
      return TypeError(where + name + "[" + std::to_string(i) + "]", Expected<T>(), (*v)[i]);
    }
  }
  return Status::Ok();
}

Status ReadParameters(const Json& doc, Model* model) {
  QGBM_ASSIGN_OR_RETURN(const Json* params, Field(doc, "parameters", ""));
  if (!params->is_object()) return TypeError("parameters", "an object", *params);
  for (const auto& [key, value] : params->items()) {
    std::string text;
    if (!ToValue(value, &text)) return TypeError("parameters." + key, "a string", value);
    model->parameters.emplace_back(key, std::move(text));
  }
  return Status::Ok();
}

Status ReadHeader(const Json& doc, Model* model) {
  QGBM_RETURN_IF_ERROR(Read(doc, "objective", "", &model->objective));
  std::string transform;
  QGBM_RETURN_IF_ERROR(Read(doc, "output_transform", "", &transform));
  const auto parsed = OutputTransformFromName(transform);
  if (!parsed) {
    return Status::DataError("output_transform: unknown value '" + transform +
                             "' (expected identity, sigmoid, softmax or exponential)");
  }
  model->transform = *parsed;
  QGBM_RETURN_IF_ERROR(Read(doc, "sigmoid", "", &model->sigmoid));
  QGBM_RETURN_IF_ERROR(ReadInt(doc, "num_tree_per_iteration", "", &model->num_tree_per_iteration));
  QGBM_RETURN_IF_ERROR(ReadInt(doc, "num_features", "", &model->num_features));
  QGBM_RETURN_IF_ERROR(ReadArray(doc, "feature_names", "", &model->feature_names));
  QGBM_RETURN_IF_ERROR(ReadArray(doc, "init_score", "", &model->init_score));
  QGBM_RETURN_IF_ERROR(ReadInt(doc, "best_iteration", "", &model->best_iteration));
  if (doc.contains("category_names")) {
    QGBM_RETURN_IF_ERROR(ReadArray(doc, "category_names", "", &model->category_names));
  }
  return ReadParameters(doc, model);
}

StatusOr<Tree> ReadTree(const Json& node, int num_features, const std::string& where) {
  if (!node.is_object()) return TypeError(where, "an object", node);
  const std::string prefix = where + ".";
  int num_leaves = 0;
  QGBM_RETURN_IF_ERROR(ReadInt(node, "num_leaves", prefix, &num_leaves));
  if (num_leaves < 1) return Status::DataError(prefix + "num_leaves must be at least 1");
  Tree::Arrays a;
  QGBM_RETURN_IF_ERROR(ReadArray(node, "split_feature", prefix, &a.split_feature));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "threshold", prefix, &a.threshold));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "default_left", prefix, &a.default_left));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "left_child", prefix, &a.left_child));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "right_child", prefix, &a.right_child));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "split_gain", prefix, &a.split_gain));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "internal_value", prefix, &a.internal_value));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "internal_count", prefix, &a.internal_count));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "leaf_value", prefix, &a.leaf_value));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "leaf_count", prefix, &a.leaf_count));
  QGBM_RETURN_IF_ERROR(ReadArray(node, "leaf_weight", prefix, &a.leaf_weight));
  if (node.contains("is_categorical")) {  // only trees with categorical splits have these
    QGBM_RETURN_IF_ERROR(ReadArray(node, "is_categorical", prefix, &a.is_categorical));
    QGBM_RETURN_IF_ERROR(ReadArray(node, "cat_boundaries", prefix, &a.cat_boundaries));
    QGBM_RETURN_IF_ERROR(ReadArray(node, "cat_threshold", prefix, &a.cat_threshold));
  }
  if (a.leaf_value.size() != static_cast<size_t>(num_leaves)) {
    return Status::DataError(where + ": leaf_value has " + std::to_string(a.leaf_value.size()) +
                             " entries, expected num_leaves = " + std::to_string(num_leaves));
  }
  const Status valid = ValidateTreeArrays(a, num_features);
  if (!valid.ok()) return Status::DataError(where + ": " + valid.message());
  return Tree::FromArrays(std::move(a));
}

Status ReadTrees(const Json& doc, Model* model) {
  QGBM_ASSIGN_OR_RETURN(const Json* trees, Field(doc, "trees", ""));
  if (!trees->is_array()) return TypeError("trees", "an array", *trees);
  model->trees.reserve(trees->size());
  for (size_t t = 0; t < trees->size(); ++t) {
    QGBM_ASSIGN_OR_RETURN(
        Tree tree, ReadTree((*trees)[t], model->num_features, "trees[" + std::to_string(t) + "]"));
    model->trees.push_back(std::move(tree));
  }
  return Status::Ok();
}

StatusOr<int> ReadVersion(const Json& doc) {
  std::string format;
  QGBM_RETURN_IF_ERROR(Read(doc, "format", "", &format));
  if (format != "qgbm")
    return Status::DataError("format is '" + format + "', expected 'qgbm' (not a qgbm model)");
  int version = 0;
  QGBM_RETURN_IF_ERROR(ReadInt(doc, "format_version", "", &version));
  if (version > kModelFormatVersion) {
    return Status::DataError("model format_version " + std::to_string(version) +
                             " is newer than this build of qgbm reads (versions 1 to " +
                             std::to_string(kModelFormatVersion) + "); upgrade qgbm to load it");
  }
  if (version < 1)
    return Status::DataError("format_version " + std::to_string(version) + " is not valid");
  return version;
}

// Version 2 added categorical splits and category names as optional fields, absent in a
// version-1 document: it reads as it is.
Status UpgradeV1ToV2(Json* /*doc*/) { return Status::Ok(); }

// kUpgradeSteps[v - 1] rewrites a version-v document into version v + 1; a format change
// appends one step here and bumps kModelFormatVersion.
using UpgradeStep = Status (*)(Json* doc);
constexpr std::array<UpgradeStep, kModelFormatVersion - 1> kUpgradeSteps = {&UpgradeV1ToV2};

Status UpgradeToCurrent(int version, Json* doc) {
  for (int v = version; v < kModelFormatVersion; ++v) {
    QGBM_RETURN_IF_ERROR(kUpgradeSteps[static_cast<size_t>(v - 1)](doc));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Model> ReadModelDocument(ModelDocument doc) {
  if (!doc.is_object()) return TypeError("model", "an object at the top level", doc);
  QGBM_ASSIGN_OR_RETURN(const int version, ReadVersion(doc));
  QGBM_RETURN_IF_ERROR(UpgradeToCurrent(version, &doc));
  Model model;
  model.format_version = version;
  QGBM_RETURN_IF_ERROR(ReadHeader(doc, &model));
  // Header sizes first: split_feature bounds and tree counts are checked against them.
  if (model.num_features < 0) return Status::DataError("num_features must not be negative");
  if (model.num_tree_per_iteration < 1)
    return Status::DataError("num_tree_per_iteration must be at least 1");
  QGBM_RETURN_IF_ERROR(ReadTrees(doc, &model));
  QGBM_RETURN_IF_ERROR(ValidateModelHeader(model));
  return model;
}

}  // namespace qgbm
