// Context: the per-booster settings every component reads (threads, seed, logger). There is no
// global state; the booster owns one Context and hands out const references.
#pragma once

#include <cstdint>

#include "common/logger.h"

namespace qgbm {

class Context {
 public:
  Context() = default;
  Context(int num_threads, uint64_t seed, int verbosity);

  // Threads actually used (>= 1); num_threads <= 0 asks for the OpenMP default.
  int threads() const { return threads_; }
  uint64_t seed() const { return seed_; }
  const Logger& logger() const { return logger_; }
  Logger& mutable_logger() { return logger_; }

 private:
  int threads_ = 1;
  uint64_t seed_ = 0;
  Logger logger_;
};

}  // namespace qgbm
