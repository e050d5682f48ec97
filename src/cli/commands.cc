#include "cli/commands.h"

#include <cstdio>
#include <cstring>
#include <string>

#include "api/model_insight.h"
#include "api/training_pipeline.h"
#include "common/context.h"
#include "common/timer.h"
#include "model/model_io.h"

namespace qgbm::cli {
namespace {

int Fail(const Status& st) {
  std::fprintf(stderr, "[qgbm] [Fatal] %s\n", st.message().c_str());
  return 1;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3f", s);
  return buf;
}

}  // namespace

int RunTrain(const Params& params) {
  Context ctx(params.system.num_threads, static_cast<uint64_t>(params.system.seed),
              params.system.verbosity);
  Timer total;
  PhaseTimes times;
  StatusOr<Model> model = TrainFromFiles(params, ctx, &times);
  if (!model.ok()) return Fail(model.status());
  if (times.rank != 0) return 0;  // data-parallel: every machine has the model, one writes it
  const ModelFileFormat format =
      params.io.model_format == "cbor" ? ModelFileFormat::kCbor : ModelFileFormat::kJson;
  const Status saved = SaveModel(*model, params.io.output_model, format);
  if (!saved.ok()) return Fail(saved);
  ctx.logger().Info("saved " + std::to_string(model->trees.size()) + " trees to " +
                    params.io.output_model);
  ctx.logger().Info("time: load " + Seconds(times.load) + " s, binning " + Seconds(times.binning) +
                    " s, training " + Seconds(times.training) + " s, total " +
                    Seconds(total.Seconds()) + " s");
  return 0;
}

int RunPredict(const Params& params) {
  Context ctx(params.system.num_threads, static_cast<uint64_t>(params.system.seed),
              params.system.verbosity);
  const Status st = PredictToFile(params, ctx);
  return st.ok() ? 0 : Fail(st);
}

int RunDump(const Params& params) {
  Context ctx(params.system.num_threads, static_cast<uint64_t>(params.system.seed),
              params.system.verbosity);
  const Status st = DumpModelToFile(params, ctx);
  return st.ok() ? 0 : Fail(st);
}

int RunImportance(const Params& params) {
  StatusOr<std::string> text = FeatureImportanceText(params);
  if (!text.ok()) return Fail(text.status());
  std::fputs(text->c_str(), stdout);
  return 0;
}

int RunParams(int argc, const char* const* argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--markdown") == 0) {
    std::fputs(ParamsMarkdown().c_str(), stdout);
    return 0;
  }
  std::fputs("usage: qgbm params --markdown\n", stderr);
  return 2;
}

}  // namespace qgbm::cli
