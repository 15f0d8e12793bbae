#!/usr/bin/env bash
# Self-test of native/peers/qf_peer: two QuickFIX peers against each other on loopback.
#   1. plain:   acceptor (fill) + initiator, 5 orders -> 5 FILL lines and DONE
#   2. gap:     initiator raises its sender seq by 3 before the orders -> the acceptor sends a
#               ResendRequest, the initiator answers with SequenceReset-GapFill, 5 orders still fill
#   3. restart: a second initiator run on the same --store (acceptor still up) -> its LOGON line shows
#               next_sender continuing from the first run, not starting again at 1/2
# Exits non-zero on any failure. Usage: tools/qf-selftest.sh [--no-build]
set -uo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD_DIR:-build}
PEER=$BUILD/native/qf_peer
if [[ "${1:-}" != "--no-build" ]]; then
  mkdir -p "$BUILD"
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >"$BUILD/qf-selftest-configure.log" 2>&1 \
    || { cat "$BUILD/qf-selftest-configure.log"; echo "FAIL: cmake configure"; exit 1; }
  cmake --build "$BUILD" --target qf_peer -j"$(nproc)" >"$BUILD/qf-selftest-build.log" 2>&1 \
    || { cat "$BUILD/qf-selftest-build.log"; echo "FAIL: build of qf_peer (is libquickfix-dev installed?)"; exit 1; }
fi
[[ -x "$PEER" ]] || { echo "FAIL: $PEER not built (QuickFIX not found at configure time?)"; exit 1; }

WORK=$(mktemp -d /tmp/qf-selftest.XXXXXX)
ACC_PID=""
cleanup() {
  if [[ -n "$ACC_PID" ]] && kill -0 "$ACC_PID" 2>/dev/null; then kill -TERM "$ACC_PID" 2>/dev/null; wait "$ACC_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

FAILS=0
RESULTS=()
pass() { RESULTS+=("PASS  $1"); }
fail() { RESULTS+=("FAIL  $1"); FAILS=$((FAILS + 1)); }
check() { # check NAME FILE REGEX : the file has a line matching REGEX
  if grep -Eq -- "$3" "$2"; then pass "$1"; else fail "$1 (no line matching /$3/ in $(basename "$2"))"; fi
}
count_is() { # count_is NAME FILE REGEX N
  local n; n=$(grep -Ec -- "$3" "$2")
  if [[ "$n" == "$4" ]]; then pass "$1"; else fail "$1 (expected $4 lines matching /$3/, got $n)"; fi
}

free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return 0; fi
  done
  return 1
}

start_acceptor() { # start_acceptor NAME STOREDIR
  local out=$WORK/$1.out
  "$PEER" --role acceptor --port "$PORT" --mode fill --store "$2" --timeout 60 >"$out" 2>"$WORK/$1.err" &
  ACC_PID=$!
  for _ in $(seq 100); do
    grep -q '^READY ' "$out" 2>/dev/null && return 0
    kill -0 "$ACC_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "acceptor $1 did not become ready:"; cat "$out" "$WORK/$1.err"
  return 1
}

stop_acceptor() {
  kill -TERM "$ACC_PID" 2>/dev/null
  wait "$ACC_PID"; local rc=$?
  ACC_PID=""
  return $rc
}

run_initiator() { # run_initiator NAME STOREDIR EXTRA_ARGS... ; sets RC
  timeout 20 "$PEER" --role initiator --port "$PORT" --sender GATEWAY --target VENUE \
    --store "$2" --timeout 15 "${@:3}" >"$WORK/$1.out" 2>"$WORK/$1.err"
  RC=$?
}

T0=$(date +%s.%N)
PORT=$(free_port) || { echo "FAIL: no free port"; exit 1; }
echo "qf_peer self-test on 127.0.0.1:$PORT (work dir $WORK)"

# ---- 1. plain: 5 orders, 5 fills --------------------------------------------------------------
start_acceptor acc1 "$WORK/acc1.store" || exit 1
run_initiator ini1 "$WORK/ini1.store" --orders 5
[[ $RC == 0 ]] && pass "plain: initiator exit 0" || fail "plain: initiator exit $RC"
count_is "plain: 5 FILL lines" "$WORK/ini1.out" '^FILL clordid=ORD-[1-5] qty=100 px=10.25$' 5
check "plain: DONE sent=5 fills=5" "$WORK/ini1.out" '^DONE sent=5 fills=5$'
check "plain: initiator logged on" "$WORK/ini1.out" '^LOGON sender=GATEWAY target=VENUE next_sender=2 next_target=2$'
check "plain: clean logout" "$WORK/ini1.out" '^LOGOUT$'
count_is "plain: acceptor got 5 orders" "$WORK/acc1.out" '^RECV_APP type=D ' 5
stop_acceptor && pass "plain: acceptor exit 0 on SIGTERM" || fail "plain: acceptor exit non-zero on SIGTERM"

