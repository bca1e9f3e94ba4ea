#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds DinoLens and opens the sample study: the tumour volume from the real data
# (DINOLENS_DATA, default ../shared/data) where present, else the human T1 brain that Debian's mricron-data
# installs. Until the viewer lands this prints what the command-line tool finds in the study.
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
./build/release/app/dinolens-cli info "$sample"
