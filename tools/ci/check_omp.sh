#!/usr/bin/env bash
# Fails if an OpenMP pragma appears anywhere in src/.
# qgbm runs parallel work through ParallelFor and its ThreadPool (common/thread_pool.h), which
# never waits for a thread the OS has not scheduled; an OpenMP region would, so none may creep in.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

# -P with \s* also catches '#  pragma omp' and '_Pragma("omp ...")' spellings.
hits="$(grep -rnP '^\s*#\s*pragma\s+omp\b|_Pragma\s*\(\s*"omp\b' src \
          --include='*.h' --include='*.cc' --include='*.cu' --include='*.cuh' --include='*.inc' \
        || true)"

if [[ -n "$hits" ]]; then
  echo "check_omp: OpenMP pragma in src/ (use ParallelFor instead):"
  echo "$hits" | sed 's/^/  /'
  exit 1
fi
echo "check_omp: OK (no OpenMP pragmas; parallel work goes through ParallelFor)"
