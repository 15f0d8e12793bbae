#!/usr/bin/env bash
# Installs the Debian packages Gateway needs. Idempotent; silent when everything is present.
# Run as root (or with sudo available). Safe to run on every build.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config     # the native shim
  dpdk dpdk-dev libdpdk-dev            # DPDK 22.11 and its virtual devices (net_pcap, net_af_packet, ...)
  libpcap-dev                          # libpcap (through SharpPcap: live capture, offline reading, writing captures)
  tshark wireshark-common              # tshark and editcap: independent readers/converters in tests
  iproute2                             # network namespaces and veth pairs for lab tests
  strace                               # proves the polling loop makes no system calls (tests)
  tcpreplay                            # plays captures into a veth in a test network namespace
  tcpdump                              # the wire-to-wire lab's capture points (tools/lab.sh)
  python3                              # the lab's tables (tools/lab.sh)
  libquickfix-dev                      # QuickFIX C++ 1.15.1: the FIX reference peer and the codec benchmark's comparison
  afl++                                # AFL++: drives the SharpFuzz-instrumented parsers (tools/fuzz.sh)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -ne 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer for it.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "bootstrap: done"
fi

# .NET tools pinned in .config/dotnet-tools.json (sharpfuzz: instruments assemblies for AFL++).
dotnet tool restore >/dev/null
