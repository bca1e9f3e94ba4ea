#!/usr/bin/env bash
# Builds the Debian package, installs it with apt-get, runs the installed programs, purges it and runs lintian.
# Each check prints "test-package: PASS <what>" or "test-package: FAIL <what>"; the exit status is non-zero when any
# check failed. Needs root (apt-get). Usage: packaging/test-package.sh [path/to/dinolens_*.deb]
#   without an argument the package is built first (packaging/build-deb.sh).
# Environment: DINOLENS_DATA (real-data folder, default ../shared/data), JOBS (build jobs).
set -uo pipefail
cd "$(dirname "$0")/.."
source_dir=$(pwd)
data=${DINOLENS_DATA:-$(cd .. && pwd)/shared/data}
failures=0
work=$(mktemp -d /tmp/dinolens-package-test.XXXXXX)
server_pid=""

pass() { echo "test-package: PASS $*"; }
fail() { echo "test-package: FAIL $*"; failures=$((failures + 1)); }
# check <description> <command...>: runs the command with its output in $work/log, PASS or FAIL with the log's tail.
check() {
  local what=$1
  shift
  if "$@" > "$work/log" 2>&1; then
    pass "$what"
  else
    fail "$what (exit $?): $*"
    tail -n 20 "$work/log" | sed 's/^/    /'
  fi
}
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
  if ((failures == 0)); then rm -rf "$work"; else echo "test-package: logs kept in $work"; fi
}
trap cleanup EXIT

if [[ $(id -u) -ne 0 ]]; then
  echo "test-package: needs root (apt-get install, purge)" >&2
  exit 2
fi

