using System.Buffers.Binary;
using System.Diagnostics;
using Gateway.Lab.MoldUdp64;
using Gateway.Interop;
using Gateway.MarketData.Books;
using Gateway.MarketData.Feed;
using Gateway.Lab.Generation;
using Gateway.MarketData.MoldUdp64;
using Gateway.MarketData.Tests.Books;
using Gateway.Net.Capture;
using Gateway.Net.Decode;

namespace Gateway.MarketData.Tests.FeedHandling;

/// <summary>
/// The whole feed (capture → MoldUDP64 with A/B arbitration, reorders and gaps → ITCH 5.0 → L3
/// books) against the naive model fed straight from the generator's BinaryFILE. The model reads the
/// ITCH fields at the specification's offsets itself, without the project's views.
/// </summary>
public sealed unsafe class FeedModelTests : IDisposable
{
    private const int Instruments = 40;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gw-feed-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public FeedModelTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ItchStreamGenerator Generator(int seed, long messages) =>
        new(new ItchGeneratorOptions { Seed = seed, Instruments = Instruments, Messages = messages });

    /// <summary>Applies a BinaryFILE to the naive model, reading fields at the spec's offsets.</summary>
    private static NaiveBook Model(string binaryFile)
    {
        var model = new NaiveBook(65536);
        byte[] all = File.ReadAllBytes(binaryFile);
        for (int o = 0; o < all.Length;)
        {
            int len = BinaryPrimitives.ReadUInt16BigEndian(all.AsSpan(o));
            ReadOnlySpan<byte> m = all.AsSpan(o + 2, len);
            o += 2 + len;
            ushort locate = BinaryPrimitives.ReadUInt16BigEndian(m.Slice(1));
            switch ((char)m[0])
            {
                case 'A':
                case 'F':
                    model.Add(locate, Ref(m, 11), m[19], U32(m, 20), U32(m, 32));
                    break;
                case 'E':
                case 'C':
                case 'X':
                    model.Reduce(Ref(m, 11), U32(m, 19));
                    break;
                case 'D':
                    model.Delete(Ref(m, 11));
                    break;
                case 'U':
                    model.Replace(Ref(m, 11), Ref(m, 19), U32(m, 27), U32(m, 31));
                    break;
            }
        }

        return model;

        static ulong Ref(ReadOnlySpan<byte> m, int at) => BinaryPrimitives.ReadUInt64BigEndian(m.Slice(at));

        static uint U32(ReadOnlySpan<byte> m, int at) => BinaryPrimitives.ReadUInt32BigEndian(m.Slice(at));
    }

    /// <summary>
    /// Replays a pcap through a feed, polling its timers after each batch (unless
    /// <paramref name="pollWhileReplaying"/> is false: then every hole is still open at the end);
    /// then polls until no hole is open or the deadline passes.
    /// </summary>
    private static void Replay(MarketDataFeed feed, string pcap, TimeSpan settle, bool pollWhileReplaying = true)
    {
        using CaptureFileSource source = CaptureFile.Open(pcap);
        PacketDescriptor* batch = stackalloc PacketDescriptor[32];
        int n;
        while ((n = source.Receive(batch, 32)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(DecodeStatus.Ok, FrameDecoder.DecodeEthernet(batch[i].Span, false, out UdpDatagram d));
                feed.OnDatagram(d.DestinationIp, d.DestinationPort, d.Payload);
            }

            source.Release(batch, n);
            if (pollWhileReplaying)
            {
                feed.Poll(Gateway.Core.MonotonicClock.NowNs());
            }
        }

        Settle(feed, settle);
    }

    /// <summary>Polls until no hole is open or the deadline passes.</summary>
    private static void Settle(MarketDataFeed feed, TimeSpan settle)
    {
        var clock = Stopwatch.StartNew();
        while (feed.Session.HasGap && clock.Elapsed < settle)
        {
            Thread.Sleep(2);
            feed.Poll(Gateway.Core.MonotonicClock.NowNs());
        }
    }

