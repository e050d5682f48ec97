// Logger: where training messages go. Owned by the Context, so two boosters in one process
// log independently. Verbosity follows LightGBM: <0 fatal only, 0 warnings, 1 info, >1 debug.
#pragma once

#include <atomic>
#include <cstdio>
#include <functional>
#include <string>

namespace qgbm {

enum class LogLevel { kWarning = 0, kInfo = 1, kDebug = 2 };

// Where messages of loggers without their own sink go instead of stderr (bindings route them
// to their language's logging): a plain function, so that it can come from C; null = stderr.
using LogCallback = void (*)(int level, const char* message);
inline std::atomic<LogCallback>& GlobalLogCallback() {
  static std::atomic<LogCallback> callback{nullptr};
  return callback;
}

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
    if (const LogCallback callback = GlobalLogCallback().load()) {
      callback(static_cast<int>(level), message.c_str());
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
