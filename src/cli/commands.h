// The CLI's commands. Each returns the process exit code and prints errors itself.
#pragma once

#include "qgbm/params.h"

#include "config/config_parser.h"

namespace qgbm::cli {

int RunTrain(const Params& params);
int RunPredict(const Params& params);
int RunDump(const Params& params);        // task=dump: the model as JSON in output_result
int RunImportance(const Params& params);  // task=importance: feature importances on stdout
int RunParams(int argc, const char* const* argv);

}  // namespace qgbm::cli
