// Where key=value pairs come from: LightGBM config files and the command line.
#include <fstream>
#include <set>

#include "config/config_parser.h"
#include "config/param_index.h"
#include "config/value_codec.h"

namespace qgbm {
namespace {

bool IsConfigKey(std::string_view key) { return key == "config" || key == "config_file"; }

// Splits at the first '=' so that values may contain '='; false when there is none.
bool SplitKeyValue(std::string_view text, std::pair<std::string, std::string>* out) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos) return false;
  out->first = std::string(Trim(text.substr(0, eq)));
  out->second = std::string(Trim(text.substr(eq + 1)));
  return !out->first.empty();
}

// The canonical key a name resolves to, or the name itself when it is unknown.
std::string CanonicalOrSelf(std::string_view key) {
  const ParamInfo* info = ParamIndex::Get().Find(key);
  return std::string(info ? info->spec.key : key);
}

struct CommandLine {
  KeyValues pairs;
  std::string config_path;
};

StatusOr<CommandLine> SplitCommandLine(int argc, const char* const* argv) {
  CommandLine cl;
  for (int i = 1; i < argc; ++i) {
    const std::string_view token = Trim(argv[i]);
    if (token.empty()) continue;
    std::pair<std::string, std::string> kv;
    if (!SplitKeyValue(token, &kv)) {
      return Status::InvalidArgument("command-line argument '" + std::string(token) +
                                     "' is not of the form key=value");
    }
    if (!IsConfigKey(kv.first)) {
      cl.pairs.push_back(std::move(kv));
    } else if (!cl.config_path.empty() && cl.config_path != kv.second) {
      return Status::InvalidArgument("parameter 'config' is given twice: '" + cl.config_path +
                                     "' and '" + kv.second + "'");
    } else {
      cl.config_path = kv.second;
    }
  }
  return cl;
}

}  // namespace

StatusOr<KeyValues> ReadConfigFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open config file '" + path + "'");
  KeyValues pairs;
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    std::string_view text = line;
    text = Trim(text.substr(0, text.find('#')));
    if (text.empty()) continue;
    std::pair<std::string, std::string> kv;
    if (!SplitKeyValue(text, &kv)) {
      return Status::InvalidArgument(path + ":" + std::to_string(line_number) +
                                     ": expected 'key = value', got '" + std::string(text) + "'");
    }
    pairs.push_back(std::move(kv));
  }
  if (in.bad()) return Status::IoError("error while reading config file '" + path + "'");
  return pairs;
}

StatusOr<KeyValues> ParseCommandLineArgs(int argc, const char* const* argv) {
  QGBM_ASSIGN_OR_RETURN(CommandLine cl, SplitCommandLine(argc, argv));
  if (cl.config_path.empty()) return std::move(cl.pairs);
  QGBM_ASSIGN_OR_RETURN(KeyValues file_pairs, ReadConfigFile(cl.config_path));
  std::set<std::string> on_command_line;
  for (const auto& kv : cl.pairs) on_command_line.insert(CanonicalOrSelf(kv.first));
  KeyValues merged;
  for (auto& kv : file_pairs) {
    if (IsConfigKey(kv.first)) {
      return Status::InvalidArgument(cl.config_path + ": parameter '" + kv.first +
                                     "' is only accepted on the command line");
    }
    if (on_command_line.count(CanonicalOrSelf(kv.first)) == 0) merged.push_back(std::move(kv));
  }
  for (auto& kv : cl.pairs) merged.push_back(std::move(kv));
  return merged;
}

}  // namespace qgbm
