#!/usr/bin/env bash
# Fails if '#pragma omp' appears anywhere in src/ except src/common/parallel_for.h.
# One place for OpenMP keeps thread counts, schedules and the no-throw rule in one reviewed
# wrapper (ParallelFor), and lets a build without OpenMP change a single file.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

allowed="src/common/parallel_for.h"
# -P with \s* also catches '#  pragma omp' and '_Pragma("omp ...")' spellings.
hits="$(grep -rnP '^\s*#\s*pragma\s+omp\b|_Pragma\s*\(\s*"omp\b' src \
          --include='*.h' --include='*.cc' --include='*.cu' --include='*.cuh' --include='*.inc' \
        | grep -v "^${allowed}:" || true)"

if [[ -n "$hits" ]]; then
  echo "check_omp: '#pragma omp' outside ${allowed} (use ParallelFor instead):"
  echo "$hits" | sed 's/^/  /'
  exit 1
fi
echo "check_omp: OK (OpenMP pragmas only in ${allowed})"
