#include "config/constraint_params.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "config/value_codec.h"  // for Trim

namespace qgbm {
namespace {

Status InteractionError(const std::string& text, const std::string& why) {
  return Status::InvalidArgument("parameter 'interaction_constraints' = '" + text + "': " + why +
                                 "; expected sets of feature indices such as [0,1,2],[2,3]");
}

// Reads "[a,b,...]" at text[*pos]; *pos ends after the closing bracket.
Status ReadSet(const std::string& text, size_t* pos, std::vector<int>* set) {
  size_t i = *pos + 1;  // past '['
  while (true) {
    const size_t end = text.find_first_of(",]", i);
    if (end == std::string::npos) return InteractionError(text, "a '[' is never closed");
    const std::string item(Trim(std::string_view(text).substr(i, end - i)));
    if (item.empty() || !std::all_of(item.begin(), item.end(),
                                     [](unsigned char c) { return std::isdigit(c) != 0; })) {
      return InteractionError(text, "'" + item + "' is not a feature index");
    }
    if (item.size() > 9) return InteractionError(text, "feature index " + item + " is too large");
    set->push_back(std::stoi(item));
    i = end + 1;
    if (text[end] == ']') break;
  }
  std::sort(set->begin(), set->end());
  set->erase(std::unique(set->begin(), set->end()), set->end());
  *pos = i;
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<int8_t>> ParseMonotoneConstraints(const std::vector<std::string>& items) {
  std::vector<int8_t> out;
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    std::string_view item = Trim(items[i]);
    // XGBoost writes the list in parentheses, Python users in brackets: "(1,0,-1)", "[1,0,-1]".
    if (i == 0 && (item.starts_with('(') || item.starts_with('['))) item = Trim(item.substr(1));
    if (i + 1 == items.size() && (item.ends_with(')') || item.ends_with(']'))) {
      item = Trim(item.substr(0, item.size() - 1));
    }
    if (item == "1" || item == "+1") {
      out.push_back(1);
    } else if (item == "-1") {
      out.push_back(-1);
    } else if (item == "0" || item == "-0" || item == "+0") {
      out.push_back(0);
    } else {
      return Status::InvalidArgument("parameter 'monotone_constraints': item " + std::to_string(i) +
                                     " is '" + std::string(item) +
                                     "'; each item must be -1, 0 or 1");
    }
  }
  return out;
}

StatusOr<std::vector<std::vector<int>>> ParseInteractionConstraints(const std::string& text) {
  std::string body(Trim(text));
  // Python's repr of a list of lists: "[[0,1],[2]]" -> "[0,1],[2]".
  if (body.size() >= 4 && body.starts_with("[[") && body.ends_with("]]")) {
    body = std::string(Trim(std::string_view(body).substr(1, body.size() - 2)));
  }
  std::vector<std::vector<int>> sets;
  size_t pos = 0;
  while (pos < body.size()) {
    if (!sets.empty()) {
      if (body[pos] != ',') return InteractionError(text, "sets must be separated by ','");
      ++pos;
      while (pos < body.size() && std::isspace(static_cast<unsigned char>(body[pos])) != 0) ++pos;
    }
    if (pos >= body.size() || body[pos] != '[') {
      return InteractionError(text, "each set must be written in brackets");
    }
    std::vector<int> set;
    QGBM_RETURN_IF_ERROR(ReadSet(body, &pos, &set));
    sets.push_back(std::move(set));
    while (pos < body.size() && std::isspace(static_cast<unsigned char>(body[pos])) != 0) ++pos;
  }
  return sets;
}

Status ValidateTreeConstraints(const TreeParams& tree) {
  QGBM_RETURN_IF_ERROR(ParseMonotoneConstraints(tree.monotone_constraints).status());
  QGBM_RETURN_IF_ERROR(ParseInteractionConstraints(tree.interaction_constraints).status());
  if (tree.grow_policy == "depthwise" && tree.max_depth <= 0) {
    return Status::InvalidArgument(
        "parameter 'grow_policy' = depthwise needs 'max_depth' > 0 (got " +
        std::to_string(tree.max_depth) + ")");
  }
  return Status::Ok();
}

Status CheckConstraintsFitFeatures(const TreeParams& tree, int num_features,
                                   const std::string& source) {
  const size_t monotone = tree.monotone_constraints.size();
  if (monotone != 0 && monotone != static_cast<size_t>(num_features)) {
    return Status::InvalidArgument("parameter 'monotone_constraints' has " +
                                   std::to_string(monotone) + " entries but the training data '" +
                                   source + "' has " + std::to_string(num_features) + " features");
  }
  QGBM_ASSIGN_OR_RETURN(const auto sets, ParseInteractionConstraints(tree.interaction_constraints));
  for (const std::vector<int>& set : sets) {
    if (!set.empty() && set.back() >= num_features) {
      return Status::InvalidArgument(
          "parameter 'interaction_constraints' uses feature " + std::to_string(set.back()) +
          " but the training data '" + source + "' has " + std::to_string(num_features) +
          " features (indices 0.." + std::to_string(num_features - 1) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace qgbm
