#include "common/parallel_for.h"

#include <cstdlib>
#include <string>
#include <thread>

namespace qgbm {

int DefaultThreadCount() {
  // OMP_NUM_THREADS is honoured as LightGBM users expect; otherwise every hardware thread.
  if (const char* env = std::getenv("OMP_NUM_THREADS")) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && n > 0) return static_cast<int>(n);
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? static_cast<int>(hw) : 1;
}

int CurrentThreadIndex() { return ThreadPool::CurrentThreadIndex(); }

}  // namespace qgbm