# 1. The package
if [[ $# -ge 1 ]]; then
  deb=$1
else
  if ! deb=$(./packaging/build-deb.sh); then
    echo "test-package: FAIL build-deb.sh"
    exit 1
  fi
fi
[[ $deb == /* ]] || deb=$source_dir/$deb
echo "test-package: package $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p' | sed 's/^/    /'

# 2. Static checks of the files it ships
extract=$work/extract
dpkg-deb -x "$deb" "$extract"
check "appstreamcli validate accepts the metainfo" appstreamcli validate --no-net \
  "$extract"/usr/share/metainfo/*.metainfo.xml
check "desktop-file-validate accepts the desktop entry" desktop-file-validate \
  "$extract"/usr/share/applications/*.desktop
lintian_log=$work/lintian.txt
lintian --info "$deb" > "$lintian_log" 2>&1
sed 's/^/    lintian: /' "$lintian_log"
if grep -q '^E:' "$lintian_log"; then
  fail "lintian reports errors"
else
  pass "lintian reports no errors ($(grep -c '^W:' "$lintian_log") warnings)"
fi

# 3. Install and run, with no DinoLens variable set and from a folder outside the source tree
unset DINOLENS_MODELS DINOLENS_DATA_DIR
export DEBIAN_FRONTEND=noninteractive
apt-get purge -y -q dinolens > /dev/null 2>&1 || true
if ! apt-get install -y -q "$deb" > "$work/install.log" 2>&1; then
  fail "apt-get install $deb"
  tail -n 30 "$work/install.log" | sed 's/^/    /'
  exit 1
fi
pass "apt-get install $(basename "$deb")"
cd "$work"

for program in dinolens-cli dinolens-server dinolens; do
  if version=$(/usr/bin/$program --version 2>&1) && [[ $version == *" $(dpkg-query -W -f='${Version}' dinolens | cut -d- -f1)"* ]]; then
    pass "$program --version: $version"
  else
    fail "$program --version printed: $version"
  fi
  check "man page of $program" man -w "$program"
done
check "systemd-analyze verify accepts the server unit" systemd-analyze verify --man=no \
  /lib/systemd/system/dinolens-server.service

dicom=$(find "$data/dicom/series-dwi-sag48" -name '*.dcm' 2>/dev/null | sort | head -n 1)
nifti=$(find "$data/nifti" -name 'Post_Scan_T1.nii.gz' 2>/dev/null | sort | head -n 1)
if [[ -n $dicom ]]; then
  check "dinolens-cli info $dicom" /usr/bin/dinolens-cli info "$dicom"
else
  fail "no DICOM file under $data/dicom/series-dwi-sag48 (set DINOLENS_DATA)"
fi

# A model command, handed by dinolens-cli to /usr/libexec/dinolens/dinolens-cli-full, with the installed demo model.
image=$(find "$data/brain-tumor/valid/images" -name '*.jpg' 2>/dev/null | sort | head -n 1)
# A picture read by the installed image codecs module (loaded on demand from /usr/lib/<multiarch>/dinolens). The
# loader's trace goes to a file first: `| grep -q` under pipefail fails whenever grep stops reading before the
# program has written its last line (SIGPIPE).
if [[ -n $image ]] && LD_DEBUG=files /usr/bin/dinolens-cli info "$image" > /dev/null 2> "$work/ld-debug.txt" \
  && grep -q "file=/usr/lib/.*/dinolens/libdinolens_image_codecs.so" "$work/ld-debug.txt"; then
  pass "dinolens-cli info on a JPEG loads the installed image codecs module"
else
  fail "dinolens-cli info on a JPEG did not load /usr/lib/<multiarch>/dinolens/libdinolens_image_codecs.so"
fi
if [[ -n $image ]]; then
  check "dinolens-cli predict --model demo $(basename "$image")" /usr/bin/dinolens-cli predict --model demo \
    --out "$work/predict" "$image"
else
  fail "no image under $data/brain-tumor/valid/images (set DINOLENS_DATA)"
fi

# A shared DICOM series segmented as a volume with the installed demo model: mask, summary and (with a tumour) SEG.
if [[ -n $dicom ]]; then
  check "dinolens-cli segment --model demo $(dirname "$dicom")" /usr/bin/dinolens-cli segment --model demo \
    --threads 2 --out "$work/segment" "$(dirname "$dicom")"
  check "segment wrote mask.nii.gz and summary.json" test -s "$work/segment/mask.nii.gz" -a \
    -s "$work/segment/summary.json"
fi

# The viewer starts without LibTorch and loads the installed engine module on its first model (traces to files, as
# above).
if QT_QPA_PLATFORM=offscreen LD_DEBUG=files /usr/bin/dinolens --quit-after-first-window > /dev/null \
  2> "$work/ld-debug-viewer.txt" && grep -q "file=libQt6Widgets" "$work/ld-debug-viewer.txt" \
  && ! grep -q "file=.*libtorch" "$work/ld-debug-viewer.txt"; then
  pass "the viewer shows its first window without loading LibTorch"
else
  fail "the viewer's first window: $(grep -o 'file=[^ ]*libtorch[^ ]*' "$work/ld-debug-viewer.txt" | head -n 1)"
fi

# The installed demo model, found with no variable set (--model demo).
if [[ -n $nifti ]]; then
  check "viewer headless sample job with the installed demo model" env QT_QPA_PLATFORM=offscreen \
    xvfb-run -a env LD_DEBUG=files LD_DEBUG_OUTPUT="$work/ld-debug-headless" /usr/bin/dinolens \
    --headless "$work/headless" --model demo "$nifti"
  if grep -q "file=/usr/lib/.*/dinolens/libdinolens_engine.so" "$work"/ld-debug-headless.* 2> /dev/null; then
    pass "the viewer's model job loads the installed engine module"
  else
    fail "the viewer's model job did not load /usr/lib/<multiarch>/dinolens/libdinolens_engine.so"
  fi
  if grep -q '/usr/share/dinolens/models/demo' "$work/headless/report.md" 2>/dev/null; then
    pass "headless report names the installed demo model"
  else
    fail "headless report does not name /usr/share/dinolens/models/demo"
  fi
  if [[ -f $work/headless/report.md ]]; then pass "headless report.md written"; else fail "no headless report.md"; fi
else
  fail "no NIfTI volume under $data/nifti (set DINOLENS_DATA)"
fi

# The server's health check on a free loopback port, with the installed demo model as its default.
/usr/bin/dinolens-server --host 127.0.0.1 --port 0 > "$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^dinolens-server listening on port \([0-9]*\)$/\1/p' "$work/server.log")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
if [[ -n $port ]]; then
  check "server /v1/health on 127.0.0.1:$port" curl -fsS "http://127.0.0.1:$port/v1/health"
  models=$(curl -fsS "http://127.0.0.1:$port/v1/models" 2>&1)
  if grep -q '/usr/share/dinolens/models/demo\|"demo"' <<< "$models"; then
    pass "server lists the installed demo model"
  else
    fail "server does not list the installed demo model: $(curl -sS "http://127.0.0.1:$port/v1/models" 2>&1)"
  fi
  kill -TERM "$server_pid"
  if wait "$server_pid"; then pass "server stops on SIGTERM"; else fail "server exit status on SIGTERM"; fi
else
  fail "dinolens-server did not start"
  sed 's/^/    /' "$work/server.log"
  kill "$server_pid" 2>/dev/null || true
fi
server_pid=""

# The server's system user and token, and the unit left disabled.
check "system user dinolens" getent passwd dinolens
if [[ $(stat -c '%a %U:%G' /etc/dinolens/token 2>/dev/null) == "640 root:dinolens" ]] && [[ -s /etc/dinolens/token ]]; then
  pass "/etc/dinolens/token is 0640 root:dinolens"
else
  fail "/etc/dinolens/token: $(stat -c '%a %U:%G %s bytes' /etc/dinolens/token 2>&1)"
fi
if [[ ! -e /etc/systemd/system/multi-user.target.wants/dinolens-server.service ]]; then
  pass "dinolens-server.service is not enabled"
else
  fail "dinolens-server.service was enabled by the installation"
fi

# Start-up figures of the installed programs (printed, not checked: they depend on the machine's load).
if /usr/bin/dinolens-cli bench startup --repeats 3 ${dicom:+--dicom "$dicom"} > "$work/startup.txt" 2>&1; then
  pass "dinolens-cli bench startup"
else
  fail "dinolens-cli bench startup"
fi
sed 's/^/    /' "$work/startup.txt"

# 4. Purge
cd "$source_dir"
check "apt-get purge dinolens" apt-get purge -y -q dinolens
for leftover in /usr/share/dinolens /usr/bin/dinolens /usr/bin/dinolens-cli /usr/bin/dinolens-server /etc/dinolens \
  /usr/libexec/dinolens /usr/lib/"$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"/dinolens \
  /usr/share/doc/dinolens /lib/systemd/system/dinolens-server.service; do
  if [[ -e $leftover ]]; then fail "left after purge: $leftover"; else pass "removed by purge: $leftover"; fi
done

if ((failures > 0)); then
  echo "test-package: $failures check(s) FAILED"
  exit 1
fi
echo "test-package: all checks passed"
