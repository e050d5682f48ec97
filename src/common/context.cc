#include "common/context.h"

#include "common/parallel_for.h"

namespace qgbm {

Context::Context(int num_threads, uint64_t seed, int verbosity)
    : threads_(num_threads > 0 ? num_threads : DefaultThreadCount()),
      seed_(seed),
      logger_(verbosity) {
  if (threads_ < 1) threads_ = 1;
}

}  // namespace qgbm
