#include "config/value_codec.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace qgbm {
namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

Status TypeError(const FieldSpec& spec, std::string_view expected, std::string_view text) {
  return Status::InvalidArgument("parameter " + Quote(spec.key) + " expects " +
                                 std::string(expected) + ", got " + Quote(text));
}

Status CheckBound(const FieldSpec& spec, double value, std::string_view text) {
  if (spec.constraint.kind != Constraint::Kind::kBound || spec.constraint.bound.Contains(value)) {
    return Status::Ok();
  }
  return Status::InvalidArgument("parameter " + Quote(spec.key) + " must be " +
                                 spec.constraint.bound.Describe() + ", got " + std::string(text));
}

template <class Int>
Status ParseInt(const FieldSpec& spec, std::string_view text, Int* out) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || end != digits.data() + digits.size() || ec == std::errc::invalid_argument) {
    return TypeError(spec, "an integer", text);
  }
  if (ec == std::errc::result_out_of_range || value < std::numeric_limits<Int>::min() ||
      value > std::numeric_limits<Int>::max()) {
    return TypeError(spec, std::is_same_v<Int, int> ? "a 32-bit integer" : "a 64-bit integer",
                     text);
  }
  QGBM_RETURN_IF_ERROR(CheckBound(spec, static_cast<double>(value), text));
  *out = static_cast<Int>(value);
  return Status::Ok();
}

Status ParseDouble(const FieldSpec& spec, std::string_view text, double* out) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || end != digits.data() + digits.size() || ec != std::errc() ||
      !std::isfinite(value)) {
    return TypeError(spec, "a finite number", text);
  }
  QGBM_RETURN_IF_ERROR(CheckBound(spec, value, text));
  *out = value;
  return Status::Ok();
}

Status ParseBool(const FieldSpec& spec, std::string_view text, bool* out) {
  const std::string lower = ToLower(text);
  if (lower == "true" || lower == "1" || lower == "+" || lower == "yes") {
    *out = true;
  } else if (lower == "false" || lower == "0" || lower == "-" || lower == "no") {
    *out = false;
  } else {
    return TypeError(spec, "a boolean (true/false/1/0/yes/no/+/-)", text);
  }
  return Status::Ok();
}

std::string AvailableNames(const ChoiceList& choices) {
  std::string names;
  for (const Choice& c : choices) {
    if (!c.unavailable.empty()) continue;
    if (!names.empty()) names += ", ";
    names += c.name;
  }
  return names;
}

Status ParseChoice(const FieldSpec& spec, std::string_view text, std::string* out) {
  const std::string lower = ToLower(text);
  for (const Choice& c : *spec.constraint.choices) {
    if (lower != c.name &&
        std::find(c.aliases.begin(), c.aliases.end(), lower) == c.aliases.end()) {
      continue;
    }
    if (!c.unavailable.empty()) {
      return Status::Unavailable("parameter " + Quote(spec.key) + ": value " + Quote(text) + " " +
                                 std::string(c.unavailable));
    }
    *out = std::string(c.name);
    return Status::Ok();
  }
  return Status::InvalidArgument("parameter " + Quote(spec.key) + " must be one of " +
                                 AvailableNames(*spec.constraint.choices) + "; got " + Quote(text));
}

Status ParseString(const FieldSpec& spec, std::string_view text, std::string* out) {
  if (spec.constraint.kind == Constraint::Kind::kChoices) return ParseChoice(spec, text, out);
  *out = std::string(text);
  return Status::Ok();
}

Status ParseList(const FieldSpec& spec, std::string_view text, std::vector<std::string>* out) {
  std::vector<std::string> items;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view item = Trim(text.substr(0, comma));
    if (!item.empty()) {
      std::string value =
          spec.constraint.normalize ? spec.constraint.normalize(item) : std::string(item);
      const bool seen = std::find(items.begin(), items.end(), value) != items.end();
      if (!(spec.constraint.unique_items && seen)) items.push_back(std::move(value));
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  *out = std::move(items);
  return Status::Ok();
}

std::string FormatDouble(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

}  // namespace

std::string ToLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view TypeName(const FieldRef& field) {
  struct Namer {
    std::string_view operator()(int*) const { return "int"; }
    std::string_view operator()(int64_t*) const { return "int64"; }
    std::string_view operator()(double*) const { return "double"; }
    std::string_view operator()(bool*) const { return "bool"; }
    std::string_view operator()(std::string*) const { return "string"; }
    std::string_view operator()(std::vector<std::string>*) const { return "list"; }
  };
  return std::visit(Namer{}, field);
}

std::string FormatValue(const FieldRef& field) {
  struct Formatter {
    std::string operator()(int* v) const { return std::to_string(*v); }
    std::string operator()(int64_t* v) const { return std::to_string(*v); }
    std::string operator()(double* v) const { return FormatDouble(*v); }
    std::string operator()(bool* v) const { return *v ? "true" : "false"; }
    std::string operator()(std::string* v) const { return *v; }
    std::string operator()(std::vector<std::string>* v) const { return JoinList(*v); }
  };
  return std::visit(Formatter{}, field);
}

Status ParseValue(const FieldSpec& spec, std::string_view text, const FieldRef& field) {
  struct Parser {
    const FieldSpec& spec;
    std::string_view text;
    Status operator()(int* v) const { return ParseInt(spec, text, v); }
    Status operator()(int64_t* v) const { return ParseInt(spec, text, v); }
    Status operator()(double* v) const { return ParseDouble(spec, text, v); }
    Status operator()(bool* v) const { return ParseBool(spec, text, v); }
    Status operator()(std::string* v) const { return ParseString(spec, text, v); }
    Status operator()(std::vector<std::string>* v) const { return ParseList(spec, text, v); }
  };
  return std::visit(Parser{spec, text}, field);
}

}  // namespace qgbm
