// Logger: where training messages go. Owned by the Context, so two boosters in one process
// log independently. Verbosity follows LightGBM: <0 fatal only, 0 warnings, 1 info, >1 debug.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

namespace qgbm {

enum class LogLevel { kWarning = 0, kInfo = 1, kDebug = 2 };

class Logger {
 public:
  using Sink = std::function<void(LogLevel, const std::string&)>;

  explicit Logger(int verbosity = 1) : verbosity_(verbosity) {}

  void SetSink(Sink sink) { sink_ = std::move(sink); }
  int verbosity() const { return verbosity_; }
  void set_verbosity(int v) { verbosity_ = v; }

  void Log(LogLevel level, const std::string& message) const {
    if (static_cast<int>(level) > verbosity_) return;
    if (sink_) {
      sink_(level, message);
      return;
    }
    const char* tag = level == LogLevel::kWarning ? "Warning"
                      : level == LogLevel::kInfo  ? "Info"
                                                  : "Debug";
    std::fprintf(stderr, "[qgbm] [%s] %s\n", tag, message.c_str());
  }
  void Info(const std::string& m) const { Log(LogLevel::kInfo, m); }
  void Warning(const std::string& m) const { Log(LogLevel::kWarning, m); }
  void Debug(const std::string& m) const { Log(LogLevel::kDebug, m); }

 private:
  int verbosity_;
  Sink sink_;
};

}  // namespace qgbm
