#!/usr/bin/env bash
# FIX order round trips between processes on loopback: the NativeAOT gw fix-client (busy-polling)
# against three venues, interleaved RUNS times:
#   gw-spin     gw venue --spin (busy-polling acceptor)
#   gw-backoff  gw venue (spins briefly, then yields and sleeps when idle)
#   quickfix    qf_peer --role acceptor --mode fill (QuickFIX C++ 1.15.1, its own socket threads)
# Each run sends ORDERS NewOrderSingles one at a time (WARMUP first, not counted) and reports the
# median and 99th percentile of send -> first ExecutionReport. Usage:
#   benchmarks/fix-roundtrip.sh [RUNS] [ORDERS] [WARMUP]      (after tools/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
ORDERS=${2:-20000}
WARMUP=${3:-2000}
GW=build/aot/gw
QF=build/native/qf_peer
[[ -x $GW ]] || { echo "fix-roundtrip: $GW missing (tools/build.sh)"; exit 1; }
[[ -x $QF ]] || { echo "fix-roundtrip: $QF missing (libquickfix-dev, tools/build.sh)"; exit 1; }
WORK=$(mktemp -d /tmp/fix-roundtrip.XXXXXX)
VENUE_PID=""
cleanup() { [[ -n $VENUE_PID ]] && kill "$VENUE_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

run_one() { # run_one NAME
  local name=$1 port dir
  port=$(free_port)
  dir=$WORK/$name-$RANDOM
  mkdir -p "$dir"
  case $name in
    gw-spin)    $GW venue --port "$port" --store "$dir/v" --spin >"$dir/venue.out" 2>/dev/null & ;;
    gw-backoff) $GW venue --port "$port" --store "$dir/v" >"$dir/venue.out" 2>/dev/null & ;;
    quickfix)   $QF --role acceptor --port "$port" --sender VENUE --target GATEWAY --mode fill --timeout 0 --store "$dir/q" >"$dir/venue.out" 2>/dev/null & ;;
  esac
  VENUE_PID=$!
  for _ in $(seq 100); do grep -qE '^(LISTENING|READY)' "$dir/venue.out" 2>/dev/null && break; sleep 0.05; done
  $GW fix-client --port "$port" --store "$dir/c" --orders "$ORDERS" --warmup "$WARMUP" --spin --quiet \
      --stats-out "$dir/stats.json" --timeout 300 >/dev/null 2>"$dir/client.err" || { cat "$dir/client.err"; exit 1; }
  kill "$VENUE_PID" 2>/dev/null; wait "$VENUE_PID" 2>/dev/null || true; VENUE_PID=""
  python3 - "$name" "$dir/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[2]))
r = s["round_trip_ns"]
print(f"{sys.argv[1]:11s} orders {r['count']:6d}  p50 {r['p50']/1000:8.1f} us  p99 {r['p99']/1000:8.1f} us  max {r['max']/1000:9.1f} us  alloc {s['hot_path_allocated_bytes']} B")
PY
}

echo "fix-roundtrip: $RUNS runs x (gw-spin, gw-backoff, quickfix), $ORDERS orders ($WARMUP warm-up) each; $(nproc) CPUs"
for r in $(seq "$RUNS"); do
  for v in gw-spin gw-backoff quickfix; do
    run_one "$v"
  done
done
