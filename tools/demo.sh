#!/usr/bin/env bash
# Quick start, command 1: set up, build, and run the whole gateway on the bundled capture: ITCH 5.0
# over MoldUDP64 A/B lines (with drops and reorders) read through DPDK's net_pcap virtual device,
# MoldUDP64 arbitration, L3 books, the threshold-taker strategy, pre-trade risk, and orders over a
# FIX 4.4 session to a test venue (gw venue) that this script starts; then a summary of the books,
# orders, fills, positions and tick-to-trade.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/bootstrap.sh
tools/build.sh

GW=build/aot/gw   # the NativeAOT build; the JIT build is dotnet src/Gateway.Host/bin/Release/net10.0/gw.dll
CAPTURE="${1:-pcaps/itch-ab.pcap}"
mkdir -p out
rm -rf out/venue-store out/gateway-store

# The venue: fills every order at its limit. Port 0: it picks a free one and says which.
$GW venue --port 0 --mode fill --store out/venue-store > out/venue.log 2>&1 &
VENUE=$!
trap 'kill $VENUE 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  PORT=$(sed -n 's/^LISTENING port=\([0-9]*\).*/\1/p' out/venue.log)
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "${PORT:-}" ] || { echo "gw venue did not start:"; cat out/venue.log; exit 1; }

echo "== gw replay $CAPTURE through DPDK net_pcap, threshold-taker trading with gw venue on port $PORT"
$GW replay "$CAPTURE" --config tools/gateway.sample.json --backend dpdk --venue "127.0.0.1:$PORT" \
  --stats-out out/demo.json --book-out out/book.csv --orders-out out/orders.csv --journal out/journal.csv
kill -TERM $VENUE
wait $VENUE || true
trap - EXIT
echo
echo "== the venue"
grep '^SUMMARY' out/venue.log
echo
echo "books in out/book.csv, every intent and its decision in out/orders.csv, the audit journal in out/journal.csv, statistics in out/demo.json"
if [ "$CAPTURE" = pcaps/itch-ab.pcap ]; then
  cmp -s out/book.csv pcaps/itch-ab.book.csv && echo "the books equal the capture's golden books ($(($(wc -l < out/book.csv) - 1)) price levels)"
fi
