using System.Net;
using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;
using Gateway.MarketData.MoldUdp64;

namespace Gateway.MarketData.Feed;

/// <summary>Settings of a <see cref="MarketDataFeed"/>.</summary>
public sealed record MarketDataFeedOptions
{
    /// <summary>Line A's destination (group, port); null: the first MoldUDP64 destination seen.</summary>
    public (uint Address, ushort Port)? LineA { get; init; }

    /// <summary>Line B's destination; null: the second distinct destination seen.</summary>
    public (uint Address, ushort Port)? LineB { get; init; }

    /// <summary>Where to send re-requests for holes neither line filled; null: give up on them after the timeout.</summary>
    public IPEndPoint? RerequestServer { get; init; }

    public MoldSessionOptions Session { get; init; } = new();

    public BookOptions Books { get; init; } = new();

    public int MaxInstruments { get; init; } = 65536;

    /// <summary>Decode every message but leave the books alone (measures the decoder on its own).</summary>
    public bool DecodeOnly { get; init; }
}

/// <summary>The feed handler without a listener above the books (replays of market data alone, tests).</summary>
public sealed class MarketDataFeed(MarketDataFeedOptions options) : MarketDataFeed<NoBookListener>(options, default);

/// <summary>
/// The feed handler: MoldUDP64 (A/B arbitration, gap buffer, re-request) → ITCH 5.0 decode → L3
/// books, then <typeparamref name="TListener"/> (the engine) hears what changed. One writer thread
/// calls the <c>On*</c> methods and <see cref="Poll"/>.
/// </summary>
/// <remarks>
/// When the session declares messages lost (<see cref="MoldSessionEvent.MessagesLost"/>), every
/// instrument is flagged <see cref="BookFlags.MessagesLost"/> (<see cref="OrderBooks.FlagAllInstruments"/>):
/// the feed cannot tell which books the lost messages touched. Holes recovered in time flag nothing.
/// </remarks>
public class MarketDataFeed<TListener> : IMarketDataFeed
    where TListener : struct, IBookListener
{
    private readonly MoldSession<ItchFeedSink<TListener>> _session;
    private readonly UdpRerequestSender? _rerequest;
    private readonly byte[] _retransmitBuffer = new byte[65536];
    private uint _lineAAddress;
    private ushort _lineAPort;
    private uint _lineBAddress;
    private ushort _lineBPort;
    private bool _lineAKnown;
    private bool _lineBKnown;
    private ItchFeedSink<TListener> _rawSink;
    private ulong _rawSequence;
    private readonly int _maxTrackedHoles;

    public MarketDataFeed(MarketDataFeedOptions options, TListener listener)
    {
        ArgumentNullException.ThrowIfNull(options);
        Books = new OrderBooks(options.Books);
        Directory = new InstrumentDirectory(options.MaxInstruments);
        var sink = new ItchFeedSink<TListener>(new BookUpdater<TListener>(Books, Directory, options.DecodeOnly, listener), Decode, Events);
        _rawSink = sink;
        _rerequest = options.RerequestServer is { } server ? new UdpRerequestSender(server) : null;
        _session = new MoldSession<ItchFeedSink<TListener>>(sink, options.Session, _rerequest);
        _maxTrackedHoles = options.Session.MaxTrackedHoles;
        if (options.LineA is { } a)
        {
            (_lineAAddress, _lineAPort, _lineAKnown) = (a.Address, a.Port, true);
        }

        if (options.LineB is { } b)
        {
            (_lineBAddress, _lineBPort, _lineBKnown) = (b.Address, b.Port, true);
        }
    }

    public OrderBooks Books { get; }

    public InstrumentDirectory Directory { get; }

    public ItchDecodeStats Decode { get; } = new();

    public FeedEvents Events { get; } = new();

    public MoldSession<ItchFeedSink<TListener>> Session => _session;

    public ref readonly MoldSessionStats SessionStats => ref _session.Stats;

    public bool HasGap => _session.HasGap;

    /// <summary>The MoldUDP64 session being followed (empty before the first packet, and for a source without sessions).</summary>
    public ReadOnlySpan<byte> SessionId => _session.HasSession ? _session.SessionId : default;

    public GapBufferFigures GapBuffer =>
        new(_session.GapBufferSlots, _session.GapBufferSlotBytes, _session.BufferedPackets, _session.BufferedBytes, _maxTrackedHoles);

    public IReadOnlyList<MoldLossRange> GetLosses() => _session.GetLosses();

    public ulong CountMissingMessages() => _session.CountMissingMessages();

    /// <summary>Datagrams to neither line (another feed on the wire).</summary>
    public long OtherDestinations { get; private set; }

    /// <summary>A MoldUDP64 datagram from the wire; the destination picks the line.</summary>
    public void OnDatagram(uint destinationAddress, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        int line = LineOf(destinationAddress, destinationPort);
        if (line < 0)
        {
            OtherDestinations++;
            return;
        }

        _session.OnDatagram(payload, line);
    }

    /// <summary>A MoldUDP64 datagram whose line is known (a kernel socket per line).</summary>
    public void OnDatagram(ReadOnlySpan<byte> payload, int line) => _session.OnDatagram(payload, line);

    /// <summary>
    /// One bare ITCH message (a NASDAQ BinaryFILE record): no session, straight to the decoder. Its
    /// sequence number is its position in the stream (1, 2, ...), which is the MoldUDP64 sequence it
    /// would carry in a session that started with it.
    /// </summary>
    public void OnMessage(ReadOnlySpan<byte> message) => _rawSink.OnMessage(message, ++_rawSequence);

    /// <summary>A bare ITCH message that <see cref="OnMessage"/> will get a few calls from now: prefetch for it.</summary>
    public void Lookahead(ReadOnlySpan<byte> message, int stage) => _rawSink.OnLookahead(message, stage);

    /// <summary>Whether announcing upcoming messages (<see cref="Lookahead"/>) pays now: see <see cref="OrderBooks.DecideLookahead"/>.</summary>
    public bool WantsLookahead => _rawSink.WantsLookahead;

    /// <summary>
    /// Timers: re-requests and giving up on holes. Cheap when there is no hole; with a re-request
    /// server it also drains retransmissions (a non-blocking receive) while a hole is open.
    /// </summary>
    public void Poll(long nowNs)
    {
        if (!_session.HasGap)
        {
            return;
        }

        if (_rerequest is not null)
        {
            int n;
            while ((n = _rerequest.TryReceive(_retransmitBuffer)) > 0)
            {
                _session.OnDatagram(_retransmitBuffer.AsSpan(0, n), MoldLines.Retransmit);
            }
        }

        _session.Poll(nowNs);
    }

    private int LineOf(uint address, ushort port)
    {
        if (_lineAKnown && address == _lineAAddress && port == _lineAPort)
        {
            return MoldLines.A;
        }

        if (_lineBKnown && address == _lineBAddress && port == _lineBPort)
        {
            return MoldLines.B;
        }

        return AssignLine(address, port);
    }

    private int AssignLine(uint address, ushort port)
    {
        if (!_lineAKnown)
        {
            (_lineAAddress, _lineAPort, _lineAKnown) = (address, port, true);
            return MoldLines.A;
        }

        if (!_lineBKnown)
        {
            (_lineBAddress, _lineBPort, _lineBKnown) = (address, port, true);
            return MoldLines.B;
        }

        return -1;
    }

    public (uint Address, ushort Port)? LineA => _lineAKnown ? (_lineAAddress, _lineAPort) : null;

    public (uint Address, ushort Port)? LineB => _lineBKnown ? (_lineBAddress, _lineBPort) : null;

    public void Dispose()
    {
        Books.Dispose();
        _rerequest?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What reports read of a feed, whatever listener it was built with (cold).</summary>
public interface IMarketDataFeed : IDisposable
{
    OrderBooks Books { get; }

    InstrumentDirectory Directory { get; }

    ItchDecodeStats Decode { get; }

    FeedEvents Events { get; }

    ref readonly MoldSessionStats SessionStats { get; }

    bool HasGap { get; }

    ReadOnlySpan<byte> SessionId { get; }

    /// <summary>The MoldUDP64 gap buffer's size and what it holds now (its high-water marks are in <see cref="SessionStats"/>).</summary>
    GapBufferFigures GapBuffer { get; }

    long OtherDestinations { get; }

    (uint Address, ushort Port)? LineA { get; }

    (uint Address, ushort Port)? LineB { get; }

    IReadOnlyList<MoldLossRange> GetLosses();

    ulong CountMissingMessages();

    /// <summary>Timers (re-requests, giving up on holes); the feed's writer thread only.</summary>
    void Poll(long nowNs);
}

/// <summary>
/// The MoldUDP64 gap buffer's shape and contents now: <see cref="Slots"/> packets of up to
/// <see cref="SlotBytes"/> each, <see cref="HeldPackets"/> (<see cref="HeldBytes"/>) held, and the
/// most holes with their own re-request timer (<see cref="MoldSessionOptions.MaxTrackedHoles"/>).
/// </summary>
public readonly record struct GapBufferFigures(int Slots, int SlotBytes, int HeldPackets, long HeldBytes, int MaxTrackedHoles);
