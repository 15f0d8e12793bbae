using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Session;

public enum FixSessionState : byte
{
    /// <summary>No connection.</summary>
    Disconnected = 0,

    /// <summary>Connected as initiator, our Logon sent, waiting for the answer.</summary>
    LogonSent = 1,

    /// <summary>Connected as acceptor, waiting for the peer's Logon.</summary>
    AwaitingLogon = 2,

    /// <summary>Logged on: application messages flow.</summary>
    Active = 3,

    /// <summary>Our Logout sent, waiting for the answer (or the timeout).</summary>
    LogoutSent = 4,
}

/// <summary>BusinessRejectReason (380) values of FIX 4.4.</summary>
public enum BusinessRejectReason
{
    Other = 0,
    UnknownId = 1,
    UnknownSecurity = 2,
    UnsupportedMessageType = 3,
    ApplicationNotAvailable = 4,
    ConditionallyRequiredFieldMissing = 5,
    NotAuthorized = 6,
    DeliverToFirmNotAvailable = 7,
}

/// <summary>What <see cref="FixSession.Send"/> did with an application message.</summary>
public enum FixSendResult : byte
{
    /// <summary>Journaled and handed to the connection.</summary>
    Sent = 0,

    /// <summary>Not logged on: nothing sent, no sequence number used (orders are never queued for later).</summary>
    NotLoggedOn = 1,

    /// <summary>The store refused the message (full, disk error): nothing sent, the session is left as it was.</summary>
    StoreFailed = 2,

    /// <summary>The connection failed while sending: the message is journaled and will be resent on request after reconnecting.</summary>
    ConnectionLost = 3,
}

/// <summary>The wall clock (SendingTime) and the monotonic clock (timers) a session runs on; tests drive their own.</summary>
public interface IFixClock
{
    /// <summary>UTC nanoseconds since 1970-01-01.</summary>
    long UtcNowNanos { get; }

    /// <summary>Monotonic nanoseconds (any origin).</summary>
    long MonotonicNanos { get; }
}

public sealed class SystemFixClock : IFixClock
{
    public static SystemFixClock Instance { get; } = new();

    private const long UnixEpochTicks = 621_355_968_000_000_000;

    public long UtcNowNanos => (DateTime.UtcNow.Ticks - UnixEpochTicks) * 100;

    public long MonotonicNanos => Gateway.Core.MonotonicClock.NowNs();
}

/// <summary>Where a session's bytes go. Owned by the initiator/acceptor that connected it.</summary>
public interface IFixTransport
{
    /// <summary>Sends the whole span or keeps the rest for later; false when the connection is broken or its buffer overflowed.</summary>
    bool Send(ReadOnlySpan<byte> data);

    /// <summary>Closes the connection (idempotent).</summary>
    void Close();
}

/// <summary>The application above a session. Called on the session's thread.</summary>
public interface IFixApplication
{
    void OnLogon(FixSession session);

    void OnLogout(FixSession session, string reason);

    /// <summary>An application message, in sequence order, already checked (sequence, CompIDs, dictionary).
    /// The view and its bytes are valid only during the call.</summary>
    void OnMessage(FixSession session, in FixMessageView message);
}

public enum FixLogLevel : byte
{
    Info = 0,
    Warning = 1,
    Error = 2,
}

/// <summary>Session events (logon, logout, gaps, rejects, garbled input). Never called per normal message.</summary>
public interface IFixSessionLog
{
    void Write(FixSession session, FixLogLevel level, string text);
}

public sealed class NullFixSessionLog : IFixSessionLog
{
    public static NullFixSessionLog Instance { get; } = new();

    public void Write(FixSession session, FixLogLevel level, string text)
    {
    }
}

/// <summary>One line per event on standard error: time, session, level, text (Console.Error is synchronised).</summary>
public sealed class ConsoleFixSessionLog : IFixSessionLog
{
    /// <summary>One line on standard error; the text is escaped (<see cref="Gateway.Core.Text.LogText"/>): it may carry what a peer sent.</summary>
    public void Write(FixSession session, FixLogLevel level, string text) =>
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.ffffff} {session.Settings.SenderCompId}->{session.Settings.TargetCompId} {level.ToString().ToLowerInvariant()}: {Gateway.Core.Text.LogText.Escape(text)}");
}

/// <summary>Counters of one session (single writer: the session thread; readers see recent values).</summary>
public sealed class FixSessionCounters
{
    public long MessagesReceived;
    public long MessagesSent;
    public long ApplicationMessagesReceived;
    public long ApplicationMessagesSent;
    public long Garbled;
    public long HeartbeatsSent;
    public long TestRequestsSent;
    public long RejectsSent;
    public long RejectsReceived;
    public long BusinessRejectsSent;
    public long ResendRequestsSent;
    public long ResendRequestsReceived;
    public long MessagesResent;
    public long GapFillsSent;
    public long GapFillsReceived;
    public long SequenceResetsReceived;
    public long PossDupIgnored;
    public long TooHighDiscarded;
    public long Logons;
    public long Disconnects;
    public long LogonFailures;
    public long StoreFailures;
}
