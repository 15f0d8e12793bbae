#!/usr/bin/env bash
# Tick-to-trade harness: gw replay (NativeAOT build) through DPDK net_pcap with threshold-taker on,
# the engine pinned, orders encoded and handed to the counting sink, RUNS times; median and range of
# each percentile, overall and per stage. Interleaved in the same loop with a reference command when
# REFERENCE is set (a program that takes the capture and prints one line "REFERENCE p50_ns=..
# p99_ns=.. p999_ns=.. max_ns=.. count=.."), so both see the same machine state.
#
# Usage: benchmarks/tick-to-trade.sh [RUNS]          (after tools/build.sh; as root, for DPDK)
# Environment:
#   DIR        where the captures are generated (default $TMPDIR/gw-t2t or /tmp/gw-t2t)
#   REFERENCE  optional reference runner (see above); run on day.pcap
#   WRAP       optional prefix for every timed command, e.g. WRAP="chrt -f 1"
#   CPU        core of the engine (default: the last one)
#
# Workloads (both 1 line, no VLAN, so a reference that skips fixed headers can read them too):
#   day.pcap  10 M messages over 8,000 instruments (gw gen itch --seed 3): a real day's skew.
#             "one"  : a taker on the busiest instrument only (AAAA), the reference's workload;
#             "wide" : takers on the 64 busiest instruments, so many more orders are timed.
#   hot.pcap  2 M messages over 16 instruments, a taker on each: prices move often, the order path
#             stays in cache; the most orders per message.
# The takers' thresholds are wide open (buy at or below 199,999, sell at or above 0.0001) so every
# best-price change of a followed instrument becomes an order; the order rate limit is lifted
# (risk still runs every check). Nothing else may run meanwhile: the script prints `uptime` first
# and last.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
dir=${DIR:-${TMPDIR:-/tmp}/gw-t2t}
cpu=${CPU:-$(($(nproc) - 1))}
gw=build/aot/gw
[ -x "$gw" ] || { echo "no $gw: run tools/build.sh first" >&2; exit 1; }
mkdir -p "$dir"

[ -f "$dir/day.pcap" ] || $gw gen itch --out "$dir/day.pcap" --messages 10000000 --instruments 8000 \
  --lines 1 --vlans 0 --seed 3 >/dev/null
[ -f "$dir/hot.pcap" ] || $gw gen itch --out "$dir/hot.pcap" --messages 2000000 --instruments 16 \
  --lines 1 --vlans 0 --seed 5 >/dev/null

# Symbols are AAAA, AAAB, ... by stock locate; the generator makes the low locates the busiest.
symbols() {
  local n=$1 i s
  for ((i = 0; i < n; i++)); do
    s=$(printf "\\x$(printf %x $((65 + i / 676 % 26)))\\x$(printf %x $((65 + i / 26 % 26)))\\x$(printf %x $((65 + i % 26)))")
    printf 'A%s:199999:0.0001:100\n' "$s"
  done | paste -sd,
}

declare -A takers=([one]=$(symbols 1) [wide]=$(symbols 64) [hot]=$(symbols 16))
declare -A capture=([one]=day [wide]=day [hot]=hot)
workloads=(one wide hot)
stages=(decode book strategy risk encode journal send_call)

# Host contention (see native/bench/cpuprobe.c): a flat throughput figure is a quiet host.
probe() { if [ -x build/native/cpuprobe ]; then build/native/cpuprobe 3 | grep '^throughput' || true; fi; }

echo "uptime before: $(uptime)"
probe
results=$dir/results.tsv
: >"$results"
for run in $(seq "$runs"); do
  for w in "${workloads[@]}"; do
    ${WRAP:-} $gw replay "$dir/${capture[$w]}.pcap" --backend dpdk --cpu "$cpu" --quiet \
      --taker "${takers[$w]}" --Risk:MaxOrdersPerSecond=1000000 --stats-out "$dir/$w.json"
    jq -r --arg w "$w" '
      [$w, .tick_to_trade_ns.count, .tick_to_trade_ns.p50, .tick_to_trade_ns.p90, .tick_to_trade_ns.p99,
       .tick_to_trade_ns.p999, .tick_to_trade_ns.p9999, .tick_to_trade_ns.max, .messages,
       .gc_collections, .hot_path_allocated_bytes,
       (.tick_to_trade_stages_ns | .decode.p50, .book.p50, .strategy.p50, .risk.p50, .encode.p50,
         .journal.p50, .send_call.p50, .decode.p99, .book.p99, .strategy.p99, .risk.p99, .encode.p99,
         .journal.p99, .send_call.p99)] | @tsv' "$dir/$w.json" >>"$results"
  done
  if [ -n "${REFERENCE:-}" ]; then
    line=$(${WRAP:-} "$REFERENCE" "$dir/day.pcap" | grep '^REFERENCE')
    v() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    printf 'reference\t%s\t%s\t-\t%s\t-\t%s\t%s\n' "$(v count)" "$(v p50_ns)" "$(v p99_ns)" "$(v p999_ns)" "$(v max_ns)" >>"$results"
  fi
done
echo "uptime after:  $(uptime)"
probe

# Median and range of each column over the runs of one workload.
summary() {
  local w=$1 col=$2
  awk -F'\t' -v w="$w" -v c="$col" '$1 == w && $c != "-" { print $c }' "$results" | sort -n |
    awk '{ a[NR] = $1 } END { if (NR == 0) { print "-"; exit } printf "%s (%s-%s)", a[int((NR + 1) / 2)], a[1], a[NR] }'
}
echo
echo "tick-to-trade, ns: median (min-max) over $runs runs"
printf '%-10s %-8s %-18s %-18s %-18s %-22s %s\n' workload orders p50 p90 p99 p99.99 max
for w in "${workloads[@]}" ${REFERENCE:+reference}; do
  printf '%-10s %-8s %-18s %-18s %-18s %-22s %s\n' "$w" "$(summary "$w" 2)" "$(summary "$w" 3)" \
    "$(summary "$w" 4)" "$(summary "$w" 5)" "$(summary "$w" 7)" "$(summary "$w" 8)"
done
[ -n "${REFERENCE:-}" ] && echo "(reference: p99.9 in the p99.99 column; its count is the best-level changes it timed)"
echo
echo "per stage p50 / p99, ns (medians over the runs)"
printf '%-10s' workload; for s in "${stages[@]}"; do printf ' %-13s' "$s"; done; echo
for w in "${workloads[@]}"; do
  printf '%-10s' "$w"
  for i in "${!stages[@]}"; do
    p50=$(awk -F'\t' -v w="$w" -v c=$((12 + i)) '$1 == w { print $c }' "$results" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    p99=$(awk -F'\t' -v w="$w" -v c=$((19 + i)) '$1 == w { print $c }' "$results" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf ' %-13s' "$p50 / $p99"
  done
  echo
done
echo
awk -F'\t' '$1 != "reference" { m[$1] = $9; g[$1] += $10; a[$1] += $11 } END { for (w in m) printf "%s: %s messages a run, gc_collections %d, hot_path_allocated_bytes %d (summed over runs)\n", w, m[w], g[w], a[w] }' "$results"