# ---- 2. gap: the acceptor must ask for a resend, the initiator must gap-fill -------------------
start_acceptor acc2 "$WORK/acc2.store" || exit 1
run_initiator ini2 "$WORK/ini2.store" --orders 5 --gap 3
[[ $RC == 0 ]] && pass "gap: initiator exit 0" || fail "gap: initiator exit $RC"
check "gap: initiator skipped 3 seq nums" "$WORK/ini2.out" '^GAP skipped=3 from=2 next_sender=5$'
check "gap: acceptor sent ResendRequest 2..0" "$WORK/acc2.out" '^SEND_ADMIN type=2 seq=[0-9]+ .*begin=2 end=0'
check "gap: initiator received ResendRequest" "$WORK/ini2.out" '^RECV_ADMIN type=2 seq=[0-9]+ .*begin=2 end=0'
check "gap: initiator sent GapFill 2->5" "$WORK/ini2.out" '^SEND_ADMIN type=4 seq=2 possdup=Y .*gapfill=Y newseqno=5'
check "gap: acceptor received GapFill 2->5" "$WORK/acc2.out" '^RECV_ADMIN type=4 seq=2 possdup=Y .*gapfill=Y newseqno=5'
count_is "gap: 5 FILL lines" "$WORK/ini2.out" '^FILL clordid=ORD-[1-5] ' 5
check "gap: DONE sent=5 fills=5" "$WORK/ini2.out" '^DONE sent=5 fills=5$'
count_is "gap: acceptor processed each order once" "$WORK/acc2.out" '^RECV_APP type=D ' 5

# ---- 3. restart on the same store: sequence numbers continue ----------------------------------
# Run 2 used seqs 1 (logon), 5..9 (orders), 10 (logout): the next logon must be 11, not 1.
run_initiator ini3 "$WORK/ini2.store" --orders 2
[[ $RC == 0 ]] && pass "restart: initiator exit 0" || fail "restart: initiator exit $RC"
check "restart: LOGON next_sender continues (12 after logon 11)" "$WORK/ini3.out" '^LOGON sender=GATEWAY target=VENUE next_sender=12 '
check "restart: logon went out as seq 11" "$WORK/ini3.out" '^SEND_ADMIN type=A seq=11 '
count_is "restart: 2 fills with run-unique ClOrdIDs" "$WORK/ini3.out" '^FILL clordid=R[0-9]+-ORD-[12] ' 2
check "restart: DONE sent=2 fills=2" "$WORK/ini3.out" '^DONE sent=2 fills=2$'
if grep -q '^RECV_ADMIN type=5 .*too low' "$WORK/ini3.out"; then fail "restart: acceptor complained about seq too low"; else pass "restart: no seq-too-low logout"; fi
stop_acceptor && pass "restart: acceptor exit 0 on SIGTERM" || fail "restart: acceptor exit non-zero on SIGTERM"

# ---- 4. timeout: an initiator with no acceptor exits 2 in time --------------------------------
TS=$(date +%s)
run_initiator ini4 "$WORK/ini4.store" --orders 1 --timeout 2
TE=$(( $(date +%s) - TS ))
[[ $RC == 2 ]] && pass "timeout: exit 2 with nobody listening" || fail "timeout: exit $RC, expected 2"
(( TE <= 6 )) && pass "timeout: gave up after ${TE}s (limit 2s + shutdown)" || fail "timeout: took ${TE}s"

ELAPSED=$(echo "$(date +%s.%N) - $T0" | bc)
echo
printf '%s\n' "${RESULTS[@]}"
echo
if (( FAILS > 0 )); then
  echo "qf-selftest: $FAILS check(s) FAILED (${ELAPSED}s). Outputs kept in $WORK"
  trap - EXIT
  [[ -n "$ACC_PID" ]] && kill -TERM "$ACC_PID" 2>/dev/null
  exit 1
fi
echo "qf-selftest: all ${#RESULTS[@]} checks passed (${ELAPSED}s)"
