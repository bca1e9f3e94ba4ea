#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds DinoLens and opens two sample studies with the shipped demo model: a tumour
# volume from the real data (DINOLENS_DATA, default ../shared/data) with its expert mask, and the healthy human T1
# brain that Debian's mricron-data installs. With a display the viewer opens on both; without one (no DISPLAY or
# WAYLAND_DISPLAY) the same job runs headless for each: open, segment, give the verdict, compare with a second
# real model, write screenshots and report.md, and say where.
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/install-deps.sh
export DINOLENS_DATA=${DINOLENS_DATA:-$(cd .. && pwd)/shared/data}
cmake --preset release
cmake --build --preset release -j "$(nproc)"

# Two cases: a tumour volume with its expert mask (in the models' domain: the demo model trained on slices of the
# other patients of this set), and a healthy human T1 brain (Debian's mricron-data), where the answer is "no tumour".
tumour=$(find "$DINOLENS_DATA/nifti" -path '*04*' -name 'Post_Scan_T1.nii.gz' 2>/dev/null | sort | head -n 1 || true)
healthy=/usr/share/mricron/templates/ch2.nii.gz
cases=()
[[ -n $tumour ]] && cases+=("$tumour")
[[ -f $healthy ]] && cases+=("$healthy")
if ((${#cases[@]} == 0)); then
  echo "No sample study: neither the real data ($DINOLENS_DATA/nifti) nor $healthy is present" >&2
  exit 1
fi
for study in "${cases[@]}"; do
  echo "Sample study: $study"
  ./build/release/app/dinolens-cli info "$study" > /dev/null
done

# Two real models: the demo model (models/demo) and, to compare with, the earlier demo trained on tumour slices
# only (models/demo-tumour-only), when it is shipped; else the demo model against itself.
model=models/demo
compare=models/demo-tumour-only
[[ -f $compare/config.json ]] || compare=$model
work=build/release/sample
mkdir -p "$work"

if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
  exec ./build/release/app/dinolens --model "$model" "${cases[@]}"
fi
echo "No display: running the sample job headless on each case"
for study in "${cases[@]}"; do
  name=$(basename "$(dirname "$study")")-$(basename "$study" .nii.gz)
  QT_QPA_PLATFORM=offscreen ./build/release/app/dinolens --headless "$work/report/$name" --model "$model" \
    --compare-model "$compare" "$study"
  grep -E "Verdict|volume|Dice" "$work/report/$name/report.md" || true
done
echo "Results in $(pwd)/$work/report (report.md and screenshots per case)"
