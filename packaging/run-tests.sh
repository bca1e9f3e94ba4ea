#!/usr/bin/env bash
# Sets up a Debian 12 machine and runs every DinoLens test, in this order:
#   0. the source formatting check (clang-format, .clang-format);
#   1. the release build and the whole CTest suite, then the build for machines with only PyTorch (preset
#      inference-only, the heavy libraries hidden; packaging/test-minimal-build.sh);
#   2. the CTest suite again under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan: every module but the
#      GUI, whose tests run in the release suite: core's readers, PACS, the engine, the server and its hostile-input
#      tests); --asan-core runs only the core suite there (every reader of untrusted files);
#   3. the server and batching tests under ThreadSanitizer (preset tsan; tests/tsan-suppressions.txt);
#   4. the libFuzzer targets, each briefly on the real data;
#   5. the Debian package: built, installed with apt-get, its programs run, then purged (packaging/test-package.sh).
# Usage: packaging/run-tests.sh [--quick] [--asan-core] [--no-asan] [--no-tsan] [--no-fuzz] [--no-package]
#                               [--no-minimal]
#   --quick    steps 0 and 1 only
# Environment: DINOLENS_DATA (real-data folder, default ../shared/data; the run fails when it is missing, because
# most tests would only skip), FUZZ_SECONDS (default 30 per target).
set -euo pipefail
cd "$(dirname "$0")/.."

asan=1 asan_all=1 tsan=1 fuzz=1 package=1 minimal=1
for arg in "$@"; do
  case $arg in
    --quick) asan=0 tsan=0 fuzz=0 package=0 minimal=0 ;;
    --no-asan) asan=0 ;;
    --no-tsan) tsan=0 ;;
    --no-fuzz) fuzz=0 ;;
    --no-package) package=0 ;;
    --no-minimal) minimal=0 ;;
    --asan | --asan-all) asan=1 asan_all=1 ;;  # the default; kept for older command lines
    --asan-core) asan=1 asan_all=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

./packaging/install-deps.sh
export DINOLENS_DATA=${DINOLENS_DATA:-$(cd .. && pwd)/shared/data}
if [[ ! -d $DINOLENS_DATA/brain-tumor || ! -d $DINOLENS_DATA/dicom ]]; then
  echo "run-tests: the real data is missing under DINOLENS_DATA=$DINOLENS_DATA; most tests would only skip" >&2
  exit 1
fi
# Compiler cache: repeated runs on one machine (and fresh clones of the same tree) rebuild only what changed.
if command -v ccache > /dev/null; then
  # CCACHE_NOHASHDIR: the sanitizer and fuzz presets build with -g, whose objects ccache would otherwise key by the
  # checkout's folder; without it a checkout elsewhere rebuilds them all.
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
  export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
fi
jobs=$(nproc)
start=$SECONDS
step() { echo "== $1 (at $((SECONDS - start)) s)"; }

step "source formatting"
mapfile -t sources < <(git ls-files '*.cpp' '*.h' 2> /dev/null || find core inference pacs server client ui app tests \( -name '*.cpp' -o -name '*.h' \))
clang-format --dry-run --Werror "${sources[@]}"

step "release build and tests"
cmake --preset release
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs"

if ((minimal)); then
  step "the build without imaging libraries (preset inference-only)"
  ./packaging/test-minimal-build.sh build/release
fi

if ((asan)); then
  step "ASan/UBSan build and tests"
  cmake --preset asan
  if ((asan_all)); then
    cmake --build --preset asan -j "$jobs"
    ctest --preset asan -j "$jobs"
  else
    # tst_program_version checks --version texts, not memory: it stays in the release run.
    mapfile -t asan_tests < <(find tests/core -name 'tst_*.cpp' -printf '%f\n' | sed 's/\.cpp$//' |
      grep -vx tst_program_version | sort)
    cmake --build --preset asan -j "$jobs" --target dinolens-cli "${asan_tests[@]}"
    ctest --preset asan -j "$jobs" -R "^($(IFS='|'; echo "${asan_tests[*]}"))\$"
  fi
fi

if ((tsan)); then
  step "TSan build and the server tests"
  cmake --preset tsan
  tsan_tests=(tst_server_api tst_server_bad_input tst_server_hostile_clients tst_server_hostile_uploads)
  cmake --build --preset tsan -j "$jobs" --target dinolens-cli "${tsan_tests[@]}"
  ctest --preset tsan -j "$jobs" -R "^($(IFS='|'; echo "${tsan_tests[*]}"))\$"
fi

if ((fuzz)); then
  step "fuzz targets"
  cmake --preset fuzz
  cmake --build --preset fuzz -j "$jobs"
  ./packaging/run-fuzzers.sh build/fuzz/tests/fuzz "${FUZZ_SECONDS:-30}"
fi

if ((package)) && [[ -x packaging/test-package.sh ]]; then
  step "Debian package"
  ./packaging/test-package.sh
fi
step "all tests passed"
