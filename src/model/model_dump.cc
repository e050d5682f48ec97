#include "model/model_dump.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>  // for string escaping and shortest round-trip doubles

namespace qgbm {
namespace {

// nlohmann's text for one value: escaped strings (invalid UTF-8 replaced), shortest doubles
// that read back bit for bit, and null for a non-finite double.
template <class T>
std::string JsonText(const T& value) {
  return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Unique keys for "feature_importances": a name that several features share gets "#index".
std::vector<std::string> ImportanceKeys(const std::vector<std::string>& names) {
  std::unordered_map<std::string, int> uses;
  for (const std::string& n : names) ++uses[n];
  std::vector<std::string> keys = names;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (uses[keys[i]] > 1) keys[i] += "#" + std::to_string(i);
  }
  return keys;
}

class TreeWriter {
 public:
  TreeWriter(const Tree& tree, const Model& model, std::string* out)
      : tree_(tree), model_(model), out_(*out) {}

  // The nested "tree_structure" object, depth first, left before right.
  void Write() {
    if (tree_.num_internal() == 0) {
      WriteLeaf(0);
      return;
    }
    std::vector<std::variant<int32_t, std::string_view>> todo = {int32_t{0}};
    while (!todo.empty()) {
      const auto item = todo.back();
      todo.pop_back();
      if (const auto* text = std::get_if<std::string_view>(&item)) {
        out_ += *text;
        continue;
      }
      const int32_t child = std::get<int32_t>(item);
      if (child < 0) {
        WriteLeaf(~child);
        continue;
      }
      const auto n = static_cast<size_t>(child);
      WriteInternalFields(n);
      out_ += ",\"left_child\":";
      todo.emplace_back(std::string_view("}"));
      todo.emplace_back(tree_.right_child()[n]);
      todo.emplace_back(std::string_view(",\"right_child\":"));
      todo.emplace_back(tree_.left_child()[n]);
    }
  }

 private:
  void WriteInternalFields(size_t n) {
    const auto feature = static_cast<size_t>(tree_.split_feature()[n]);
    out_ += "{\"split_index\":" + std::to_string(n);
    out_ += ",\"split_feature\":" + std::to_string(feature);
    out_ += ",\"split_feature_name\":" + JsonText(model_.feature_names[feature]);
    out_ += ",\"split_gain\":" + JsonText(tree_.split_gain()[n]);
    if (tree_.is_categorical().size() > n && tree_.is_categorical()[n] != 0) {
      // LightGBM's shape: the category codes that go left as "a||b||c", decision "==";
      // everything else (other codes, NaN, negative values) goes right.
      out_ += ",\"threshold\":" + JsonText(LeftCategories(n));
      out_ += ",\"decision_type\":\"==\"";
    } else {
      out_ += ",\"threshold\":" + JsonText(tree_.threshold()[n]);
      out_ += ",\"decision_type\":\"<=\"";
    }
    out_ += std::string(",\"default_left\":") + (tree_.default_left()[n] != 0 ? "true" : "false");
    out_ += ",\"missing_type\":\"NaN\"";  // NaN always takes the default direction
    out_ += ",\"internal_value\":" + JsonText(tree_.internal_value()[n]);
    out_ += ",\"internal_count\":" + std::to_string(tree_.internal_count()[n]);
  }

  std::string LeftCategories(size_t n) const {
    const auto set = static_cast<size_t>(tree_.threshold()[n]);
    const auto begin = static_cast<size_t>(tree_.cat_boundaries()[set]);
    const auto end = static_cast<size_t>(tree_.cat_boundaries()[set + 1]);
    std::string text;
    for (size_t w = begin; w < end; ++w) {
      for (uint32_t bit = 0; bit < 32; ++bit) {
        if (((tree_.cat_threshold()[w] >> bit) & 1u) == 0) continue;
        if (!text.empty()) text += "||";
        text += std::to_string((w - begin) * 32 + bit);
      }
    }
    return text;
  }

