// ParamsMarkdown: docs/parameters.md, rendered from the parameter table.
#include <string>

#include "config/config_parser.h"
#include "config/param_index.h"

namespace qgbm {
namespace {

constexpr std::string_view kPreamble =
    "# Parameters\n"
    "\n"
    "Generated from `src/config/param_table.cc` by `qgbm params --markdown`; do not edit by "
    "hand.\n"
    "\n"
    "Names and aliases follow LightGBM, so LightGBM config files run unchanged. Parameters are "
    "given as `key=value`, in a config file (one per line, `#` starts a comment) or on the "
    "command line, which wins over the file. Keys are case-sensitive; choice values are not. "
    "Giving one parameter twice through different names with different values is an error.\n";

std::string Code(std::string_view s) { return "`" + std::string(s) + "`"; }

std::string CodeList(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) out += (out.empty() ? "" : ", ") + Code(name);
  return out;
}

std::string DescribeChoices(const ChoiceList& choices) {
  std::string available;
  std::string unavailable;
  for (const Choice& c : choices) {
    std::string& out = c.unavailable.empty() ? available : unavailable;
    out += (out.empty() ? "" : ", ") + Code(c.name);
    if (!c.aliases.empty()) out += " (" + CodeList(c.aliases) + ")";
  }
  std::string text = "one of " + available;
  if (!unavailable.empty()) text += "; recognised but unavailable: " + unavailable;
  return text;
}

std::string DescribeConstraint(const Constraint& c) {
  switch (c.kind) {
    case Constraint::Kind::kBound:
      return c.bound.Describe();
    case Constraint::Kind::kChoices:
      return DescribeChoices(*c.choices);
    case Constraint::Kind::kItems:
      return "comma-separated list";
    case Constraint::Kind::kNone:
      break;
  }
  return "";
}

std::string EscapeCell(std::string text) {
  for (size_t pos = 0; (pos = text.find('|', pos)) != std::string::npos; pos += 2) {
    text.insert(pos, "\\");
  }
  return text;
}

std::string Row(const ParamInfo& info) {
  const std::string default_value = info.default_value.empty() ? "\"\"" : info.default_value;
  return "| " + Code(info.spec.key) + " | " + std::string(info.type_name) + " | " +
         Code(default_value) + " | " + EscapeCell(DescribeConstraint(info.spec.constraint)) +
         " | " + CodeList(info.spec.aliases) + " | " + EscapeCell(std::string(info.spec.doc)) +
         " |\n";
}

}  // namespace

std::string ParamsMarkdown() {
  std::string out(kPreamble);
  std::string_view group;
  for (const ParamInfo& info : ParamIndex::Get().params()) {
    if (info.group != group) {
      group = info.group;
      out += "\n## " + std::string(group) + "\n\n";
      out += "| Parameter | Type | Default | Constraint | Aliases | Description |\n";
      out += "|---|---|---|---|---|---|\n";
    }
    out += Row(info);
  }
  return out;
}

}  // namespace qgbm
