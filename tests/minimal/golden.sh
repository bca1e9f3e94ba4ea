#!/bin/sh
# Every golden case of the data folder matches the reference forward pass (max |diff| within its tolerance).
set -eu
cli=$1
golden=${DINOLENS_DATA:-$DINOLENS_DEFAULT_DATA}/golden
if [ ! -f "$golden/manifest.json" ]; then
  echo "SKIP: no golden cases under ${DINOLENS_DATA:-$DINOLENS_DEFAULT_DATA} (set DINOLENS_DATA to the data folder)"
  exit 77
fi
"$cli" golden --dir "$golden" --threads 2 | tee golden.txt
grep -q ' 0 failed$' golden.txt
# A changed reference is caught: one file against itself passes, against another case's output fails.
"$cli" diff-tensors "$golden/v2_mlp_224x168.output.safetensors" "$golden/v2_mlp_224x168.output.safetensors"
if "$cli" diff-tensors "$golden/v2_mlp_224x168.output.safetensors" "$golden/v2_mlp_b2_224x224.output.safetensors"; then
  echo "diff-tensors accepted different tensors"
  exit 1
fi
