#!/bin/sh
# Image folders, datalists and images need the imaging build: each is refused with the way out, never a crash.
set -eu
cli=$1
mkdir -p folder/train/images folder/train/labels
if "$cli" train --data folder --base-model random-small --epochs 1 --out run > train.txt 2>&1; then
  echo "trained on an image folder without imaging"
  exit 1
fi
grep -q "dinolens-cli pack" train.txt
if "$cli" evaluate --run run --data folder --out eval > evaluate.txt 2>&1; then
  echo "evaluated without a run"
  exit 1
fi
printf 'not a pack' > broken.safetensors
if "$cli" train --data broken.safetensors --base-model random-small --epochs 1 --out run2 > broken.txt 2>&1; then
  echo "trained on a broken pack"
  exit 1
fi
grep -qi "safetensors\|header\|truncated" broken.txt
