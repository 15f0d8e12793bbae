using Gateway.Fuzz;

// gw's parsers under AFL++ (tools/fuzz.sh): `dotnet Gateway.Fuzz.dll TARGET` reads one input from
// standard input, or, under afl-fuzz (its shared memory in the environment), every input it is given.
// An exception a parser documents for bad input is a clean rejection; anything else is a crash.
// `--seeds OUT PCAP BINARYFILE FIX-MESSAGES` cuts the seed corpora from the generators' output.
if (args is ["--seeds", string outDir, string pcap, string binaryFile, string fixMessages])
{
    Seeds.Write(outDir, pcap, binaryFile, fixMessages);
    return 0;
}

if (args.Length != 1 || !FuzzTargets.All.TryGetValue(args[0], out Action<byte[]>? target))
{
    await Console.Error.WriteLineAsync($"usage: Gateway.Fuzz TARGET, one of: {string.Join(", ", FuzzTargets.All.Keys)}").ConfigureAwait(false);
    return 1;
}

SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;
