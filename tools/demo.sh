#!/usr/bin/env bash
# Quick start, command 1: set up, build, and replay the bundled ITCH 5.0 capture (MoldUDP64 A/B
# lines with drops and reorders) through the whole pipeline - packet path, MoldUDP64 session, ITCH
# decode, L3 books - once through the memory-mapped file backend and once through DPDK's net_pcap
# virtual device, writing the books and the statistics.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/bootstrap.sh
tools/build.sh

GW=build/aot/gw   # the NativeAOT build; the JIT build is dotnet src/Gateway.Host/bin/Release/net10.0/gw.dll
CAPTURE="${1:-pcaps/itch-ab.pcap}"
mkdir -p out

echo "== gw replay $CAPTURE --backend file"
$GW replay "$CAPTURE" --backend file --stats-out out/demo-file.json --book-out out/book-file.csv
echo
echo "== gw replay $CAPTURE --backend dpdk"
$GW replay "$CAPTURE" --backend dpdk --stats-out out/demo-dpdk.json --book-out out/book-dpdk.csv
echo
echo "statistics in out/demo-file.json and out/demo-dpdk.json; books in out/book-file.csv and out/book-dpdk.csv"
cmp -s out/book-file.csv out/book-dpdk.csv && echo "both backends built the same books ($(($(wc -l < out/book-file.csv) - 1)) price levels)"
