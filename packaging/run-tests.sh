#!/usr/bin/env bash
# Sets up a Debian 12 machine and runs every DinoLens test: installs the packages, builds the release preset,
# runs the CTest suite, then builds the libFuzzer targets with clang and runs each briefly on the real data.
# Usage: packaging/run-tests.sh [--no-fuzz] [--asan]
#   --asan     also build the ASan/UBSan preset and run the suite under it
# Environment: DINOLENS_DATA (real-data folder, default ../shared/data), FUZZ_SECONDS (default 30 per target).
set -euo pipefail
cd "$(dirname "$0")/.."

fuzz=1
asan=0
for arg in "$@"; do
  case $arg in
    --no-fuzz) fuzz=0 ;;
    --asan) asan=1 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

./packaging/install-deps.sh
export DINOLENS_DATA=${DINOLENS_DATA:-$(cd .. && pwd)/shared/data}
jobs=$(nproc)

echo "== release build and tests"
cmake --preset release
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs"

if ((asan)); then
  echo "== ASan/UBSan build and tests"
  cmake --preset asan
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan -j "$jobs"
fi

if ((fuzz)); then
  echo "== fuzz targets"
  cmake --preset fuzz
  cmake --build --preset fuzz -j "$jobs"
  ./packaging/run-fuzzers.sh build/fuzz/tests/fuzz "${FUZZ_SECONDS:-30}"
fi
echo "== all tests passed"
