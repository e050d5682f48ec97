#!/usr/bin/env bash
# Checks tracked C++/CUDA files against .clang-format with clang-format 14.
#   tools/ci/check_format.sh            fail (exit 1) when a file needs formatting
#   tools/ci/check_format.sh --warn     list the files but exit 0
#   tools/ci/check_format.sh --fix      reformat the files in place
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

mode="check"
case "${1:-}" in
  --warn) mode="warn" ;;
  --fix) mode="fix" ;;
  "") ;;
  *) echo "usage: $0 [--warn|--fix]" >&2; exit 2 ;;
esac

clang_format="${CLANG_FORMAT:-clang-format}"
major="$("$clang_format" --version | sed -n 's/.*version \([0-9]*\).*/\1/p')"
if [[ "$major" != "14" ]]; then
  # Other majors format some constructs differently; their verdict would be noise.
  echo "check_format: clang-format 14 required, found '$major' ($clang_format)" >&2
  exit 2
fi

# Tracked files plus new untracked ones, so a check before 'git add' sees them too.
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
  '*.h' '*.cc' '*.cu' '*.cuh' | sort -u)
existing=()
for f in "${files[@]}"; do [[ -f "$f" ]] && existing+=("$f"); done

if [[ "$mode" == "fix" ]]; then
  ((${#existing[@]})) && "$clang_format" -i "${existing[@]}"
  echo "check_format: formatted ${#existing[@]} files"
  exit 0
fi

bad=()
for f in "${existing[@]}"; do
  if ! "$clang_format" --dry-run -Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done

if ((${#bad[@]})); then
  echo "check_format: ${#bad[@]} of ${#existing[@]} files need clang-format (tools/ci/check_format.sh --fix):"
  printf '  %s\n' "${bad[@]}"
  [[ "$mode" == "warn" ]] && exit 0
  exit 1
fi
echo "check_format: OK (${#existing[@]} files)"