    private static void AssertBooksEqual(NaiveBook model, OrderBooks books)
    {
        Span<LevelInfo> levels = new LevelInfo[4096];
        for (ushort locate = 1; locate <= Instruments; locate++)
        {
            foreach (byte side in "BS"u8)
            {
                var expected = model.Levels(locate, side);
                int count = books.GetLevels(locate, side, levels);
                Assert.True(expected.Count == count, $"locate {locate} side {(char)side}: {expected.Count} levels expected, {count} in the book");
                for (int i = 0; i < count; i++)
                {
                    Assert.Equal(expected[i].Price, levels[i].Price.Raw);
                    Assert.Equal(expected[i].Shares, levels[i].Shares);
                    Assert.Equal(expected[i].Orders, levels[i].Orders);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void AB_lines_with_drops_and_reorders_build_the_same_books_as_the_model(int seed)
    {
        string pcap = Path.Combine(_dir, $"ab{seed}.pcap");
        string binary = Path.Combine(_dir, $"ab{seed}.bin");
        var options = new ItchCaptureOptions { Lines = 2, DropOneLine = 0.05, Reorder = 0.05, Seed = seed };
        ItchCaptureResult result = ItchCaptureWriter.Write(Generator(seed, 30_000), options, pcap, binary);
        Assert.True(result.DroppedPerLine[0] > 0 && result.ReorderedPerLine[1] > 0);

        using var feed = new MarketDataFeed(new MarketDataFeedOptions());
        Replay(feed, pcap, TimeSpan.Zero);

        Assert.Equal(result.Messages, feed.Decode.Decoded);
        Assert.Equal(0UL, feed.Session.CountMissingMessages());
        Assert.True(feed.Session.Stats.LineB.DuplicatePackets > 0);
        AssertBooksEqual(Model(binary), feed.Books);
        for (ushort l = 1; l <= Instruments; l++)
        {
            Assert.False(feed.Books.IsFlagged(l));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Holes_on_both_lines_are_recovered_from_a_live_rerequest_server(bool pollWhileReplaying)
    {
        const int seed = 11;
        string full = Path.Combine(_dir, "full.pcap");
        string holed = Path.Combine(_dir, "holed.pcap");
        string binary = Path.Combine(_dir, "full.bin");
        ItchCaptureWriter.Write(Generator(seed, 20_000), new ItchCaptureOptions { Lines = 1, Seed = seed }, full, binary);
        ItchCaptureResult result = ItchCaptureWriter.Write(Generator(seed, 20_000),
            new ItchCaptureOptions { Lines = 2, DropAllLines = 0.02, Seed = seed }, holed, null);
        Assert.True(result.MessagesInGaps > 0);

        var store = MoldMessageStore.FromCapture(full);
        using var server = new MoldRerequestServer(store);
        server.Start();
        using var feed = new MarketDataFeed(new MarketDataFeedOptions
        {
            RerequestServer = server.LocalEndPoint,
            Session = new MoldSessionOptions { RerequestTimeoutNs = 1_000_000 },
        });
        Replay(feed, holed, TimeSpan.Zero, pollWhileReplaying);
        if (!pollWhileReplaying)
        {
            // The whole capture first: every hole is open at once, and the first poll after the
            // timeout asks for all of them before a single answer has been read.
            int holes = feed.Session.GetLosses().Count;
            Assert.True(holes >= 5, $"{holes} holes");
            feed.Poll(Gateway.Core.MonotonicClock.NowNs());
            Thread.Sleep(2);
            feed.Poll(Gateway.Core.MonotonicClock.NowNs());
            Assert.True(feed.Session.Stats.RerequestsSent >= holes, $"{feed.Session.Stats.RerequestsSent} requests for {holes} holes");
            Assert.Equal(0, feed.Session.Stats.Retransmit.Packets);
            Assert.Equal(holes, feed.Session.Stats.OpenHolesHighWater);
        }

        Settle(feed, TimeSpan.FromSeconds(10));

        Assert.Equal(0UL, feed.Session.CountMissingMessages());
        Assert.True(feed.Session.Stats.RerequestsSent > 0);
        Assert.True(server.MessagesSent >= result.MessagesInGaps);
        AssertBooksEqual(Model(binary), feed.Books);

        // Holes recovered by re-request cost no instrument its trust.
        Assert.Equal(0UL, feed.Events.MessagesGivenUp);
        AssertNoneFlagged(feed.Books);
    }

    private static void AssertNoneFlagged(OrderBooks books)
    {
        for (int locate = 0; locate < books.MaxInstruments; locate++)
        {
            Assert.True(books.Flags((ushort)locate) == BookFlags.None, $"locate {locate}: {books.Flags((ushort)locate)}");
        }
    }

    [Fact]
    public void Holes_with_no_server_are_reported_as_lost_with_their_ranges()
    {
        const int seed = 12;
        string holed = Path.Combine(_dir, "lost.pcap");
        ItchCaptureResult result = ItchCaptureWriter.Write(Generator(seed, 20_000),
            new ItchCaptureOptions { Lines = 2, DropAllLines = 0.01, Seed = seed }, holed, null);
        Assert.True(result.MessagesInGaps > 0);

        using var feed = new MarketDataFeed(new MarketDataFeedOptions { Session = new MoldSessionOptions { RerequestTimeoutNs = 1_000_000 } });
        Replay(feed, holed, TimeSpan.FromSeconds(5));

        Assert.Equal((ulong)result.MessagesInGaps, feed.Session.CountMissingMessages());
        Assert.Equal(result.MessagesInGaps, (long)feed.Events.MessagesGivenUp);
        Assert.All(feed.Session.GetLosses(), r => Assert.True(r.GivenUp));
        Assert.Equal(result.Messages - result.MessagesInGaps, feed.Decode.Decoded);

        // Nobody knows which books the lost messages touched: every instrument is flagged for it,
        // the ones no message has named yet too.
        for (int locate = 0; locate < feed.Books.MaxInstruments; locate++)
        {
            Assert.True(feed.Books.Flags((ushort)locate).HasFlag(BookFlags.MessagesLost), $"locate {locate}");
        }
    }

    [Fact]
    public void A_single_unrecoverable_hole_flags_every_instrument_only_once_it_is_declared()
    {
        const int seed = 13;
        string pcap = Path.Combine(_dir, "one-hole.pcap");
        ItchCaptureWriter.Write(Generator(seed, 5_000), new ItchCaptureOptions { Lines = 1, Seed = seed }, pcap, null);
        List<byte[]> payloads = Payloads(pcap);

        using var feed = new MarketDataFeed(new MarketDataFeedOptions { Session = new MoldSessionOptions { RerequestTimeoutNs = 1000 } });
        int dropped = payloads.Count / 2;
        for (int i = 0; i < payloads.Count; i++)
        {
            if (i != dropped)
            {
                feed.OnDatagram(payloads[i], MoldLines.A);
            }
        }

        // Open but not yet given up: nothing is flagged.
        Assert.True(feed.Session.HasGap);
        AssertNoneFlagged(feed.Books);
        feed.Poll(0);
        AssertNoneFlagged(feed.Books);

        feed.Poll(1000);
        Assert.False(feed.Session.HasGap);
        Assert.True(feed.Events.MessagesGivenUp > 0);
        Assert.Single(feed.Session.GetLosses());
        for (int locate = 0; locate < feed.Books.MaxInstruments; locate++)
        {
            Assert.True(feed.Books.Flags((ushort)locate).HasFlag(BookFlags.MessagesLost), $"locate {locate}");
        }
    }

    /// <summary>
    /// <c>pcaps/itch-ab.book.csv</c> was written by <c>gw replay</c> itself; here it is checked against
    /// the naive model of the same day's BinaryFILE, written out in the <c>--book-out</c> format
    /// (symbol order, B before S, bids descending, asks ascending, four decimals) by the test.
    /// </summary>
    [Fact]
    public void The_bundled_golden_book_matches_the_naive_model()
    {
        string pcaps = Path.Combine(RepoRoot(), "pcaps");
        string binaryFile = Path.Combine(pcaps, "itch.NASDAQ_ITCH50");
        NaiveBook model = Model(binaryFile);
        var symbols = new SortedDictionary<string, ushort>(StringComparer.Ordinal);
        byte[] all = File.ReadAllBytes(binaryFile);
        for (int o = 0; o < all.Length;)
        {
            int len = BinaryPrimitives.ReadUInt16BigEndian(all.AsSpan(o));
            ReadOnlySpan<byte> m = all.AsSpan(o + 2, len);
            o += 2 + len;
            if (m[0] == (byte)'R')
            {
                // Stock Directory: locate at 1, stock (8 bytes, space padded) at 11.
                symbols[System.Text.Encoding.ASCII.GetString(m.Slice(11, 8)).TrimEnd(' ')] = BinaryPrimitives.ReadUInt16BigEndian(m.Slice(1));
            }
        }

        var expected = new System.Text.StringBuilder("symbol,side,price,shares,orders\n");
        foreach ((string symbol, ushort locate) in symbols)
        {
            foreach (byte side in "BS"u8)
            {
                foreach ((uint price, ulong shares, uint orders, _) in model.Levels(locate, side))
                {
                    expected.Append(System.Globalization.CultureInfo.InvariantCulture,
                        $"{symbol},{(char)side},{price / 10_000}.{price % 10_000:D4},{shares},{orders}\n");
                }
            }
        }

        Assert.True(symbols.Count >= 50, $"{symbols.Count} instruments in the directory");
        Assert.Equal(expected.ToString(), File.ReadAllText(Path.Combine(pcaps, "itch-ab.book.csv")));
    }

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Gateway.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("the repository root (Gateway.sln) is not above " + AppContext.BaseDirectory);
    }

    /// <summary>The UDP payloads of a capture, in order.</summary>
    private static List<byte[]> Payloads(string pcap)
    {
        var payloads = new List<byte[]>();
        using CaptureFileSource source = CaptureFile.Open(pcap);
        PacketDescriptor* batch = stackalloc PacketDescriptor[32];
        int n;
        while ((n = source.Receive(batch, 32)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(DecodeStatus.Ok, FrameDecoder.DecodeEthernet(batch[i].Span, false, out UdpDatagram d));
                payloads.Add(d.Payload.ToArray());
            }

            source.Release(batch, n);
        }

        return payloads;
    }
}
