#!/bin/sh
# Two ranks on loopback (c10d Gloo) train on a packed dataset like one process with the same global batch.
set -eu
cli=$1
. "$(dirname "$0")/common.sh"
rm -rf single ranked
common="--data $pack --base-model random-small --resolution 112 --epochs 1 --batch-size 4 --no-validation"
"$cli" train $common --threads 1 --out single
port=$((29500 + $$ % 1000))
"$cli" train $common --threads 1 --out ranked --rank 1 --world-size 2 --master-addr 127.0.0.1 --master-port $port \
  > rank1.txt 2>&1 &
"$cli" train $common --threads 1 --out ranked --rank 0 --world-size 2 --master-addr 127.0.0.1 --master-port $port \
  | tee rank0.txt
wait $!
grep -q "rank 0 of 2" rank0.txt
"$cli" diff-tensors single/head.safetensors ranked/head.safetensors --tolerance 1e-4
