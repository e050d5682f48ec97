// Reading parameters the LightGBM way: key=value pairs from a config file and the command line,
// resolved through the parameter table (param_table.cc) into a Params.
//
// Life cycle of a CLI run:
//   1. ParseCommandLineArgs(argc, argv)   -> KeyValues (config file merged in, command line wins)
//   2. ApplyParams(kv, &params)           -> aliases resolved, types parsed, bounds checked
//      (may be called again with more pairs, e.g. the parameters saved in a model, then the user's)
//   3. ValidateParams(params)             -> per-field constraints and rules between fields
//
// Set by user: Params holds values only. What the user set explicitly is the KeyValues they gave;
// IsSetByUser(kv, key) answers it for any key or alias. ApplyParams uses it to derive defaults that
// depend on other settings (LightGBM's `seed` rule) without overriding explicit choices; callers
// that need it later keep their KeyValues next to the Params.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qgbm/params.h"
#include "qgbm/status.h"

namespace qgbm {

// key=value pairs, in order; later pairs override earlier ones.
using KeyValues = std::vector<std::pair<std::string, std::string>>;

// LightGBM config format: one `key = value` per line; '#' starts a comment; blank lines are
// skipped; whitespace around keys and values is trimmed. A line without '=' is an error naming
// path:line. Keys are not resolved here, so unknown keys surface in ApplyParams.
StatusOr<KeyValues> ReadConfigFile(const std::string& path);

// argv[0] is skipped, as in main(); a subcommand passes (argc - 1, argv + 1). Every other token is
// key=value. `config=FILE` (alias config_file) loads FILE with ReadConfigFile; as in LightGBM,
// command-line values win over the file's whatever their order, so file pairs whose key (through
// any alias) also appears on the command line are dropped. The result is the file's pairs
// followed by the command line's.
StatusOr<KeyValues> ParseCommandLineArgs(int argc, const char* const* argv);

// Applies `kv` on top of `*params`: resolves aliases, parses each value by the field's type,
// canonicalises choice values (e.g. objective=mse -> regression) and metric names, and checks
// numeric bounds and choice sets. Errors (nothing is changed on error):
//   - unknown key, with the closest known name when one is close;
//   - `config` outside the command line;
//   - one key given through two different names with different values;
//   - ill-typed or out-of-range values (kInvalidArgument), known but unavailable choices such as
//     device_type=cuda in a CPU build or tree_learner=voting (kUnavailable).
// When `seed` is in kv, data_random_seed, bagging_seed and feature_fraction_seed are derived from
// it unless kv sets them too. When kv sets objective to poisson, gamma or tweedie but not
// num_grad_quant_bins, the latter becomes 32 (their gradients need finer quantization).
Status ApplyParams(const KeyValues& kv, Params* params);

// Re-checks every field's constraint (for Params built in code rather than parsed) and the rules
// between fields. Call once all sources have been applied.
Status ValidateParams(const Params& params);

// Every field under its canonical key, in table order; ApplyParams on the result reproduces
// `params` exactly (doubles are written in shortest round-trip form).
KeyValues ParamsToKeyValues(const Params& params);

// True when some key of `kv` names the same parameter as `key` (a canonical key or an alias).
bool IsSetByUser(const KeyValues& kv, std::string_view key);

// The parameter reference, docs/parameters.md (`qgbm params --markdown`).
std::string ParamsMarkdown();

}  // namespace qgbm
