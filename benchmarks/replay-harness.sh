#!/usr/bin/env bash
# The end-to-end packet-path harness: gw replay (NativeAOT build) over generated captures of 2 M
# frames, each backend RUNS times, median packets/s; then the C references on the same files.
# Usage: benchmarks/replay-harness.sh [RUNS]   (after tools/build.sh; writes captures to $TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dir=${TMPDIR:-/tmp}/gw-harness
mkdir -p "$dir"
gw=build/aot/gw

# 2 M frames each: NASDAQ-like (A/B lines, 1-8 message blocks, ~244 B a record) and small (~118 B).
[ -f "$dir/nasdaq-like.pcap" ] || $gw gen frames --out "$dir/nasdaq-like.pcap" --packets 1000000 --lines 2 --seed 3 >/dev/null
[ -f "$dir/small.pcap" ] || $gw gen frames --out "$dir/small.pcap" --packets 2000000 --max-messages 1 --seed 3 >/dev/null

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for capture in nasdaq-like small; do
  file="$dir/$capture.pcap"
  echo "== $capture.pcap ($(stat -c %s "$file") bytes)"
  for backend in file dpdk libpcap; do
    rates=$(for _ in $(seq "$runs"); do
      $gw replay "$file" --backend "$backend" --no-feed --quiet --stats-out "$dir/s.json"
      grep -E '"packets_per_second"' "$dir/s.json" | tr -dc '0-9.'; echo
    done | median)
    printf '  gw replay --backend %-8s median %12.0f packets/s over %s runs\n' "$backend" "$rates" "$runs"
  done
  for pf in 0 2048; do
    printf '  C pcap_walk (prefetch %4s)   ' "$pf"; build/native/pcap_walk "$file" "$pf"
  done
  printf '  C rx_baseline (net_pcap)      '
  build/native/rx_baseline 100000000 --no-huge --no-pci --no-shconf -m 1024 -l 0 --no-telemetry --log-level=error \
    "--vdev=net_pcap0,rx_pcap=$file"
done
