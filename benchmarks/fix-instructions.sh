#!/usr/bin/env bash
# FIX codec cost in instructions: parse of the ExecutionReport, parse + validate of the
# ExecutionReport and of the NewOrderSingle of benchmarks/fix/messages.txt, counted by valgrind's
# callgrind in a NativeAOT build (x86-64-v3: AVX2, the widest set valgrind runs). Counts do not
# move with the host, so two trees compare exactly where timings drown in a busy host's noise;
# they say nothing of cache misses or mispredictions, so they stand beside the timings, not for them.
# Each figure is (count at N + 20000 operations - count at N operations) / 20000, start-up cancelled.
# Usage: benchmarks/fix-instructions.sh [TREE ...]   (default: this checkout; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "fix-instructions: valgrind is not installed" >&2; exit 1; }
trees=("$@")
[ ${#trees[@]} -gt 0 ] || trees=("$PWD")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/Count.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <PublishAot>true</PublishAot>
    <IlcInstructionSet>x86-64-v3</IlcInstructionSet>
    <!-- Symbols in the binary (callgrind names the functions); no separate debug file, which valgrind 3.19 cannot read. -->
    <StripSymbols>false</StripSymbols>
    <DebugType>none</DebugType>
    <DebugSymbols>false</DebugSymbols>
    <InvariantGlobalization>true</InvariantGlobalization>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$(Tree)/src/Gateway.OrderEntry/Gateway.OrderEntry.csproj" />
  </ItemGroup>
</Project>
PROJ

cat >"$work/Program.cs" <<'CS'
using Gateway.OrderEntry.Fix;

// Count MESSAGES WHAT N: N operations of WHAT (parse-er, validate-er, validate-nos).
string[] lines = File.ReadAllLines(args[0]).Where(l => l.Length > 0 && l[0] != '#').ToArray();
byte[] er = System.Text.Encoding.ASCII.GetBytes(lines[0].Replace('|', '\u0001'));
byte[] nos = System.Text.Encoding.ASCII.GetBytes(lines[1].Replace('|', '\u0001'));
var parser = new FixParser();
var table = new FixFieldTable();
var validator = new FixValidator(FixDictionary.Fix44);
int n = int.Parse(args[2]);
byte[] m = args[1] == "validate-nos" ? nos : er; // chosen once: the counted loop holds only the codec
bool validate = args[1] != "parse-er";
int bad = 0;
if (validate)
{
    for (int i = 0; i < n; i++)
    {
        bad += (int)parser.Parse(m, table);
        bad += (int)validator.Validate(new FixMessageView(m, table)).Outcome;
    }
}
else
{
    for (int i = 0; i < n; i++)
    {
        bad += (int)parser.Parse(m, table);
    }
}

return bad == 0 ? 0 : 1;
CS

count() { # instructions of one run
  local log n
  log=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1) || { echo "$log" >&2; exit 1; }
  n=$(sed -n 's/.*Collected : //p' <<<"$log")
  [ -n "$n" ] || { echo "$log" >&2; exit 1; }
  echo "$n"
}

printf '%-40s %12s %12s %12s\n' tree parse-er validate-er validate-nos
for tree in "${trees[@]}"; do
  tree=$(cd "$tree" && pwd)
  project="$work/$(echo "$tree" | md5sum | cut -c1-8)" # a project directory of its own per tree
  mkdir -p "$project"
  cp "$work/Count.csproj" "$work/Program.cs" "$project/"
  out="$project/out"
  dotnet publish "$project/Count.csproj" -c Release -r linux-x64 -p:Tree="$tree" -o "$out" \
    >"$project/publish.log" 2>&1 || { cat "$project/publish.log"; exit 1; }
  row=()
  for what in parse-er validate-er validate-nos; do
    a=$(count "$out/Count" "$tree/benchmarks/fix/messages.txt" "$what" 1000)
    b=$(count "$out/Count" "$tree/benchmarks/fix/messages.txt" "$what" 21000)
    row+=("$(( (b - a) / 20000 ))")
  done
  printf '%-40s %12s %12s %12s\n' "$(git -C "$tree" log -1 --format='%h' 2>/dev/null || echo "$tree") ${tree##*/}" "${row[@]}"
done
