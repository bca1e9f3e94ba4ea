#!/usr/bin/env bash
# Builds the Debian package build/deb/dinolens_<version>-<release>_amd64.deb with CPack, from a release build
# (tests off) in build/deb with the man pages and PNG icons (DINOLENS_PACKAGE=ON). Prints the package's path last.
# Environment: JOBS (parallel build jobs, default: the number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/install-deps.sh >&2
build=build/deb
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DDINOLENS_BUILD_TESTS=OFF -DDINOLENS_PACKAGE=ON >&2
cmake --build "$build" -j "${JOBS:-$(nproc)}" >&2
rm -f "$build"/dinolens_*.deb
(cd "$build" && cpack -G DEB >&2)
debs=("$build"/dinolens_*_amd64.deb)
if [[ ! -f ${debs[0]} ]]; then
  echo "build-deb: CPack wrote no package into $build" >&2
  exit 1
fi
echo "build-deb: built ${debs[0]}" >&2
echo "${debs[0]}"
