#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy at the repo root) on C++ sources, using a build tree's
# compile_commands.json so every file is analysed with its real flags.
#
#   tools/tidy.sh                      all src/**/*.cc (slow: minutes per module)
#   tools/tidy.sh src/data/*.cc        just these files
#   BUILD_DIR=build-debug tools/tidy.sh
#
# Not a CI stage yet: the checks are being tuned on the young code base. Run it before review.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

build_dir="${BUILD_DIR:-build}"
if [[ ! -f "$build_dir/compile_commands.json" ]]; then
  echo "tidy: $build_dir/compile_commands.json missing; configure first (cmake --preset release)" >&2
  exit 2
fi

if (($#)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'src/*.cc' | sort)
fi

status=0
for f in "${files[@]}"; do
  echo "tidy: $f"
  nice clang-tidy --quiet -p "$build_dir" "$f" || status=1
done
exit "$status"
