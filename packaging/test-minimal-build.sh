#!/usr/bin/env bash
# Checks the build for machines that have only a compiler, CMake and a PyTorch (preset inference-only: core,
# inference and dinolens-cli with DINOLENS_WITH_IMAGING off) on this machine, where every Debian library is installed:
#   1. configure with the heavy libraries hidden from CMake (CMAKE_DISABLE_FIND_PACKAGE_*: a find_package of one of
#      them would fail the configure). Protobuf stays visible: Debian's LibTorch CMake files ask for it, a pip
#      PyTorch's do not;
#   2. build, and check that no program links OpenCV, DCMTK, nifticlib, OpenJPEG, SQLite, protobuf, Qt, VTK or
#      cpp-httplib (their direct dependencies, readelf);
#   3. pack a small real dataset with the full build's `dinolens-cli pack`, and run the minimal build's tests
#      (label minimal) on it: none may skip;
#   4. train the same run on the pack with both builds: the heads must be equal.
# Usage: packaging/test-minimal-build.sh [full build folder, default build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
full=${1:-build/release}
export DINOLENS_DATA=${DINOLENS_DATA:-$(cd .. && pwd)/shared/data}
work=build/minimal-check
rm -rf "$work"
mkdir -p "$work"

hidden=()
for package in OpenCV DCMTK Qt6 Qt5 VTK SQLite3 PkgConfig GDCM CURL; do
  hidden+=("-DCMAKE_DISABLE_FIND_PACKAGE_$package=ON")
done
cmake --preset inference-only "${hidden[@]}" > "$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build --preset inference-only -j "$(nproc)"

heavy='opencv|dcmtk|nifti|znz|openjp|sqlite|protobuf|Qt|vtk|gdcm|httplib|ssl'
for program in build/inference-only/app/dinolens-cli build/inference-only/app/dinolens-cli-full; do
  needed=$(readelf -d "$program" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  if grep -Ei "$heavy" <<< "$needed"; then
    echo "test-minimal-build: $program links a library the minimal build must not need" >&2
    exit 1
  fi
  echo "$program needs: $(tr '\n' ' ' <<< "$needed")"
done

# A small dataset of real slices, with and without tumour, packed by the full build.
data=$work/data
for split in train valid; do
  mkdir -p "$data/$split/images" "$data/$split/labels"
  for source in brain-tumor:12 brain-no-tumor:6; do
    set="${source%%:*}" count="${source##*:}"
    [[ $split == valid ]] && count=$((count / 2))
    find "$DINOLENS_DATA/$set/$split/images" -type f | sort | sed -n "1,${count}p" | while read -r image; do
      stem=$(basename "${image%.*}")
      ln -s "$image" "$data/$split/images/"
      ln -s "$DINOLENS_DATA/$set/$split/labels/$stem.txt" "$data/$split/labels/"
    done
  done
done
"$full/app/dinolens-cli" pack --data "$data" --split train --split valid --resolution 112 --out "$work/pack.safetensors"

export DINOLENS_PACK=$PWD/$work/pack.safetensors
ctest --preset inference-only -L minimal | tee "$work/ctest.log"
if grep -q "(Skipped)" "$work/ctest.log"; then
  echo "test-minimal-build: a minimal test skipped although its data is here" >&2
  exit 1
fi

# Both builds train the same run on the pack: same head.
for build in "$full" build/inference-only; do
  "$build/app/dinolens-cli" train --data "$DINOLENS_PACK" --base-model random-small --resolution 112 --epochs 2 \
    --batch-size 4 --threads 2 --seed 3 --out "$work/run-$(basename "$build")" > "$work/train-$(basename "$build").log"
done
build/inference-only/app/dinolens-cli diff-tensors "$work/run-$(basename "$full")/head.safetensors" \
  "$work/run-inference-only/head.safetensors" --tolerance 0
echo "test-minimal-build: the minimal build builds without the heavy libraries, passes its tests and trains as the full build does"
