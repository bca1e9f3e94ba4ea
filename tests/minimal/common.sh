# Sourced by the minimal tests that train: the packed dataset they use, or exit 77 (skipped) without it.
pack=${DINOLENS_PACK:-}
if [ ! -f "$pack" ]; then
  echo "SKIP: no packed dataset (DINOLENS_PACK; packaging/test-minimal-build.sh writes one with a full build)"
  exit 77
fi
