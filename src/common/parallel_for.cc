#include "common/parallel_for.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace qgbm {

int DefaultThreadCount() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

int CurrentThreadIndex() {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

}  // namespace qgbm
