#!/usr/bin/env bash
# Installs every Debian 12 package DinoLens needs to build, test and run. Idempotent: packages that are already
# installed are skipped, and nothing is fetched when all are present. Needs root (or sudo).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev lld ccache clang-format
  # Qt 6 (widgets, tools, translations, OpenGL, HTTP server, SQLite driver) and what Qt6Gui needs
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6opengl6-dev qt6-httpserver-dev
  qt6-websockets-dev libqt6sql6-sqlite libxkbcommon-dev libgl-dev
  # imaging and numerics
  libtorch-dev libgloo-dev libopenblas0-pthread libopencv-dev libdcmtk-dev libopenjp2-7-dev libnifti2-dev zlib1g-dev
  libvtk9-dev libqcustomplot-dev nlohmann-json3-dev libcli11-dev libprotobuf-dev protobuf-compiler
  libsqlite3-dev
  # REST server and client (HTTP/1.1)
  libcpp-httplib-dev
  # PACS tests and benchmarks: a real Orthanc with its DICOMweb plugin, started by the tests themselves (never the
  # system service); DCMTK's command-line tools
  orthanc orthanc-dicomweb dcmtk
  # headless display for GUI tests and the sample study
  xvfb xauth mricron-data
  # the Debian package (packaging/build-deb.sh, test-package.sh): man pages, icons, checks, start-up comparison
  help2man librsvg2-bin file fakeroot lintian appstream desktop-file-utils systemd curl python3-pydicom
  # the eager PyTorch reference of `bench startup --eager` and its check against the golden outputs
  python3-torch
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
