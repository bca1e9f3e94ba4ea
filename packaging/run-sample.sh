#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds DinoLens and opens the sample study: the tumour volume from the real data
# (DINOLENS_DATA, default ../shared/data) where present, else the human T1 brain that Debian's mricron-data
# installs, with the demo model ready (the first run in models/, else a small run trained here on the tumour
# dataset). With a display the viewer opens on it; without one (no DISPLAY or WAYLAND_DISPLAY) the same job runs
# headless: open the sample, segment it, compare two models, write screenshots and report.md, and say where.
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/install-deps.sh
export DINOLENS_DATA=${DINOLENS_DATA:-$(cd .. && pwd)/shared/data}
cmake --preset release
cmake --build --preset release -j "$(nproc)"

sample=$(find "$DINOLENS_DATA/nifti" -name 'Post_Scan_T1.nii.gz' 2>/dev/null | sort | head -n 1 || true)
if [[ -z $sample ]]; then
  sample=/usr/share/mricron/templates/ch2.nii.gz
fi
echo "Sample study: $sample"
./build/release/app/dinolens-cli info "$sample" > /dev/null

# The demo model: the first trained run shipped in models/, else a small one trained here (a minute on a laptop).
model=$(find models -mindepth 2 -maxdepth 2 -name config.json 2>/dev/null | sort | head -n 1 | xargs -r dirname || true)
work=build/release/sample
mkdir -p "$work"
if [[ -z $model && -d $DINOLENS_DATA/brain-tumor ]]; then
  model=$work/demo-model
  if [[ ! -f $model/head.safetensors ]]; then
    echo "No shipped demo model in models/; training a small one into $model"
    ./build/release/app/dinolens-cli train --data "$DINOLENS_DATA/brain-tumor" --base-model random-small \
      --epochs 4 --max-images 64 --resolution 112 --lr 0.01 --out "$model"
  fi
fi
# A second, shorter run to compare against.
compare=$work/compare-model
if [[ -n $model && -d $DINOLENS_DATA/brain-tumor && ! -f $compare/head.safetensors ]]; then
  ./build/release/app/dinolens-cli train --data "$DINOLENS_DATA/brain-tumor" --base-model random-small \
    --epochs 1 --max-images 32 --resolution 112 --lr 0.01 --out "$compare"
fi

if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
  exec ./build/release/app/dinolens ${model:+--model "$model"} "$sample"
fi
if [[ -z $model ]]; then
  echo "No display and no model (the tumour dataset is missing under $DINOLENS_DATA): nothing to segment." >&2
  exit 1
fi
echo "No display: running the sample job headless"
QT_QPA_PLATFORM=offscreen ./build/release/app/dinolens --headless "$work/report" --model "$model" \
  --compare-model "$compare" "$sample"
echo "Results in $(pwd)/$work/report (report.md and screenshots)"
