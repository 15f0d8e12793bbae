using System.Globalization;
using System.Text;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;
using Gateway.OrderEntry.Tests.Store;

namespace Gateway.OrderEntry.Tests.Session;

/// <summary>A clock the test moves by hand: wall time for SendingTime, monotonic time for timers.</summary>
internal sealed class ManualClock : IFixClock
{
    // 2026-03-02 09:30:00 UTC.
    public long UtcNowNanos { get; set; } = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    public long MonotonicNanos { get; set; } = 1_000_000_000;

    public void Advance(TimeSpan by)
    {
        UtcNowNanos += by.Ticks * 100;
        MonotonicNanos += by.Ticks * 100;
    }

    public string Timestamp(TimeSpan offset = default) =>
        DateTimeOffset.FromUnixTimeMilliseconds((UtcNowNanos / 1_000_000) + (long)offset.TotalMilliseconds)
            .UtcDateTime.ToString("yyyyMMdd-HH:mm:ss.fff", CultureInfo.InvariantCulture);
}

/// <summary>Records what the session sends; can be told to fail.</summary>
internal sealed class RecordingTransport : IFixTransport
{
    public List<byte[]> Sent { get; } = [];

    public bool Closed { get; private set; }

    public bool FailSends { get; set; }

    /// <summary>When set, every send is also handed on (the memory pair of two sessions).</summary>
    public Action<byte[]>? Forward { get; set; }

    public bool Send(ReadOnlySpan<byte> data)
    {
        if (FailSends || Closed)
        {
            return false;
        }

        byte[] copy = data.ToArray();
        Sent.Add(copy);
        Forward?.Invoke(copy);
        return true;
    }

    public void Close() => Closed = true;
}

internal delegate void MessageHandler(FixSession session, in FixMessageView message);

internal sealed class RecordingApp : IFixApplication
{
    public int Logons { get; private set; }

    public List<string> Logouts { get; } = [];

    /// <summary>Application messages received, as text with '|' for SOH.</summary>
    public List<string> Messages { get; } = [];

    public MessageHandler? Handler { get; set; }

    public void OnLogon(FixSession session) => Logons++;

    public void OnLogout(FixSession session, string reason) => Logouts.Add(reason);

    public void OnMessage(FixSession session, in FixMessageView message)
    {
        Messages.Add(Encoding.ASCII.GetString(message.Bytes).Replace('\u0001', '|'));
        Handler?.Invoke(session, message);
    }
}

internal sealed class MemoryLog : IFixSessionLog
{
    public List<string> Lines { get; } = [];

    public void Write(FixSession session, FixLogLevel level, string text)
    {
        lock (Lines)
        {
            Lines.Add($"{level}: {text}");
        }
    }
}

/// <summary>One message as the test reads it back: type and fields by tag (first occurrence), checked for checksum.</summary>
internal sealed class SentMessage
{
    public SentMessage(byte[] bytes)
    {
        Bytes = bytes;
        Text = Encoding.ASCII.GetString(bytes).Replace('\u0001', '|');
        var table = new FixFieldTable();
        FixParseStatus status = new FixParser().Parse(bytes, table);
        Assert.True(status == FixParseStatus.Ok, $"the session sent a message that does not parse ({status}): {Text}");
        foreach (string field in Text.TrimEnd('|').Split('|'))
        {
            int eq = field.IndexOf('=');
            if (eq <= 0 || !int.TryParse(field.AsSpan(0, eq), NumberStyles.None, CultureInfo.InvariantCulture, out int tag))
            {
                continue; // the rest of a data field that holds SOH (the parser above has checked the message)
            }

            Fields.TryAdd(tag, field[(eq + 1)..]);
            Order.Add(tag);
        }
    }

    public byte[] Bytes { get; }

    public string Text { get; }

    public Dictionary<int, string> Fields { get; } = [];

    public List<int> Order { get; } = [];

    public string Type => Fields[35];

    public long Seq => long.Parse(Fields[34], CultureInfo.InvariantCulture);

    public string this[int tag] => Fields[tag];

    public override string ToString() => Text;
}

/// <summary>
/// One session under test (ours) and a scripted peer: the test writes the peer's messages by hand
/// (CompIDs, MsgSeqNum, SendingTime from the shared clock) and reads back what the session sent.
/// </summary>
internal sealed class SessionHarness : IDisposable
{
    private readonly StoreTempDir _dir;
    private int _read;

    public SessionHarness(FixRole role = FixRole.Initiator, Func<FixSessionSettings, FixSessionSettings>? configure = null, StoreTempDir? dir = null, IFixApplication? application = null)
    {
        _dir = dir ?? new StoreTempDir();
        OwnsDir = dir is null;
        FixSessionSettings settings = role == FixRole.Initiator
            ? new FixSessionSettings { Role = FixRole.Initiator, SenderCompId = "GATEWAY", TargetCompId = "VENUE", HeartBtIntSeconds = 30 }
            : new FixSessionSettings { Role = FixRole.Acceptor, SenderCompId = "VENUE", TargetCompId = "GATEWAY", HeartBtIntSeconds = 30 };
        Settings = configure?.Invoke(settings) ?? settings;
        Store = FixSessionStore.Open(_dir.Path, new FixSessionId("FIX.4.4", Settings.SenderCompId, Settings.TargetCompId),
            new FixStoreOptions { SegmentSize = 1 << 20, MaxSegments = 4 });
        Session = new FixSession(Settings, Store, application ?? App, Clock, Log);
    }

