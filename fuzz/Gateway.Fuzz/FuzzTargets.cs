using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Gateway.Interop;
using Gateway.MarketData.Books;
using Gateway.MarketData.Feed;
using Gateway.MarketData.MoldUdp64;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.Net.Sources;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;

namespace Gateway.Fuzz;

/// <summary>
/// One target per parser. Each takes the fuzzer's bytes as hostile input and must end in a result,
/// a counted drop, or an exception the parser documents for bad input; it never returns anything.
/// </summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["pcap"] = b => Capture(b, CaptureFormat.Pcap),
        ["pcapng"] = b => Capture(b, CaptureFormat.PcapNg),
        ["binaryfile"] = b => Capture(b, CaptureFormat.NasdaqBinaryFile),
        ["gzip"] = b => Capture(b, null),
        ["frame"] = Frame,
        ["mold-packet"] = MoldPacketView,
        ["mold-session"] = MoldSessionStream,
        ["itch-book"] = ItchBook,
        ["fix-framer"] = FixFraming,
        ["fix-parser"] = FixParseValidate,
        ["fix-session"] = FixSessionInbound,
        ["store-recovery"] = StoreRecovery,
    };

    /// <summary>A small store: segments of 256 KiB, messages up to 4 KiB, no free-space reserve (the fuzzer's disk is scratch).</summary>
    /// <remarks>
    /// Built on demand, as every object of the instrumented assemblies here: their code may run only
    /// inside <c>Fuzzer.OutOfProcess.Run</c>, once AFL++'s trace map is in place (a static initializer
    /// that ran it earlier crashes the fork server).
    /// </remarks>
    public static FixStoreOptions StoreOptions() => new()
    {
        SegmentSize = 1 << 18,
        InitialSegmentSize = 1 << 18,
        MaxMessageSize = 4096,
        MaxSegments = 4,
        IndexCapacity = 1 << 12,
        MinFreeDiskBytes = 0,
        PrefaultBytes = 0,
    };

    private static readonly string s_scratch = Path.Combine(Path.GetTempPath(), $"gw-fuzz-{Environment.ProcessId}");

    /// <summary>A capture file of the given format (null: detected, the gzip target's seeds are gzipped), read to its end.</summary>
    public static unsafe void Capture(byte[] input, CaptureFormat? format)
    {
        Directory.CreateDirectory(s_scratch);
        string path = Path.Combine(s_scratch, "capture");
        File.WriteAllBytes(path, input);
        CaptureFileSource source;
        try
        {
            source = CaptureFile.Open(path, format);
        }
        catch (PacketSourceException)
        {
            return; // refused as a capture: the documented answer
        }

        using (source)
        {
            const int Burst = 64;
            PacketDescriptor* batch = stackalloc PacketDescriptor[Burst];
            int n;
            long guard = 0;
            while ((n = source.Receive(batch, Burst)) > 0 && guard++ < 1_000_000)
            {
                for (int i = 0; i < n; i++)
                {
                    _ = FrameDecoder.DecodeEthernet(batch[i].Span, verifyIpChecksum: true, out _);
                }

                source.Release(batch, n);
            }
        }
    }

    public static void Frame(byte[] input)
    {
        _ = FrameDecoder.DecodeEthernet(input, verifyIpChecksum: false, out _);
        _ = FrameDecoder.DecodeEthernet(input, verifyIpChecksum: true, out _);
    }

    public static void MoldPacketView(byte[] input)
    {
        if (MoldPacket.TryParse(input, out MoldPacket packet) == MoldPacketStatus.Ok)
        {
            foreach (ReadOnlySpan<byte> message in packet)
            {
                _ = message.Length;
            }
        }
    }

    /// <summary>Datagrams as <c>[line u8][length u16 BE][bytes]</c>, fed to a session on two lines, then polled.</summary>
    public static void MoldSessionStream(byte[] input)
    {
        var session = new MoldSession<NullHandler>(default, new MoldSessionOptions { GapBufferBytes = 1 << 16, MaxBufferedPackets = 64 });
        ReadOnlySpan<byte> rest = input;
        while (rest.Length >= 3)
        {
            int line = rest[0] & 1;
            int length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(rest[1..]), rest.Length - 3);
            session.OnDatagram(rest.Slice(3, length), line);
            rest = rest[(3 + length)..];
        }

        _ = session.Poll(long.MaxValue / 2);
    }

    /// <summary>BinaryFILE-style records (<c>[length u16 BE][message]</c>) through the ITCH decoder into small books.</summary>
    public static void ItchBook(byte[] input)
    {
        using var feed = new MarketDataFeed(new MarketDataFeedOptions
        {
            Books = new BookOptions { MaxInstruments = 16, MaxOrders = 256, MaxLevels = 256, MaxLevelsPerSide = 64, LevelSlotArena = 1024, RefWindow = 64 },
        });
        ReadOnlySpan<byte> rest = input;
        while (rest.Length >= 2)
        {
            int length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(rest), rest.Length - 2);
            feed.OnMessage(rest.Slice(2, length));
            rest = rest[(2 + length)..];
        }
    }

    /// <summary>A byte stream cut into whole messages, garbled runs skipped, as a session's receive buffer does.</summary>
    public static void FixFraming(byte[] input)
    {
        ReadOnlySpan<byte> rest = input;
        int guard = 0;
        while (!rest.IsEmpty && guard++ < 100_000)
        {
            FixFrame frame = FixFramer.Next(rest);
            if (frame.Length <= 0 || frame.Length > rest.Length)
            {
                break;
            }

            rest = rest[frame.Length..];
        }
    }

    private static FixParser? s_parser;
    private static FixFieldTable? s_table;
    private static FixValidator? s_validator;

    public static void FixParseValidate(byte[] input)
    {
        s_parser ??= new FixParser();
        s_table ??= new FixFieldTable();
        s_validator ??= new FixValidator(FixDictionary.Fix44);
        if (s_parser.Parse(input, s_table) == FixParseStatus.Ok)
        {
            _ = s_validator.Validate(new FixMessageView(input, s_table));
        }
    }

    /// <summary>An acceptor's inbound stream: whatever a peer sends after connecting.</summary>
    public static void FixSessionInbound(byte[] input)
    {
        string dir = Path.Combine(s_scratch, "session");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        var settings = new FixSessionSettings { Role = FixRole.Acceptor, SenderCompId = "VENUE", TargetCompId = "GATEWAY", HeartBtIntSeconds = 30 };
        using FixSessionStore store = FixSessionStore.Open(dir, new FixSessionId("FIX.4.4", "VENUE", "GATEWAY"), StoreOptions());
        var session = new FixSession(settings, store, new NullApplication());
        session.Connected(new NullTransport());
        session.Receive(input);
    }

    /// <summary>The first byte picks the file the rest becomes (the state file or the first journal segment), then the store opens on it.</summary>
    public static void StoreRecovery(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        string dir = Path.Combine(s_scratch, "store");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        var id = new FixSessionId("FIX.4.4", "GATEWAY", "VENUE");
        string session = Path.Combine(dir, id.DirectoryName);
        Directory.CreateDirectory(session);
        string file = (input[0] & 1) == 0 ? FixSessionStore.StateFileName : "journal-0000000001-000000.seg";
        File.WriteAllBytes(Path.Combine(session, file), input[1..]);
        try
        {
            using FixSessionStore store = FixSessionStore.Open(dir, id, StoreOptions());
            for (ulong s = 1; s < 64; s++)
            {
                _ = store.TryGet(s, out _);
            }
        }
        catch (FixStoreException)
        {
            // Corruption named with its path: the documented answer.
        }
    }

    private struct NullHandler : IMoldMessageHandler
    {
        public readonly bool PrioritizesMessages => false;

        public readonly bool IsPriority(ReadOnlySpan<byte> message) => false;

        public readonly void OnMessage(ReadOnlySpan<byte> message, ulong sequence)
        {
        }

        public readonly void OnSessionEvent(MoldSessionEvent sessionEvent, ulong sequence, ulong count)
        {
        }

        public readonly bool WantsLookahead => true;

        public readonly void OnLookahead(ReadOnlySpan<byte> message, int stage)
        {
        }
    }

    private sealed class NullApplication : IFixApplication
    {
        public void OnLogon(FixSession session)
        {
        }

        public void OnLogout(FixSession session, string reason)
        {
        }

        public void OnMessage(FixSession session, in FixMessageView message)
        {
        }
    }

    private sealed class NullTransport : IFixTransport
    {
        public bool Send(ReadOnlySpan<byte> data) => true;

        public void Close()
        {
        }
    }
}
