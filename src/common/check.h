// QGBM_CHECK: internal invariants. A failure is a bug in qgbm, never a user error, so it prints
// where it happened and aborts. QGBM_DCHECK compiles away outside debug builds.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace qgbm::internal {

class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* cond) {
    stream_ << file << ":" << line << ": check failed: " << cond << " ";
  }
  [[noreturn]] ~CheckFailure() {
    std::fprintf(stderr, "[qgbm] %s\n", stream_.str().c_str());
    std::fflush(stderr);
    std::abort();
  }
  template <class T>
  CheckFailure& operator<<(const T& v) {
    stream_ << v;
    return *this;
  }

 private:
  std::ostringstream stream_;
};

}  // namespace qgbm::internal

#define QGBM_CHECK(cond) \
  if (cond) {            \
  } else                 \
    ::qgbm::internal::CheckFailure(__FILE__, __LINE__, #cond)

#ifndef NDEBUG
#define QGBM_DCHECK(cond) QGBM_CHECK(cond)
#define QGBM_DEBUG_INVARIANTS 1
#else
#define QGBM_DCHECK(cond) \
  while (false) QGBM_CHECK(cond)
#define QGBM_DEBUG_INVARIANTS 0
#endif
