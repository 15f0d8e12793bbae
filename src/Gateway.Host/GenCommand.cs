using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using Gateway.Engine.Output;
using Gateway.Net.Frames;
using Gateway.Net.Sinks;

namespace Gateway.Host;

/// <summary>
/// <c>gw gen frames</c>: synthetic captures for tests, benchmarks and the demo. Each datagram is a
/// MoldUDP64 header (session, sequence number, message count) followed by that many length-prefixed
/// opaque message blocks: the framing of a NASDAQ feed, not yet valid ITCH content.
/// </summary>
internal static class GenCommand
{
    private const int MoldHeaderLength = 20;

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "capture file to write", Required = true };
        var packets = new Option<long>("--packets", "-n") { Description = "datagrams to write (per line)", DefaultValueFactory = _ => 10_000 };
        var lines = new Option<int>("--lines") { Description = "1, or 2 for A/B lines (each datagram sent to both groups)", DefaultValueFactory = _ => 1 };
        var vlans = new Option<int>("--vlans") { Description = "VLAN tags per frame: 0, 1 or 2 (stacked)", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--rate") { Description = "mean datagrams per second of recorded time (Poisson arrivals)", DefaultValueFactory = _ => 100_000 };
        var maxMessages = new Option<int>("--max-messages") { Description = "opaque messages per datagram, 1..N", DefaultValueFactory = _ => 8 };
        var malformed = new Option<int>("--malformed") { Description = "also write this many malformed frames (cut IPv4 headers), spread through the capture", DefaultValueFactory = _ => 0 };
        var jumbo = new Option<int>("--jumbo") { Description = "also write this many 9000-byte frames", DefaultValueFactory = _ => 0 };
        var micro = new Option<bool>("--microseconds") { Description = "write a microsecond pcap instead of nanosecond" };
        var seed = new Option<int>("--seed") { Description = "random seed (same seed, same file)", DefaultValueFactory = _ => 1 };

        var frames = new Command("frames", "Synthetic MoldUDP64-framed UDP multicast frames in a pcap")
        {
            output, packets, lines, vlans, rate, maxMessages, malformed, jumbo, micro, seed,
        };
        frames.SetAction(r =>
        {
            var o = new FrameGenOptions(r.GetValue(output)!, r.GetValue(packets), r.GetValue(lines), r.GetValue(vlans),
                r.GetValue(rate), r.GetValue(maxMessages), r.GetValue(malformed), r.GetValue(jumbo), r.GetValue(micro), r.GetValue(seed));
            string? error = o.Validate();
            if (error is not null)
            {
                Console.Error.WriteLine($"gw gen frames: {error}");
                return ExitCodes.Usage;
            }

            string? outputError = OutputFiles.Check([], [("--out", o.Output)]);
            if (outputError is not null)
            {
                Console.Error.WriteLine($"gw gen frames: {outputError}");
                return ExitCodes.Usage;
            }

            try
            {
                // Written under a temporary name and renamed when whole: a killed run leaves no partial capture.
                long written = 0;
                OutputFiles.WriteAtomically(o.Output, temp => written = WriteFrames(o with { Output = temp }));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written:N0} frames to {o.Output}"));
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"gw gen frames: cannot write {o.Output}: {ex.Message}");
                return ExitCodes.OutputFailed;
            }
        });

        return new Command("gen", "Generate captures") { frames, CreateItch() };
    }

    private static Command CreateItch()
    {
        var output = new Option<string?>("--out", "-o") { Description = "pcap to write (ITCH 5.0 over MoldUDP64 over UDP multicast)" };
        var binaryOut = new Option<string?>("--binary-out") { Description = "NASDAQ BinaryFILE to write (the same messages, unframed)" };
        var messages = new Option<long>("--messages", "-n") { Description = "trading messages after the opening", DefaultValueFactory = _ => 100_000 };
        var instruments = new Option<int>("--instruments") { Description = "instruments (stock locates 1..N)", DefaultValueFactory = _ => 100 };
        var rate = new Option<double>("--rate") { Description = "mean messages per second outside microbursts", DefaultValueFactory = _ => 200_000 };
        var lines = new Option<int>("--lines") { Description = "1, or 2 for A/B lines", DefaultValueFactory = _ => 1 };
        var vlans = new Option<int>("--vlans") { Description = "VLAN tags per frame: 0, 1 or 2", DefaultValueFactory = _ => 1 };
        var dropOne = new Option<double>("--drop-one-line") { Description = "chance a packet is lost on one of two lines", DefaultValueFactory = _ => 0 };
        var dropAll = new Option<double>("--drop-all-lines") { Description = "chance a packet is lost on every line (a real gap)", DefaultValueFactory = _ => 0 };
        var reorder = new Option<double>("--reorder") { Description = "chance a packet is delayed behind the next on its line", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "random seed (same seed, same files)", DefaultValueFactory = _ => 1 };
        var uniform = new Option<bool>("--uniform")
        {
            Description = "draw instruments and orders uniformly (the harshest case for caches) instead of a real day's skew to busy names and young orders",
        };
        var command = new Command("itch", "Synthetic NASDAQ TotalView-ITCH 5.0 day over MoldUDP64: real message mix, microbursts, A/B lines, drops, reorders")
        {
            output, binaryOut, messages, instruments, rate, lines, vlans, dropOne, dropAll, reorder, seed, uniform,
        };
        command.SetAction(r =>
        {
            string? pcap = r.GetValue(output);
            string? binary = r.GetValue(binaryOut);
            double[] chances = [r.GetValue(dropOne), r.GetValue(dropAll), r.GetValue(reorder)];
            string? error = pcap is null && binary is null ? "give --out, --binary-out or both"
                : r.GetValue(messages) < 0 ? "--messages cannot be negative"
                : r.GetValue(instruments) is < 1 or > 65535 ? "--instruments must be 1-65535"
                : !(r.GetValue(rate) > 0) ? "--rate must be positive"
                : r.GetValue(lines) is not (1 or 2) ? "--lines must be 1 or 2"
                : r.GetValue(vlans) is < 0 or > 2 ? "--vlans must be 0, 1 or 2"
                : chances.Any(c => c is < 0 or > 1 || double.IsNaN(c)) ? "drop and reorder chances must be between 0 and 1"
                : null;
            error ??= OutputFiles.Check([], [("--out", pcap), ("--binary-out", binary)]);
            if (error is not null)
            {
                Console.Error.WriteLine($"gw gen itch: {error}");
                return ExitCodes.Usage;
            }

            var generator = new Gateway.Lab.Generation.ItchStreamGenerator(new Gateway.Lab.Generation.ItchGeneratorOptions
            {
                Seed = r.GetValue(seed),
                Instruments = r.GetValue(instruments),
                Messages = r.GetValue(messages),
                MeanRate = r.GetValue(rate),
                Realistic = !r.GetValue(uniform),
            });
            var options = new Gateway.Lab.Generation.ItchCaptureOptions
            {
                Lines = r.GetValue(lines),
                Vlans = r.GetValue(vlans),
                DropOneLine = chances[0],
                DropAllLines = chances[1],
                Reorder = chances[2],
                Seed = r.GetValue(seed),
            };
            using PendingOutput? pcapOut = pcap is null ? null : OutputFiles.Begin(pcap);
            using PendingOutput? binaryFileOut = binary is null ? null : OutputFiles.Begin(binary);
            try
            {
                // Both written under temporary names and renamed when whole: a killed run leaves no partial file.
                var result = Gateway.Lab.Generation.ItchCaptureWriter.Write(generator, options, pcapOut?.WritePath, binaryFileOut?.WritePath);
                pcapOut?.Commit();
                binaryFileOut?.Commit();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {result.Messages:N0} messages in {result.Packets:N0} MoldUDP64 packets ({result.Frames:N0} frames; dropped A {result.DroppedPerLine[0]:N0} B {result.DroppedPerLine[1]:N0}; {result.MessagesInGaps:N0} messages on no line)"));
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"gw gen itch: cannot write: {ex.Message}");
                return ExitCodes.OutputFailed;
            }
        });
        return command;
    }

    internal sealed record FrameGenOptions(string Output, long Packets, int Lines, int Vlans, double Rate, int MaxMessages,
        int Malformed, int Jumbo, bool Microseconds, int Seed)
    {
        public string? Validate() =>
            Packets < 1 ? "--packets must be at least 1"
            : Lines is not (1 or 2) ? "--lines must be 1 or 2"
            : Vlans is < 0 or > 2 ? "--vlans must be 0, 1 or 2"
            : !(Rate > 0) || !double.IsFinite(Rate) ? "--rate must be a positive number"
            : MaxMessages is < 1 or > 25 ? "--max-messages must be 1-25 (25 blocks of up to 51 bytes fill a 1,500-byte MTU)"
            : Malformed < 0 || Jumbo < 0 ? "--malformed and --jumbo cannot be negative"
            : null;
    }

    internal static long WriteFrames(FrameGenOptions o)
    {
        var random = new Random(o.Seed);
        using var writer = PcapWriter.Create(o.Output, o.Microseconds ? PcapTimestampResolution.Microsecond : PcapTimestampResolution.Nanosecond);
        UdpFrameSpec spec = UdpFrameSpec.Default with
        {
            VlanTags = o.Vlans,
            OuterTpid = o.Vlans == 2 ? FrameBuilder.TpidServiceVlan : FrameBuilder.TpidCustomerVlan,
            OuterTci = 0x0064,
            InnerTci = 0x00C8,
            DestinationIp = FrameBuilder.Ipv4(233, 54, 12, 111),
        };
        byte[] payload = new byte[1500];
        byte[] frame = new byte[9100];
        byte[] session = "GWDEMO0001"u8.ToArray();
        ulong timestamp = 34_200_000_000_000; // 09:30:00.000 in ns since midnight, as ITCH counts
        ulong sequence = 1;
        long written = 0;
        int oddities = o.Malformed + o.Jumbo;
        long spacing = Math.Max(1, o.Packets / (oddities + 1));
        int malformedLeft = o.Malformed;
        int jumboLeft = o.Jumbo;

        for (long i = 0; i < o.Packets; i++)
        {
            // Poisson arrivals: exponential gaps with the requested mean.
            timestamp += (ulong)Math.Max(1, -Math.Log(1 - random.NextDouble()) * 1e9 / o.Rate);

            int count = random.Next(1, o.MaxMessages + 1);
            int length = MoldHeaderLength;
            session.CopyTo(payload, 0);
            BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(10), sequence);
            for (int m = 0; m < count; m++)
            {
                int messageLength = random.Next(19, 50);
                BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(length), (ushort)messageLength);
                random.NextBytes(payload.AsSpan(length + 2, messageLength));
                payload[length + 2] = (byte)'A';
                length += 2 + messageLength;
            }

            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(18), (ushort)count);
            sequence += (ulong)count;
            for (int line = 0; line < o.Lines; line++)
            {
                UdpFrameSpec lineSpec = spec with { DestinationIp = spec.DestinationIp + (uint)line, Identification = (ushort)i };
                int n = FrameBuilder.BuildUdp(frame, lineSpec, payload.AsSpan(0, length));
                writer.WriteFrame(frame.AsSpan(0, n), timestamp + (ulong)(line * 250));
                written++;
            }

            bool last = i == o.Packets - 1;
            while ((malformedLeft > 0 || jumboLeft > 0) && ((i + 1) % spacing == 0 || last))
            {
                if (malformedLeft > 0)
                {
                    // Ethernet, tags and 10 bytes of the IPv4 header: a frame cut short.
                    int n = FrameBuilder.BuildUdp(frame, spec, payload.AsSpan(0, length));
                    int cut = Math.Min(n, FrameBuilder.EthernetHeaderLength + (o.Vlans * FrameBuilder.VlanTagLength) + 10);
                    writer.WriteFrame(frame.AsSpan(0, cut), timestamp + 100);
                    malformedLeft--;
                }
                else
                {
                    int n = FrameBuilder.BuildUdp(frame, spec, new byte[9000 - 60]);
                    writer.WriteFrame(frame.AsSpan(0, n), timestamp + 100);
                    jumboLeft--;
                }

                written++;
                if (!last)
                {
                    break;
                }
            }
        }

        return written;
    }
}
