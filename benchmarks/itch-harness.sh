#!/usr/bin/env bash
# Market data end to end: gw replay (NativeAOT) decode + book and decode only, on a BinaryFILE and
# on the A/B pcap of the same stream, RUNS interleaved rounds, ns a message each; with
# REFERENCE=/path/to/binary also a C++ book builder that reads the BinaryFILE on stdin and prints
# "... N nanos per packet" as its last line (charles-cooper/itch-order-book, built outside the
# repository: see benchmarks/RESULTS.md). Interleaving keeps the ratios honest on a shared machine.
# Usage: benchmarks/itch-harness.sh BINARYFILE PCAP [RUNS]   (after tools/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?BinaryFILE}
pcap=${2:?pcap of the same stream}
runs=${3:-5}
gw=build/aot/gw
stats=$(mktemp)
trap 'rm -f "$stats"' EXIT

# Host contention: the throughput probe's min-max over three slices (a flat, low figure is a quiet
# host; see native/bench/cpuprobe.c). Empty when the probe was not built.
probe() {
  if [ -x build/native/cpuprobe ]; then
    build/native/cpuprobe 3 | awk '/^throughput/ { gsub(/[(,)]/, ""); printf ", probe %s-%s ns", $(NF-4), $(NF-2) }'
  fi
}

ns() { # ns a message from the last replay's messages_per_second
  awk -v r="$(grep '"messages_per_second"' "$stats" | tr -dc '0-9.')" 'BEGIN { printf "%.1f", 1e9 / r }'
}

for i in $(seq "$runs"); do
  line="round $i ns/message:"
  if [ -n "${REFERENCE:-}" ]; then
    line="$line reference $("$REFERENCE" <"$binary" | tail -1 | awk '{ print $(NF-3) }') |"
  fi
  $gw replay "$binary" --stats-out "$stats" -q; line="$line BinaryFILE book $(ns)"
  $gw replay "$binary" --decode-only --stats-out "$stats" -q; line="$line decode-only $(ns) |"
  $gw replay "$pcap" --stats-out "$stats" -q; line="$line A/B pcap book $(ns)"
  $gw replay "$pcap" --decode-only --stats-out "$stats" -q; line="$line decode-only $(ns)"
  echo "$line (load $(cut -d' ' -f1 /proc/loadavg)$(probe))"
done
