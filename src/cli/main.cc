// qgbm command line: LightGBM-style key=value parameters and config files.
//   qgbm train key=value ...        qgbm predict key=value ...
//   qgbm dump key=value ...         qgbm importance key=value ...
//   qgbm config=train.conf [key=value ...]   (task=train|predict|dump|importance, as LightGBM's)
//   qgbm params --markdown          the parameter reference
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

void PrintUsage() {
  std::puts(
      "usage: qgbm train  key=value ... [config=FILE]\n"
      "       qgbm predict key=value ... [config=FILE]\n"
      "       qgbm dump input_model=FILE output_result=FILE.json   (JSON with tree_info)\n"
      "       qgbm importance input_model=FILE [saved_feature_importance_type=0|1]\n"
      "       qgbm config=FILE [key=value ...]   (task=train|predict|dump|importance)\n"
      "       qgbm params --markdown\n"
      "Parameters use LightGBM's names; see docs/parameters.md.");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    PrintUsage();
    return argc < 2 ? 1 : 0;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::puts("qgbm 0.1.0");
    return 0;
  }
  std::string command = argv[1];
  if (command == "params") return qgbm::cli::RunParams(argc - 1, argv + 1);
  // Either a subcommand followed by key=value, or LightGBM's plain key=value form.
  const bool has_subcommand = command.find('=') == std::string::npos;
  if (has_subcommand && command != "train" && command != "predict" && command != "dump" &&
      command != "importance") {
    std::fprintf(stderr,
                 "[qgbm] [Fatal] unknown command '%s' (expected train, predict, dump, importance "
                 "or params)\n",
                 command.c_str());
    return 2;
  }
  std::vector<const char*> args(argv, argv + argc);
  if (has_subcommand) args.erase(args.begin() + 1);
  auto kv = qgbm::ParseCommandLineArgs(static_cast<int>(args.size()), args.data());
  qgbm::Params params;
  qgbm::Status st = kv.ok() ? qgbm::ApplyParams(*kv, &params) : kv.status();
  if (st.ok() && has_subcommand) {
    // The subcommand decides the task; a conflicting task= is an error rather than a surprise.
    if (qgbm::IsSetByUser(*kv, "task") && params.io.task != command) {
      st = qgbm::Status::InvalidArgument("command '" + command +
                                         "' conflicts with task=" + params.io.task);
    }
    params.io.task = command;
  }
  if (st.ok()) st = qgbm::ValidateParams(params);
  if (!st.ok()) {
    std::fprintf(stderr, "[qgbm] [Fatal] %s\n", st.message().c_str());
    return 2;
  }
  if (params.io.task == "predict") return qgbm::cli::RunPredict(params);
  if (params.io.task == "dump") return qgbm::cli::RunDump(params);
  if (params.io.task == "importance") return qgbm::cli::RunImportance(params);
  return qgbm::cli::RunTrain(params);
}
