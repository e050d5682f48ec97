#!/usr/bin/env bash
# Installs every build/test dependency, builds the release tree into build/ (CLI: build/qgbm) and
# pip-installs the Python package (python-package/, libqgbm.so built into build/python).
# Idempotent: packages already present are not reinstalled, and an existing build/ is reused, so a
# second run costs only an incremental build.
#
#   tools/setup.sh              # apt + pip + release build
#   QGBM_SKIP_BUILD=1 tools/setup.sh    # dependencies only
#   QGBM_SKIP_PIP=1 tools/setup.sh      # no PyPI access needed
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

log() { printf '[setup] %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------
# clang-format is pinned to the bookworm major version (14): formatting output changes between
# major versions, so every machine must use the same one (STYLE.md 1.5).
apt_packages=(
  build-essential cmake g++ ninja-build zlib1g-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev clang-format clang-tidy python3
  python3-pip time libopenmpi-dev openmpi-bin graphviz
)

missing=()
for pkg in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the index only when a package cannot be resolved from the current one: an update
  # is the slowest step and usually unnecessary on a warm machine.
  if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  log "Debian packages already installed"
fi

cf_major="$(clang-format --version | sed -n 's/.*version \([0-9]*\).*/\1/p')"
if [[ "$cf_major" != "14" ]]; then
  log "warning: clang-format major version is '$cf_major', the project formats with 14"
fi

# --- Python packages -------------------------------------------------------------------------
python="${PYTHON:-python3}"
pip_flags=(--disable-pip-version-check --no-input -q)
# Debian's own python refuses system-wide installs (PEP 668); this flag only matters there.
if "$python" -c 'import sys; sys.exit(0 if sys.prefix == sys.base_prefix and sys.prefix == "/usr" else 1)'; then
  pip_flags+=(--break-system-packages)
fi
if [[ "${QGBM_SKIP_PIP:-0}" != "1" ]]; then
  # Ask pip only for the pins that are not already satisfied, so re-runs need no network.
  if "$python" - "$repo/tools/requirements-dev.txt" <<'PY'
import sys
from importlib import metadata
bad = []
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, want = line.split("==")
    try:
        have = metadata.version(name)
    except metadata.PackageNotFoundError:
        have = None
    if have != want:
        bad.append(f"{name} (have {have}, want {want})")
if bad:
    print("[setup] pip pins not satisfied: " + ", ".join(bad))
    sys.exit(1)
PY
  then
    log "Python packages already at the pinned versions"
  else
    "$python" -m pip install "${pip_flags[@]}" -r "$repo/tools/requirements-dev.txt"
  fi
fi

# --- Release build ---------------------------------------------------------------------------
if [[ "${QGBM_SKIP_BUILD:-0}" == "1" ]]; then
  log "skipping the build (QGBM_SKIP_BUILD=1)"
  exit 0
fi

jobs="${QGBM_JOBS:-$(nproc)}"
log "configuring (preset release) and building with -j$jobs"
cmake --preset release
cmake --build --preset release -j "$jobs"

if [[ -x build/qgbm ]]; then
  log "built $(pwd)/build/qgbm"
else
  log "warning: build finished but build/qgbm is missing (is the CLI target in the tree yet?)"
fi

# --- Python package --------------------------------------------------------------------------
# pip builds libqgbm.so with scikit-build-core into the persistent build/python tree (so a re-run
# recompiles only what changed) and installs it inside the package. --no-build-isolation uses
# the pinned scikit-build-core from requirements-dev.txt: no network needed on a re-run.
if ! "$python" -c 'import scikit_build_core' 2>/dev/null; then
  log "warning: scikit-build-core is missing (QGBM_SKIP_PIP=1?): Python package not installed"
  exit 0
fi
log "installing the Python package (python-package/)"
if command -v ccache >/dev/null 2>&1; then
  export CMAKE_ARGS="${CMAKE_ARGS:-} -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
fi
CMAKE_BUILD_PARALLEL_LEVEL="$jobs" "$python" -m pip install "${pip_flags[@]}" \
  --no-build-isolation --no-deps "$repo/python-package"
(cd / && "$python" -c 'import qgbm; print("[setup] qgbm", qgbm.__version__, "uses", qgbm.library_path())')