  void WriteLeaf(int32_t leaf) {
    const auto l = static_cast<size_t>(leaf);
    out_ += "{\"leaf_index\":" + std::to_string(leaf);
    out_ += ",\"leaf_value\":" + JsonText(tree_.leaf_value()[l]);
    out_ += ",\"leaf_weight\":" + JsonText(tree_.leaf_weight()[l]);
    out_ += ",\"leaf_count\":" + std::to_string(tree_.leaf_count()[l]) + "}";
  }

  const Tree& tree_;
  const Model& model_;
  std::string& out_;
};

void WriteHeader(const Model& model, const DumpOptions& options, int end, std::string* out) {
  const int k = model.num_tree_per_iteration;
  std::string& s = *out;
  s += "{\n  \"name\": \"tree\",\n  \"dump_version\": 1";
  s += ",\n  \"objective\": " + JsonText(model.objective);
  s += ",\n  \"output_transform\": " + JsonText(std::string(OutputTransformName(model.transform)));
  s += ",\n  \"sigmoid\": " + JsonText(model.sigmoid);
  s += ",\n  \"num_class\": " + std::to_string(k);
  s += ",\n  \"num_tree_per_iteration\": " + std::to_string(k);
  s += ",\n  \"max_feature_idx\": " + std::to_string(model.num_features - 1);
  s += ",\n  \"feature_names\": " + JsonText(model.feature_names);
  s += ",\n  \"init_score\": " + JsonText(model.init_score);
  s += ",\n  \"best_iteration\": " + std::to_string(model.best_iteration);
  s += ",\n  \"start_iteration\": " + std::to_string(options.start_iteration);
  s += ",\n  \"num_iterations\": " + std::to_string(end - options.start_iteration);
}

// Features with importance > 0, most important first (ties by feature index), as LightGBM
// orders its "feature_importances".
void WriteImportances(const Model& model, const DumpOptions& options, int end, std::string* out) {
  const std::vector<double> values =
      FeatureImportance(model, options.importance_type, options.start_iteration, end);
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] > values[b]; });
  const std::vector<std::string> keys = ImportanceKeys(model.feature_names);
  std::string& s = *out;
  s += ",\n  \"feature_importance_type\": " +
       JsonText(std::string(ImportanceTypeName(options.importance_type)));
  s += ",\n  \"feature_importances\": {";
  bool first = true;
  for (size_t f : order) {
    if (!(values[f] > 0.0)) break;
    s += (first ? "" : ",") + JsonText(keys[f]) + ":";
    s += options.importance_type == ImportanceType::kSplit
             ? std::to_string(static_cast<int64_t>(values[f]))
             : JsonText(values[f]);
    first = false;
  }
  s += "}";
}

}  // namespace

StatusOr<std::string> DumpModelJson(const Model& model, const DumpOptions& options) {
  const int total = model.num_iterations();
  if (options.start_iteration < 0 || options.start_iteration > total) {
    return Status::InvalidArgument("start_iteration " + std::to_string(options.start_iteration) +
                                   " is outside [0, " + std::to_string(total) +
                                   "] (the model has " + std::to_string(total) + " iterations)");
  }
  const int left = total - options.start_iteration;
  const int end = options.start_iteration +
                  (options.num_iterations <= 0 ? left : std::min(options.num_iterations, left));
  std::string out;
  WriteHeader(model, options, end, &out);
  WriteImportances(model, options, end, &out);
  const int k = model.num_tree_per_iteration;
  out += ",\n  \"tree_info\": [";
  const size_t first = static_cast<size_t>(options.start_iteration) * static_cast<size_t>(k);
  const size_t last = static_cast<size_t>(end) * static_cast<size_t>(k);
  for (size_t t = first; t < last; ++t) {
    const Tree& tree = model.trees[t];
    out += t == first ? "\n    " : ",\n    ";
    out += "{\"tree_index\":" + std::to_string(t) + ",\"class\":" + std::to_string(t % k) +
           ",\"num_leaves\":" + std::to_string(tree.num_leaves()) +
           ",\"shrinkage\":1,\"tree_structure\":";
    TreeWriter(tree, model, &out).Write();
    out += "}";
  }
  out += first == last ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace qgbm
