#!/usr/bin/env bash
# Quick start, command 1: set up, build, and replay the bundled capture through the packet path,
# once through the memory-mapped file backend and once through DPDK's net_pcap virtual device.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/bootstrap.sh
tools/build.sh

GW=build/aot/gw   # the NativeAOT build; the JIT build is dotnet src/Gateway.Host/bin/Release/net9.0/gw.dll
CAPTURE="${1:-pcaps/demo-udp.pcap}"
mkdir -p out

echo "== gw replay $CAPTURE --backend file"
$GW replay "$CAPTURE" --backend file --stats-out out/demo-file.json
echo
echo "== gw replay $CAPTURE --backend dpdk"
$GW replay "$CAPTURE" --backend dpdk --stats-out out/demo-dpdk.json
echo
echo "statistics written to out/demo-file.json and out/demo-dpdk.json"
