#!/usr/bin/env bash
# Fuzzes gw's parsers with AFL++ over SharpFuzz-instrumented assemblies (fuzz/Gateway.Fuzz).
#
#   tools/fuzz.sh SECONDS [TARGET...]   each target (default: all) for SECONDS under afl-fuzz
#
# Seeds come from the project's own generators (gw gen, the FIX benchmark messages, a store the
# store wrote); findings go to build/fuzz-findings/TARGET. Exit 1 when any target found a crash or
# a hang: each becomes a regression test, and its input is kept under build/fuzz-findings.
# tools/test.sh runs `tools/fuzz.sh 7` (about two minutes for the twelve targets).
# Prints one line per target: executions, paths (corpus entries), crashes, hangs.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: tools/fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pcap pcapng binaryfile gzip frame mold-packet mold-session itch-book fix-framer fix-parser fix-session store-recovery)

# GW_FUZZ_DIR keeps a long run apart from CI's smoke run (default: build/).
root=${GW_FUZZ_DIR:-build}
out=$root/fuzz
seeds=$root/fuzz-seeds
findings=$root/fuzz-findings
rm -rf "$out" "$seeds"
mkdir -p "$seeds" "$findings"

# A JIT build; sharpfuzz rewrites the IL of the assemblies under test below, once the seeds are cut.
dotnet publish fuzz/Gateway.Fuzz -c Release -o "$out" --nologo -v quiet >"$root/fuzz-publish.log" 2>&1 || { cat "$root/fuzz-publish.log"; exit 1; }

# Seeds: small captures from gw gen, cut into per-target seeds by the harness.
gw=(dotnet "$out/gw.dll")
[ -f "$out/gw.dll" ] || gw=(dotnet src/Gateway.Host/bin/Release/net10.0/gw.dll)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"${gw[@]}" gen frames --out "$work/frames.pcap" --packets 40 --lines 2 --vlans 1 --malformed 2 --seed 7 >/dev/null
"${gw[@]}" gen itch --out "$work/itch.pcap" --binary-out "$work/itch.bin" --messages 300 --instruments 8 --lines 2 --seed 7 >/dev/null
mkdir -p "$seeds"/{pcap,pcapng,binaryfile,gzip}
cp "$work/frames.pcap" "$seeds/pcap/seed-00"
head -c 20000 "$work/itch.pcap" >"$seeds/pcap/seed-01"      # cut mid-record: the truncated tail is input too
editcap -F pcapng "$work/frames.pcap" "$seeds/pcapng/seed-00" >/dev/null
cp "$work/itch.bin" "$seeds/binaryfile/seed-00"
gzip -c "$work/frames.pcap" >"$seeds/gzip/seed-00"
gzip -c "$work/itch.bin" >"$seeds/gzip/seed-01"
dotnet "$out/Gateway.Fuzz.dll" --seeds "$seeds" "$work/itch.pcap" "$work/itch.bin" benchmarks/fix/messages.txt || exit 1

# Then the instrumentation (an instrumented assembly runs only under afl-fuzz, which provides its trace map).
for assembly in Gateway.Net Gateway.MarketData Gateway.OrderEntry; do
  dotnet tool run sharpfuzz "$out/$assembly.dll" >/dev/null || { echo "fuzz: sharpfuzz could not instrument $assembly.dll"; exit 1; }
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
status=0
for t in "${targets[@]}"; do
  rm -rf "$findings/$t"
  timeout --kill-after=30 $((seconds + 60)) afl-fuzz -V "$seconds" -t 5000 -m none -i "$seeds/$t" -o "$findings/$t" \
    -- dotnet "$out/Gateway.Fuzz.dll" "$t" >"$findings/$t.log" 2>&1
  stats="$findings/$t/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz: $t did not start (see $findings/$t.log)"; tail -5 "$findings/$t.log"; status=1; continue
  fi
  value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(value saved_crashes); hangs=$(value saved_hangs)
  printf 'fuzz: %-15s %10s executions %6s paths %4s crashes %4s hangs (%ss)\n' "$t" "$(value execs_done)" "$(value corpus_count)" "$crashes" "$hangs" "$seconds"
  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    status=1
    ls "$findings/$t/default/crashes" "$findings/$t/default/hangs" 2>/dev/null | sed 's/^/  /'
  fi
done
rm -rf "${TMPDIR:-/tmp}"/gw-fuzz-[0-9]*
[ $status -eq 0 ] && echo "fuzz: passed" || echo "fuzz: FAILED"
exit $status
