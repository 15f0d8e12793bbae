#!/usr/bin/env bash
# NativeAOT smoke test: takes gw as tools/build.sh published it with NativeAOT (build/aot), replays
# the bundled capture through the file and DPDK backends, and checks that the AOT binary reports the
# same counts as the JIT build. Prints "aot-smoke: passed" or "aot-smoke: FAILED ..." and exits 0/1.
set -uo pipefail
cd "$(dirname "$0")/.."

out=build/aot
if [ ! -x "$out/gw" ]; then
  echo "aot-smoke: FAILED (no $out/gw: run tools/build.sh)"
  exit 1
fi

jit="dotnet src/Gateway.Host/bin/Release/net10.0/gw.dll"
for backend in file dpdk; do
  "$out/gw" replay pcaps/demo-udp.pcap --backend "$backend" --quiet --stats-out build/aot-$backend.json || { echo "aot-smoke: FAILED ($backend exit $?)"; exit 1; }
  $jit replay pcaps/demo-udp.pcap --backend "$backend" --quiet --stats-out build/jit-$backend.json || { echo "aot-smoke: FAILED (jit $backend)"; exit 1; }
  for key in packets bytes datagrams malformed_frames; do
    a=$(grep -E "\"$key\":" build/aot-$backend.json | head -1 | tr -dc '0-9')
    j=$(grep -E "\"$key\":" build/jit-$backend.json | head -1 | tr -dc '0-9')
    if [ -z "$a" ] || [ "$a" != "$j" ]; then
      echo "aot-smoke: FAILED ($backend $key: aot '$a' jit '$j')"
      exit 1
    fi
  done
  alloc=$(grep -E '"hot_path_allocated_bytes":' build/aot-$backend.json | tr -dc '0-9-')
  echo "aot-smoke: $backend backend: $(grep -E '"packets":' build/aot-$backend.json | tr -dc '0-9') packets, same counts as JIT, hot-path allocation $alloc"
done
echo "aot-smoke: passed"
