#!/usr/bin/env bash
# The whole test suite, in the order CI runs it. Cheap static checks come first so that a
# layering mistake is reported in seconds rather than after two builds.
#
#   tools/ci/test.sh                 everything (what .ci/run does after tools/setup.sh)
#   tools/ci/test.sh --no-asan       skip the sanitizer build (the slowest stage)
#   tools/ci/test.sh --no-bench      skip the benchmark-harness smoke run
#   QGBM_JOBS=1 tools/ci/test.sh     build with one job (default: nproc)
#
# Every stage runs even when an earlier one failed (except stages that need a build that failed),
# so one CI run reports every problem. The last line is always "N passed, M failed", counted
# over the static stages plus the individual ctest and pytest results.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

run_asan=1
run_bench=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) run_asan=0 ;;
    --no-bench) run_bench=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

jobs="${QGBM_JOBS:-$(nproc)}"
python="${PYTHON:-python3}"
logdir="$(mktemp -d "${TMPDIR:-/tmp}/qgbm-ci.XXXXXX")"
trap 'rm -rf "$logdir"' EXIT

passed=0
failed=0
summary=()

banner() { printf '\n==== %s ====\n' "$*"; }

# record NAME STATUS SECONDS [DETAIL]: one line of the closing table.
record() {
  summary+=("$(printf '%-28s %-5s %6ss  %s' "$1" "$2" "$3" "${4:-}")")
}

# stage NAME CMD...: a check that counts as one result.
stage() {
  local name="$1"; shift
  banner "$name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); record "$name" ok $((SECONDS - t0))
    return 0
  fi
  failed=$((failed + 1)); record "$name" FAIL $((SECONDS - t0))
  return 1
}

# ctest_stage NAME PRESET: runs a ctest preset and counts each test, not the stage.
ctest_stage() {
  local name="$1" preset="$2" log="$logdir/$2.ctest.log"
  banner "$name"
  local t0=$SECONDS rc
  ctest --preset "$preset" -j 2 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local line total=0 bad=0
  line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)"
  if [[ -n "$line" ]]; then
    bad="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
    total="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")"
  fi
  if ((total == 0)); then
    # No summary line: ctest itself failed (no tests found, bad preset, crash).
    failed=$((failed + 1)); record "$name" FAIL $((SECONDS - t0)) "ctest rc=$rc, no test summary"
    return 1
  fi
  passed=$((passed + total - bad)); failed=$((failed + bad))
  if ((rc != 0 && bad == 0)); then
    failed=$((failed + 1))  # e.g. a test executable that crashed during discovery
  fi
  local status=ok; ((rc != 0 || bad != 0)) && status=FAIL
  record "$name" "$status" $((SECONDS - t0)) "$((total - bad))/$total tests"
  [[ "$status" == ok ]]
}

configure_and_build() {
  local preset="$1"
  cmake --preset "$preset" && nice cmake --build --preset "$preset" -j "$jobs"
}

# ---- 1. static checks ---------------------------------------------------------------------
stage "layer check" "$python" tools/check_layers.py
stage "omp check" tools/ci/check_omp.sh
stage "format check" tools/ci/check_format.sh

# ---- 2. release build with -Werror + all tests --------------------------------------------
if stage "build ci (-Werror)" configure_and_build ci; then
  ctest_stage "ctest ci" ci
else
  record "ctest ci" skip 0 "build failed"
fi

# ---- 3. ASan + UBSan build + unit tests ---------------------------------------------------
if ((run_asan)); then
  if stage "build asan-ubsan" configure_and_build asan-ubsan; then
    ctest_stage "ctest asan-ubsan (unit)" asan-ubsan
  else
    record "ctest asan-ubsan (unit)" skip 0 "build failed"
  fi
else
  record "asan-ubsan" skip 0 "--no-asan"
fi

# ---- 4. Python tests ----------------------------------------------------------------------
# tests/python_package imports the installed package (tools/setup.sh pip-installs it), so CI
# tests what users get; QGBM_LIBRARY left unset keeps it on the installed libqgbm.so.
py_dirs=()
for d in tests/python tests/python_package benchmarks; do
  if [[ -d "$d" ]] && find "$d" -name 'test_*.py' -o -name '*_test.py' | grep -q .; then
    py_dirs+=("$d")
  fi
done
if ((${#py_dirs[@]})); then
  banner "pytest ${py_dirs[*]}"
  t0=$SECONDS
  log="$logdir/pytest.log"
  # QGBM_BIN points the Python tests at the binary this run just built and tested.
  QGBM_BIN="${QGBM_BIN:-$repo/build-ci/qgbm}" \
    "$python" -m pytest -q -p no:cacheprovider "${py_dirs[@]}" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  last="$(grep -E '[0-9]+ (passed|failed|error)' "$log" | tail -1)"
  np="$(grep -oE '[0-9]+ passed' <<<"$last" | grep -oE '[0-9]+' || echo 0)"
  nf="$(grep -oE '[0-9]+ failed' <<<"$last" | grep -oE '[0-9]+' || echo 0)"
  ne="$(grep -oE '[0-9]+ errors?' <<<"$last" | grep -oE '[0-9]+' || echo 0)"
  passed=$((passed + np)); failed=$((failed + nf + ne))
  # Exit code 5 means "collected nothing" although test files exist: count it as a failure.
  if ((rc != 0 && nf + ne == 0)); then failed=$((failed + 1)); fi
  status=ok; ((rc != 0)) && status=FAIL
  record "pytest" "$status" $((SECONDS - t0)) "$np passed, $((nf + ne)) failed (rc=$rc)"
else
  record "pytest" skip 0 "no test files in tests/python, tests/python_package or benchmarks"
fi

# ---- 5. benchmark harness smoke run -------------------------------------------------------
if ((run_bench)); then
  qgbm_bin="$repo/build-ci/qgbm"
  [[ -x "$qgbm_bin" ]] || qgbm_bin="$repo/build/qgbm"
  stage "benchmark smoke" "$python" benchmarks/run.py --smoke --qgbm "$qgbm_bin"
else
  record "benchmark smoke" skip 0 "--no-bench"
fi

# ---- summary ------------------------------------------------------------------------------
banner "summary"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
((failed == 0))