    public bool OwnsDir { get; }

    public StoreTempDir Dir => _dir;

    public FixSessionSettings Settings { get; }

    public ManualClock Clock { get; } = new();

    public MemoryLog Log { get; } = new();

    public RecordingApp App { get; } = new();

    public RecordingTransport Transport { get; private set; } = new();

    public FixSessionStore Store { get; }

    public FixSession Session { get; }

    /// <summary>The peer's next MsgSeqNum (the scripted side keeps its own count).</summary>
    public long PeerSeq { get; set; } = 1;

    public string PeerSender => Settings.TargetCompId;

    public string PeerTarget => Settings.SenderCompId;

    public void Connect()
    {
        Transport = new RecordingTransport();
        _read = 0;
        Session.Connected(Transport);
    }

    /// <summary>Builds a peer message "35=type|49|56|34|52|header body" with a correct BodyLength and CheckSum.</summary>
    public byte[] Peer(string type, string body = "", long? seq = null, string? sendingTime = null, string header = "",
        string? sender = null, string? target = null)
    {
        long s = seq ?? PeerSeq++;
        string text = $"35={type}|49={sender ?? PeerSender}|56={target ?? PeerTarget}|34={s}|52={sendingTime ?? Clock.Timestamp()}|{header}{body}";
        return Tests.Fix.Fix.Build(text);
    }

    public void Feed(byte[] bytes) => Session.Receive(bytes);

    public void FeedPeer(string type, string body = "", long? seq = null, string header = "") => Feed(Peer(type, body, seq, header: header));

    /// <summary>Initiator: connect and answer its Logon. Acceptor: connect and send the peer's Logon.</summary>
    public void LogOn(int heartBtInt = 30)
    {
        Connect();
        FeedPeer("A", $"98=0|108={heartBtInt}|");
        Assert.Equal(FixSessionState.Active, Session.State);
    }

    /// <summary>Messages sent since the last call.</summary>
    public List<SentMessage> TakeSent()
    {
        var list = new List<SentMessage>();
        for (; _read < Transport.Sent.Count; _read++)
        {
            list.Add(new SentMessage(Transport.Sent[_read]));
        }

        return list;
    }

    public SentMessage TakeOne(string type)
    {
        List<SentMessage> sent = TakeSent();
        Assert.True(sent.Count == 1, $"expected one 35={type}, got: {string.Join("  ", sent)}");
        Assert.Equal(type, sent[0].Type);
        return sent[0];
    }

    /// <summary>A NewOrderSingle body the FIX 4.4 dictionary accepts.</summary>
    public static string OrderBody(string clOrdId, string symbol = "AAPL", int qty = 100, string price = "187.25") =>
        $"11={clOrdId}|21=1|55={symbol}|54=1|60=20260302-09:30:00.000|38={qty}|40=2|44={price}|59=0|";

    /// <summary>An ExecutionReport body the dictionary accepts.</summary>
    public static string ExecBody(string clOrdId, char execType = '0') =>
        $"37=V-1|11={clOrdId}|17=E-{clOrdId}-{execType}|150={execType}|39={(execType == 'F' ? '2' : '0')}|55=AAPL|54=1|151=0|14=100|6=187.25|";

    public FixSendResult SendOrder(string clOrdId) => TestOrder.Send(Session, clOrdId, Clock.UtcNowNanos);

    public void Dispose()
    {
        Store.Dispose();
        if (OwnsDir)
        {
            _dir.Dispose();
        }
    }
}

/// <summary>A limit NewOrderSingle the FIX 4.4 dictionary accepts, sent through a session.</summary>
internal static class TestOrder
{
    /// <summary>11, 21=1, 55, 54, 60, 38, 40=2, 44 into an encoder begun with a "D" template (no allocation).</summary>
    public static void Body(FixEncoder e, ReadOnlySpan<byte> clOrdId, long transactTimeNanos, ReadOnlySpan<byte> symbol, byte side, long qty, FixPrice price)
    {
        e.AppendString(FixTag.ClOrdID, clOrdId);
        e.AppendChar(FixTag.HandlInst, (byte)'1');
        e.AppendString(FixTag.Symbol, symbol);
        e.AppendChar(FixTag.Side, side);
        e.AppendTimestamp(FixTag.TransactTime, transactTimeNanos);
        e.AppendInt(FixTag.OrderQty, qty);
        e.AppendChar(FixTag.OrdType, (byte)'2');
        e.AppendPrice(FixTag.Price, price);
    }

    public static FixSendResult Send(FixSession s, string clOrdId, long? transactTimeNanos = null, string symbol = "AAPL", char side = '1', long qty = 100, decimal price = 187.25m)
    {
        FixEncoder e = s.Begin(s.CreateTemplate("D"));
        Body(e, Encoding.ASCII.GetBytes(clOrdId), transactTimeNanos ?? SystemFixClock.Instance.UtcNowNanos, Encoding.ASCII.GetBytes(symbol), (byte)side, qty, FixPrice.FromDecimal(price));
        return s.Send();
    }
}
