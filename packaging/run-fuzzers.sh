#!/usr/bin/env bash
# Runs each libFuzzer target for a few seconds, seeded with real files (DINOLENS_DATA) and the small seeds in
# tests/fuzz/corpus. Fails when a target finds a crash, a leak, a hang (> 10 s) or runs over 2 GiB.
# Usage: packaging/run-fuzzers.sh <folder with fuzz_* binaries> [seconds per target]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
seconds=${2:-30}
data=${DINOLENS_DATA:-$(cd .. && pwd)/shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/dicom" "$work/nifti" "$work/labels" "$work/dicomdir"
if [[ -d $data/dicom ]]; then
  find "$data/dicom/edge-pydicom" "$data/dicom/edge-nibabel" "$data/dicom/twelve-bit" -type f -name '*.dcm' \
    -size -400k -exec cp -t "$work/dicom" {} +
  cp "$data/dicom/transfer-syntaxes/"*.dcm "$work/dicom/"
  mapfile -t labels < <(find "$data/brain-tumor/train/labels" -type f -name '*.txt' | sort)
  cp -t "$work/labels" "${labels[@]:0:50}"
else
  echo "run-fuzzers: $data not found (set DINOLENS_DATA); fuzzing from the built-in seeds only"
fi
cp tests/fuzz/corpus/nifti/* "$work/nifti/"
cp tests/fuzz/corpus/dicomdir/* "$work/dicomdir/"
mkdir -p "$work/server_request"
cp tests/fuzz/corpus/server/* "$work/server_request/"

for target in dicom nifti labels dicomdir server_request; do
  echo "fuzz_$target: ${seconds}s"
  "$bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=400000 \
    -artifact_prefix="$work/" -print_final_stats=1 "$work/$target" 2>"$work/$target.log" \
    || { tail -50 "$work/$target.log"; echo "fuzz_$target FAILED"; exit 1; }
  grep -E 'stat::number_of_executed_units|Done' "$work/$target.log" | tail -2
done
