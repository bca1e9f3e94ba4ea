#!/bin/sh
# Trains a head on a packed dataset, resumes the finished run, evaluates it: the whole model workflow without imaging libraries.
set -eu
cli=$1
. "$(dirname "$0")/common.sh"
rm -rf run eval
"$cli" train --data "$pack" --base-model random-small --resolution 112 --epochs 2 --batch-size 4 --threads 2 \
  --out run
test -f run/config.json && test -f run/head.safetensors
grep -q '"epoch": 2' run/metrics.json
# Resuming a finished run trains nothing more and keeps what it wrote.
cp run/metrics.json metrics-before.json
"$cli" train --data "$pack" --base-model random-small --resolution 112 --epochs 2 --batch-size 4 --threads 2 \
  --out run --resume
cmp run/metrics.json metrics-before.json
"$cli" evaluate --run run --data "$pack" --split valid --out eval | tee evaluate.txt
grep -q '"dice"' eval/metrics.json
grep -q '"detection"' eval/metrics.json
grep -q 'without tumour' evaluate.txt
# The pack at another resolution than the run's is refused with the reason.
if "$cli" train --data "$pack" --base-model random-small --resolution 224 --epochs 1 --out run224 > wrong.txt 2>&1; then
  echo "a pack at 112 pixels trained at 224"
  exit 1
fi
grep -q "112" wrong.txt
