#include "model/model_json.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "model/model_reader.h"

namespace qgbm {
namespace {

using Json = ModelDocument;

Json TreeToDocument(const Tree& tree) {
  Json t = Json::object();
  t["num_leaves"] = tree.num_leaves();
  t["split_feature"] = tree.split_feature();
  t["threshold"] = tree.threshold();
  std::vector<bool> default_left;  // booleans read better than 0/1 and cost the same in CBOR
  for (uint8_t b : tree.default_left()) default_left.push_back(b != 0);
  t["default_left"] = default_left;
  t["left_child"] = tree.left_child();
  t["right_child"] = tree.right_child();
  t["split_gain"] = tree.split_gain();
  t["internal_value"] = tree.internal_value();
  t["internal_count"] = tree.internal_count();
  t["leaf_value"] = tree.leaf_value();
  t["leaf_count"] = tree.leaf_count();
  t["leaf_weight"] = tree.leaf_weight();
  if (tree.num_category_sets() > 0) {
    std::vector<bool> categorical;
    for (uint8_t b : tree.is_categorical()) categorical.push_back(b != 0);
    t["is_categorical"] = categorical;
    t["cat_boundaries"] = tree.cat_boundaries();
    t["cat_threshold"] = tree.cat_threshold();
  }
  return t;
}

// Everything but the trees, in schema order.
Json HeaderToDocument(const Model& model) {
  Json doc = Json::object();
  doc["format"] = "qgbm";
  doc["format_version"] = kModelFormatVersion;
  doc["objective"] = model.objective;
  doc["output_transform"] = std::string(OutputTransformName(model.transform));
  doc["sigmoid"] = model.sigmoid;
  doc["num_tree_per_iteration"] = model.num_tree_per_iteration;
  doc["num_features"] = model.num_features;
  doc["feature_names"] = model.feature_names;
  doc["init_score"] = model.init_score;
  doc["best_iteration"] = model.best_iteration;
  bool any_names = false;
  for (const auto& names : model.category_names) any_names = any_names || !names.empty();
  if (any_names) doc["category_names"] = model.category_names;
  Json params = Json::object();
  for (const auto& [key, value] : model.parameters) params[key] = value;
  doc["parameters"] = std::move(params);
  return doc;
}

// Invalid UTF-8 in names becomes U+FFFD instead of throwing; doubles use nlohmann's shortest
// round-trip form, so they read back bit for bit.
std::string Dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// SAX handler building the document with a nesting limit: the CBOR reader recurses once per
// level, so a hostile file of nested arrays would otherwise overflow the stack. It also turns
// parse errors into a message instead of an exception. Method names are nlohmann's SAX interface.
class DocumentBuilder {
 public:
  static constexpr int kMaxDepth = 32;  // a valid model nests 4 deep

  explicit DocumentBuilder(Json* root) : dom_(*root, /*allow_exceptions=*/false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(Json::number_float_t v, const std::string& s) {
    return dom_.number_float(v, s);
  }
  bool string(std::string& v) { return dom_.string(v); }
  bool binary(Json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return Enter() && dom_.start_object(n); }
  bool key(std::string& k) { return dom_.key(k); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return Enter() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& e) {
    error_ = "parse error at byte " + std::to_string(position) + ": " + e.what();
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  bool Enter() {
    if (++depth_ <= kMaxDepth) return true;
    error_ = "values nested deeper than " + std::to_string(kMaxDepth) + " levels";
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  int depth_ = 0;
  std::string error_;
};

StatusOr<Json> ParseDocument(std::string_view bytes, Json::input_format_t format,
                             const char* format_name) {
  const std::string what = std::string("model is not valid ") + format_name;
  if (bytes.empty()) return Status::DataError(what + ": the input is empty");
  try {
    Json doc;
    DocumentBuilder builder(&doc);
    const bool ok = Json::sax_parse(bytes.data(), bytes.data() + bytes.size(), &builder, format,
                                    /*strict=*/true);
    if (!ok) return Status::DataError(what + " (" + builder.error() + ")");
    return doc;
  } catch (const std::exception& e) {  // nlohmann throws on absurd declared sizes; bad_alloc
    return Status::DataError(what + " (" + e.what() + ")");
  }
}

// The reader checks types before every access, so nothing should throw; this keeps a missed
// case (or bad_alloc) from escaping the module.
StatusOr<Model> ReadNoThrow(Json doc) {
  try {
    return ReadModelDocument(std::move(doc));
  } catch (const std::exception& e) {
    return Status::DataError(std::string("malformed model: ") + e.what());
  }
}

}  // namespace

std::string ModelToJson(const Model& model) {
  // One header field per line and one tree per line: readable, and a diff shows which trees
  // changed, at a fraction of the size of fully indented JSON.
  const Json header = HeaderToDocument(model);
  std::string out = "{\n";
  for (const auto& [key, value] : header.items()) {
    out += "  " + Dump(key) + ": " + Dump(value) + ",\n";
  }
  out += "  \"trees\": [";
  for (size_t t = 0; t < model.trees.size(); ++t) {
    out += (t == 0 ? "\n    " : ",\n    ") + Dump(TreeToDocument(model.trees[t]));
  }
  out += model.trees.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

std::string ModelToCbor(const Model& model) {
  Json doc = HeaderToDocument(model);
  Json trees = Json::array();
  for (const Tree& tree : model.trees) trees.push_back(TreeToDocument(tree));
  doc["trees"] = std::move(trees);
  const std::vector<std::uint8_t> bytes = Json::to_cbor(doc);
  return {bytes.begin(), bytes.end()};
}

StatusOr<Model> ModelFromJson(std::string_view json) {
  QGBM_ASSIGN_OR_RETURN(Json doc, ParseDocument(json, Json::input_format_t::json, "JSON"));
  return ReadNoThrow(std::move(doc));
}

StatusOr<Model> ModelFromCbor(std::string_view cbor) {
  QGBM_ASSIGN_OR_RETURN(Json doc, ParseDocument(cbor, Json::input_format_t::cbor, "CBOR"));
  return ReadNoThrow(std::move(doc));
}

}  // namespace qgbm
