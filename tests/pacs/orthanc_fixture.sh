#!/usr/bin/env bash
# CTest fixture of the PACS tests: `start <dir> <series folder>` runs a real Orthanc (Debian's /usr/sbin/Orthanc with
# its DICOMweb plugin) as an ordinary process on loopback, with its own configuration, free ports and a storage folder
# under <dir>, loads it with the DICOM files of <series folder> through its REST API, and writes <dir>/orthanc.env
# for the tests; `stop <dir>` ends it and removes its storage. Our AE title DINOLENS is a modality with every
# permission (C-GET included, and C-MOVE to this machine's move port); NOGET is one that Orthanc refuses C-GET but
# may C-MOVE to itself, for the C-MOVE fallback. DicomAlwaysAllowGet is off because it would override that refusal. It never uses the system service or its ports.
# When Orthanc or the data is missing, orthanc.env says UNAVAILABLE=<why> and the tests skip with that reason.
set -euo pipefail

command=${1:?start|stop}
dir=${2:?fixture folder}
orthanc=${DINOLENS_ORTHANC:-/usr/sbin/Orthanc}
plugin=${DINOLENS_ORTHANC_DICOMWEB:-/usr/share/orthanc/plugins/libOrthancDicomWeb.so}
state="$dir/orthanc.env"

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if port_is_free "$port" && [[ " ${taken[*]:-} " != *" $port "* ]]; then
      taken+=("$port")
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

stop_orthanc() {
  if [[ -f "$state" ]]; then
    local pid
    pid=$(sed -n 's/^PID=//p' "$state")
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
  fi
  rm -rf "$dir/storage"
}

unavailable() {
  echo "UNAVAILABLE=$1" > "$state"
  echo "orthanc fixture: $1 (the PACS tests will skip)"
  exit 0
}

write_configuration() {
  cat > "$dir/orthanc.json" <<JSON
{
  "Name": "DinoLens test PACS",
  "StorageDirectory": "$dir/storage",
  "IndexDirectory": "$dir/storage",
  "HttpPort": $http_port,
  "DicomPort": $dicom_port,
  "DicomAet": "ORTHANC",
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "HttpBindAddress": "127.0.0.1",
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowEcho": true,
  "DicomAlwaysAllowStore": true,
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowGet": false,
  "DicomAlwaysAllowMove": true,
  "DicomModalities": {
    "dinolens": [ "DINOLENS", "127.0.0.1", $move_port ],
    "noget": { "AET": "NOGET", "Host": "127.0.0.1", "Port": $move_port, "AllowGet": false }
  },
  "Plugins": [ "$plugin" ],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" },
  "StableAge": 1,
  "ConcurrentJobs": 2
}
JSON
}

load_series() {
  local loaded=0
  for file in "$1"/*; do
    [[ -f "$file" ]] || continue
    if curl -sf -o /dev/null -X POST --data-binary "@$file" "http://127.0.0.1:$http_port/instances"; then
      loaded=$((loaded + 1))
    fi
  done
  echo "$loaded"
}

case "$command" in
stop)
  stop_orthanc
  exit 0
  ;;
start)
  series=${3:?series folder}
  mkdir -p "$dir"
  stop_orthanc
  [[ -x "$orthanc" ]] || unavailable "Orthanc is not installed at $orthanc (Debian packages orthanc, orthanc-dicomweb)"
  [[ -f "$plugin" ]] || unavailable "the Orthanc DICOMweb plugin is not at $plugin (Debian package orthanc-dicomweb)"
  [[ -d "$series" ]] || unavailable "the DICOM series $series is missing; set DINOLENS_DATA to the data folder"
  command -v curl >/dev/null || unavailable "curl is not installed"
  taken=()
  http_port=$(free_port); dicom_port=$(free_port); move_port=$(free_port)
  write_configuration
  setsid "$orthanc" "$dir/orthanc.json" > "$dir/orthanc.log" 2>&1 < /dev/null &
  pid=$!
  echo "PID=$pid" > "$state"
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$http_port/system" && break
    kill -0 "$pid" 2>/dev/null || { tail -20 "$dir/orthanc.log"; echo "Orthanc did not start"; exit 1; }
    sleep 0.1
  done
  loaded=$(load_series "$series")
  [[ "$loaded" -gt 0 ]] || { echo "Orthanc accepted none of the files of $series"; stop_orthanc; exit 1; }
  cat > "$state" <<ENV
PID=$pid
HTTP_PORT=$http_port
DICOM_PORT=$dicom_port
MOVE_PORT=$move_port
AE_TITLE=ORTHANC
LOADED=$loaded
ENV
  echo "orthanc fixture: Orthanc $pid on http $http_port, dicom $dicom_port; $loaded instances loaded"
  ;;
*)
  echo "usage: $0 start|stop <dir> [series folder]" >&2
  exit 2
  ;;
esac
