using System.Buffers.Binary;
using System.Diagnostics;
using Gateway.Interop;
using Gateway.Lab.Generation;
using Gateway.MarketData.Itch;
using Gateway.Net.Capture;
using Gateway.Net.Decode;

namespace Gateway.Lab.Tests.Generation;

public sealed unsafe class ItchGeneratorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gw-gen-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public ItchGeneratorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private struct CountingHandler : IItchHandler
    {
        public long Adds;
        public long Deletes;

        public void OnAddOrder(AddOrder message) => Adds++;

        public void OnOrderDelete(OrderDelete message) => Deletes++;

        public readonly void OnSystemEvent(SystemEvent message) { }
        public readonly void OnStockDirectory(StockDirectory message) { }
        public readonly void OnStockTradingAction(StockTradingAction message) { }
        public readonly void OnRegShoRestriction(RegShoRestriction message) { }
        public readonly void OnMarketParticipantPosition(MarketParticipantPosition message) { }
        public readonly void OnMwcbDeclineLevel(MwcbDeclineLevel message) { }
        public readonly void OnMwcbStatus(MwcbStatus message) { }
        public readonly void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdate message) { }
        public readonly void OnLuldAuctionCollar(LuldAuctionCollar message) { }
        public readonly void OnOperationalHalt(OperationalHalt message) { }
        public readonly void OnAddOrderMpid(AddOrderMpid message) { }
        public readonly void OnOrderExecuted(OrderExecuted message) { }
        public readonly void OnOrderExecutedWithPrice(OrderExecutedWithPrice message) { }
        public readonly void OnOrderCancel(OrderCancel message) { }
        public readonly void OnOrderReplace(OrderReplace message) { }
        public readonly void OnTrade(Trade message) { }
        public readonly void OnCrossTrade(CrossTrade message) { }
        public readonly void OnBrokenTrade(BrokenTrade message) { }
        public readonly void OnNoii(Noii message) { }
        public readonly void OnRpii(Rpii message) { }
        public readonly void OnDirectListingPriceDiscovery(DirectListingPriceDiscovery message) { }
    }

    private static (ItchStreamGenerator Generator, ItchCaptureResult Result) Generate(string? pcap, string? binary, long messages,
        ItchCaptureOptions? options = null, int seed = 5)
    {
        var generator = new ItchStreamGenerator(new ItchGeneratorOptions { Seed = seed, Instruments = 50, Messages = messages });
        return (generator, ItchCaptureWriter.Write(generator, options ?? new ItchCaptureOptions(), pcap, binary));
    }

    [Fact]
    public void Mix_follows_the_documented_shares()
    {
        var (_, result) = Generate(null, Path.Combine(_dir, "mix.bin"), 200_000);
        long[] c = result.MessagesByType;
        double total = 200_000;

        Assert.InRange(c['A'] / total, 0.38, 0.44);
        Assert.InRange(c['D'] / total, 0.34, 0.40);
        Assert.InRange(c['U'] / total, 0.06, 0.10);
        Assert.InRange(c['E'] / total, 0.04, 0.08);
        Assert.InRange(c['X'] / total, 0.02, 0.06);
        Assert.True(c['F'] > 0 && c['C'] > 0 && c['P'] > 0 && c['Y'] > 0 && c['N'] > 0);
        Assert.Equal(50, c['R']);
    }

    [Fact]
    public void BinaryFile_reads_back_through_the_capture_reader_and_decoder()
    {
        string path = Path.Combine(_dir, "day.bin");
        var (generator, result) = Generate(null, path, 30_000);

        using CaptureFileSource source = CaptureFile.Open(path);
        Assert.Equal(CaptureFormat.NasdaqBinaryFile, source.Format);
        var stats = new ItchDecodeStats();
        var handler = new CountingHandler();
        PacketDescriptor* batch = stackalloc PacketDescriptor[64];
        int n;
        long records = 0;
        while ((n = source.Receive(batch, 64)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                ItchDecoder.Decode(batch[i].Span, ref handler, stats);
            }

            records += n;
            source.Release(batch, n);
        }

        Assert.Equal(Gateway.Net.Sources.SourceState.Finished, source.State);
        Assert.Equal(result.Messages, records);
        Assert.Equal(0, stats.Unknown + stats.WrongLength);
        Assert.Equal(generator.CountsByType['A'], handler.Adds);
        Assert.Equal(generator.CountsByType['D'], handler.Deletes);
    }

    [Fact]
    public void Pcap_frames_are_full_size_mold_packets_with_contiguous_sequences_on_both_lines()
    {
        string path = Path.Combine(_dir, "ab.pcap");
        var (_, result) = Generate(path, null, 40_000, new ItchCaptureOptions { Lines = 2 });

        var next = new ulong[] { 1, 1 };
        var messages = new long[2];
        var endOfSession = new long[2];
        int largest = 0;
        using CaptureFileSource source = CaptureFile.Open(path);
        PacketDescriptor* batch = stackalloc PacketDescriptor[64];
        int n;
        while ((n = source.Receive(batch, 64)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                largest = Math.Max(largest, (int)batch[i].Length);
                Assert.Equal(DecodeStatus.Ok, FrameDecoder.DecodeEthernet(batch[i].Span, true, out UdpDatagram d));
                int line = (int)(d.DestinationIp - 0xE9360C6F);
                ReadOnlySpan<byte> p = d.Payload;
                Assert.Equal(next[line], BinaryPrimitives.ReadUInt64BigEndian(p.Slice(10)));
                int count = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(18));
                if (count == 0xFFFF)
                {
                    endOfSession[line]++;
                    Assert.Equal(next[line], BinaryPrimitives.ReadUInt64BigEndian(p.Slice(10)));
                    continue;
                }

                next[line] += (ulong)count;
                messages[line] += count;
            }

            source.Release(batch, n);
        }

        Assert.Equal(result.Messages, messages[0]);
        Assert.Equal(result.Messages, messages[1]);
        Assert.Equal([1L, 1L], endOfSession);
        Assert.InRange(largest, 1400, 1514);
    }

    [Fact]
    public void Tshark_moldudp64_dissector_accepts_the_capture_and_agrees_on_message_counts()
    {
        string path = Path.Combine(_dir, "tshark.pcap");
        var (_, result) = Generate(path, null, 20_000, new ItchCaptureOptions { Lines = 2, DropOneLine = 0.02 });

        string output = Run("tshark", "-r", path, "-d", "udp.port==26477,moldudp64", "-T", "fields", "-e", "ip.dst", "-e", "moldudp64.count",
            "-e", "moldudp64.msglen.invalid", "-e", "moldudp64.count.invalid");
        var perLine = new Dictionary<string, long>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            Assert.True(f.Length >= 2 && f[1].Length > 0, $"tshark did not decode a MoldUDP64 header: '{line}'");
            Assert.True(f.Length < 3 || f[2].Length == 0, $"tshark flagged a message length: '{line}'");
            Assert.True(f.Length < 4 || f[3].Length == 0, $"tshark flagged a message count: '{line}'");
            long count = long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture);
            perLine[f[0]] = perLine.GetValueOrDefault(f[0]) + (count == 0xFFFF ? 0 : count); // end of session carries no messages
        }

        // Each line lost some packets on its own: tshark counts exactly the messages the generator put on it.
        Assert.Equal(2, perLine.Count);
        Assert.True(result.DroppedPerLine[0] > 0 && result.DroppedPerLine[1] > 0);
        Assert.Equal(result.Messages - result.MessagesDroppedPerLine[0], perLine["233.54.12.111"]);
        Assert.Equal(result.Messages - result.MessagesDroppedPerLine[1], perLine["233.54.12.112"]);
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes()
    {
        string a = Path.Combine(_dir, "a.bin");
        string b = Path.Combine(_dir, "b.bin");
        Generate(null, a, 5_000, seed: 9);
        Generate(null, b, 5_000, seed: 9);

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed: {stderr}");
        return stdout.Result;
    }
}
