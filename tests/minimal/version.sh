#!/bin/sh
# The launcher answers --version, and the full program lists the commands this build has (and not the others).
set -eu
cli=$1
"$cli" --version | grep -q '^dinolens-cli [0-9]'
help=$("$cli" --help)
for command in train evaluate features golden diff-tensors bench; do
  echo "$help" | grep -q "^  $command" || { echo "missing command $command in --help"; exit 1; }
done
for command in info segment predict pack pacs; do
  if echo "$help" | grep -q "^  $command "; then echo "unexpected command $command in this build"; exit 1; fi
done
# An imaging command gets a clear refusal, not a crash.
if "$cli" info /dev/null > out.txt 2>&1; then echo "info ran in a build without imaging"; exit 1; fi
grep -qi "info" out.txt
