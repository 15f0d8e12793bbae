#!/usr/bin/env bash
# Self-test of tools/lab.sh (run by tools/test.sh after the build):
#   1. a quick lab, every ingress, both venues: exits 0 only when every order reached the venue and
#      matched its trigger; the JSON has one passing row per run
#   2. a second lab right after: it must start and pass (nothing the first one made is in the way),
#      and after each run no namespace, veth or process of the lab is left
#   3. a lab interrupted (SIGINT) while the gateway runs: exits 130 and leaves nothing behind
# Prints "lab-selftest: passed" or "lab-selftest: FAILED (...)"; exit status to match.
set -uo pipefail
# Job control on: a background job of a script otherwise starts with SIGINT ignored, and lab 3 must
# be able to interrupt one.
set -m
cd "$(dirname "$0")/.."

WORK=$(mktemp -d /tmp/lab-selftest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
FAILS=()
fail() { FAILS+=("$1"); echo "lab-selftest: FAIL $1"; }

# leftovers PID: what lab.sh (whose pid was PID) left behind, one word per kind; nothing when clean.
leftovers() {
  local id="$1" left=()
  ip netns list | grep -q "gwlab-[a-z]*$id\b" && left+=("namespaces")
  ip -o link show | grep -Eq "(lmx|lox)$id[@:]" && left+=("veths")
  pgrep -f "$WORK/$2/" >/dev/null && left+=("processes")
  echo "${left[*]:-}"
}

# check_json FILE RUNS: RUNS rows, every one ok with orders
check_json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
want = int(sys.argv[2])
bad = [r for r in rows if not r.get("ok") or not r.get("orders") or r.get("matched") != r.get("orders")]
if len(rows) != want or bad:
    print(f"{len(rows)} rows (want {want}); failing: {[(r['ingress'], r['venue'], r.get('failure')) for r in bad]}")
    sys.exit(1)
PY
}

echo "== lab 1: every ingress, both venues (--quick)"
tools/lab.sh --quick --out "$WORK/one" --json "$WORK/one.json" > "$WORK/one.log" 2>&1 &
pid=$!; wait $pid; rc=$?
cat "$WORK/one.log"
[ "$rc" = 0 ] || fail "lab 1 exited $rc"
out=$(check_json "$WORK/one.json" 8) || fail "lab 1 table: $out"
left=$(leftovers "$pid" one); [ -z "$left" ] || fail "lab 1 left $left"

echo "== lab 2: run again (socket ingress, gw venue)"
tools/lab.sh --quick --ingress socket --venues gw --out "$WORK/two" --json "$WORK/two.json" > "$WORK/two.log" 2>&1 &
pid=$!; wait $pid; rc=$?
tail -n 4 "$WORK/two.log"
[ "$rc" = 0 ] || fail "lab 2 exited $rc"
out=$(check_json "$WORK/two.json" 1) || fail "lab 2 table: $out"
left=$(leftovers "$pid" two); [ -z "$left" ] || fail "lab 2 left $left"

echo "== lab 3: interrupted while the gateway runs"
tools/lab.sh --quick --ingress af_packet,socket --venues gw --out "$WORK/three" > "$WORK/three.log" 2>&1 &
pid=$!
for _ in $(seq 300); do grep -qs '^RUNNING' "$WORK"/three/*/gw.log && break; sleep 0.1; done
if grep -qs '^RUNNING' "$WORK"/three/*/gw.log; then
  kill -INT "$pid"
  rc=124
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || { wait "$pid"; rc=$?; break; }; sleep 0.1; done
  [ "$rc" = 130 ] || fail "interrupted lab exited $rc, not 130"
  left=$(leftovers "$pid" three); [ -z "$left" ] || fail "the interrupted lab left $left"
else
  fail "lab 3: the gateway never reported RUNNING"; kill -INT "$pid" 2>/dev/null; wait "$pid"
fi
tail -n 3 "$WORK/three.log"

if [ ${#FAILS[@]} -eq 0 ]; then echo "lab-selftest: passed"; else echo "lab-selftest: FAILED (${FAILS[*]})"; exit 1; fi
