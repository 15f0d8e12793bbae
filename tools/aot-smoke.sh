#!/usr/bin/env bash
# NativeAOT smoke test: takes gw as tools/build.sh published it with NativeAOT (build/aot) and
#  1. replays the bundled capture through the file and DPDK backends and checks that the AOT binary
#     reports the same counts as the JIT build;
#  2. replays a generated ITCH capture long enough to get past the polling loop's warm-up (10,000
#     packets) through the file, DPDK and libpcap backends and fails unless the loop allocated
#     exactly 0 bytes after warm-up (-1 means warm-up was never reached: also a failure);
#  3. checks which vector width the AOT build's FIX tokenizer takes (gw version) against the CPU.
# Prints "aot-smoke: passed" or "aot-smoke: FAILED ..." and exits 0/1.
set -uo pipefail
cd "$(dirname "$0")/.."

out=build/aot
work=build/aot-smoke
if [ ! -x "$out/gw" ]; then
  echo "aot-smoke: FAILED (no $out/gw: run tools/build.sh)"
  exit 1
fi
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

json_number() { # json_number FILE KEY: the first integer value of "KEY" (may be negative)
  grep -E "\"$2\":" "$1" | head -1 | sed -E 's/.*: *(-?[0-9]+).*/\1/'
}

jit="dotnet src/Gateway.Host/bin/Release/net10.0/gw.dll"
for backend in file dpdk; do
  "$out/gw" replay pcaps/demo-udp.pcap --backend "$backend" --quiet --stats-out "$work/aot-$backend.json" || { echo "aot-smoke: FAILED ($backend exit $?)"; exit 1; }
  $jit replay pcaps/demo-udp.pcap --backend "$backend" --quiet --stats-out "$work/jit-$backend.json" || { echo "aot-smoke: FAILED (jit $backend)"; exit 1; }
  for key in packets bytes datagrams malformed_frames; do
    a=$(json_number "$work/aot-$backend.json" "$key")
    j=$(json_number "$work/jit-$backend.json" "$key")
    if [ -z "$a" ] || [ "$a" != "$j" ]; then
      echo "aot-smoke: FAILED ($backend $key: aot '$a' jit '$j')"
      exit 1
    fi
  done
  echo "aot-smoke: $backend backend: $(json_number "$work/aot-$backend.json" packets) packets, same counts as JIT"
done

# Past warm-up: ~50,000 frames of ITCH over MoldUDP64 on two lines, the whole feed running.
"$out/gw" gen itch --out "$work/steady.pcap" --messages 400000 --lines 2 --seed 11 >/dev/null || { echo "aot-smoke: FAILED (gen itch)"; exit 1; }
for backend in file dpdk libpcap; do
  "$out/gw" replay "$work/steady.pcap" --backend "$backend" --quiet --stats-out "$work/steady-$backend.json" || { echo "aot-smoke: FAILED (steady $backend exit $?)"; exit 1; }
  packets=$(json_number "$work/steady-$backend.json" packets)
  messages=$(json_number "$work/steady-$backend.json" messages)
  alloc=$(json_number "$work/steady-$backend.json" hot_path_allocated_bytes)
  if [ -z "$packets" ] || [ "$packets" -le 10000 ]; then
    echo "aot-smoke: FAILED ($backend: $packets packets does not get past the 10,000-packet warm-up)"
    exit 1
  fi
  if [ "$alloc" != "0" ]; then
    echo "aot-smoke: FAILED ($backend: the polling loop allocated '$alloc' bytes after warm-up over $packets packets)"
    exit 1
  fi
  echo "aot-smoke: $backend backend: $packets packets, $messages messages, 0 bytes allocated after warm-up"
done

# The vector width the AOT build's FIX tokenizer runs at, against what the CPU offers.
width=$("$out/gw" version | sed -nE 's/^fix-tokenizer-vector-bits: ([0-9]+).*/\1/p')
if grep -qw avx512bw /proc/cpuinfo; then want=512; elif grep -qw avx2 /proc/cpuinfo; then want=256; else want=128; fi
if [ "$width" != "$want" ]; then
  echo "aot-smoke: FAILED (the AOT build's FIX tokenizer runs at '$width' bits; this CPU offers $want)"
  exit 1
fi
echo "aot-smoke: FIX tokenizer at $width-bit vectors, the widest this CPU offers"
echo "aot-smoke: passed"
