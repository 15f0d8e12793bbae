#!/usr/bin/env bash
# Quick start, command 2: set up, build, and run every test (native CTest, then xUnit).
set -uo pipefail
cd "$(dirname "$0")/.."

tools/bootstrap.sh || exit 1
tools/build.sh || exit 1

log=build/test.log
: >"$log"

echo "== native tests (ctest)"
(cd build && ctest --output-on-failure) 2>&1 | tee -a "$log"
native_rc=${PIPESTATUS[0]}

# A test that hangs is killed and reported after HANG (the blame collector names it), never waited on.
HANG=${GW_TEST_HANG_TIMEOUT:-5m}
blame=(--blame-hang-timeout "$HANG" --blame-hang-dump-type none)

echo "== .NET tests (xunit)"
dotnet test Gateway.sln -c Release --no-build --nologo --filter "Category!=Timing" "${blame[@]}" 2>&1 | tee -a "$log"
dotnet_rc=${PIPESTATUS[0]}

# Tests whose outcome depends on time (allocation after warm-up, heartbeats in a linger, wall-clock
# bounds, strace of a polling loop) run on their own: one assembly at a time, one test at a time.
echo "== .NET timing-sensitive tests (xunit, one at a time)"
dotnet test Gateway.sln -c Release --no-build --nologo --filter "Category=Timing" "${blame[@]}" -m:1 \
  -- xUnit.ParallelizeTestCollections=false 2>&1 | tee -a "$log"
timing_rc=${PIPESTATUS[0]}

# The FIX tokenizer and checksum have 512-, 256- and 128-bit paths; the JIT takes the widest the CPU
# has, so the narrower ones run again with the runtime's switches (FixVectorWidthTests checks each
# pass ran at its width).
fix_vector_tests="FullyQualifiedName~FixTokenizerTests|FullyQualifiedName~FixChecksumTests|FullyQualifiedName~FixParserTests|FullyQualifiedName~FixVectorWidthTests"
width_rc=0
for width in DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0; do
  echo "== FIX vector paths with $width"
  env "$width" dotnet test tests/Gateway.OrderEntry.Tests -c Release --no-build --nologo --filter "$fix_vector_tests" "${blame[@]}" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || width_rc=1
done

echo "== NativeAOT smoke test"
tools/aot-smoke.sh 2>&1 | tee -a "$log"
aot_rc=${PIPESTATUS[0]}

# The wire-to-wire lab, short: namespaces, veths, tcpreplay, every ingress, both venues; run twice
# and once interrupted (tools/lab-selftest.sh).
echo "== wire-to-wire lab (tools/lab.sh --quick)"
tools/lab-selftest.sh 2>&1 | tee -a "$log"
lab_rc=${PIPESTATUS[0]}

# Every parser under AFL++ for a few seconds (tools/fuzz.sh; longer runs and their figures: README).
echo "== fuzz smoke (AFL++ over SharpFuzz, 7 s a target)"
tools/fuzz.sh 7 2>&1 | tee -a "$log"
fuzz_rc=${PIPESTATUS[0]}

# One closing line over every runner: "N passed, N failed, N skipped".
summary=$(awk '
  /tests passed, [0-9]+ tests failed out of/ { for (i = 1; i <= NF; i++) if ($i == "failed") { cf += $(i-2) } ; match($0, /out of [0-9]+/); t = substr($0, RSTART + 7, RLENGTH - 7); cp += t }
  /^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { g = $i; gsub(",", "", $(i+1)); if (g == "Failed:") f += $(i+1); if (g == "Passed:") p += $(i+1); if (g == "Skipped:") s += $(i+1) } }
  /^aot-smoke: passed/ { p += 1 }
  /^aot-smoke: FAILED/ { f += 1 }
  /^fuzz: passed/ { p += 1 }
  /^lab-selftest: passed/ { p += 1 }
  /^lab-selftest: FAILED/ { f += 1 }
  /^fuzz: FAILED/ { f += 1 }
  END { printf "%d passed, %d failed, %d skipped\n", p + cp - cf, f + cf, s }' "$log")
echo "$summary"

if [ "$native_rc" -ne 0 ] || [ "$dotnet_rc" -ne 0 ] || [ "$timing_rc" -ne 0 ] || [ "$width_rc" -ne 0 ] || [ "$aot_rc" -ne 0 ] || [ "$lab_rc" -ne 0 ] || [ "$fuzz_rc" -ne 0 ]; then
  exit 1
fi
