using System.Text;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Store;

namespace Gateway.OrderEntry.Session;

/// <summary>
/// One FIX 4.4 session (FIX 4.4 Volume 2, "Session Protocol", and the FIX Session-level Test Cases):
/// the state machine between a byte stream and the application, independent of sockets. The owner
/// (<see cref="FixInitiator"/>, <see cref="FixAcceptor"/>, or a test) connects it to an
/// <see cref="IFixTransport"/>, hands it received bytes (<see cref="GetReceiveSpace"/> /
/// <see cref="OnReceived"/>) and calls <see cref="Poll"/> for its timers, all on one thread.
/// <para><b>Sequence numbers and sent messages</b> live in a <see cref="FixSessionStore"/>: an
/// application message is journaled before it is written to the connection, and both sequence
/// numbers are written to the mapped state page after every message in either direction (no
/// system call, no fsync on this thread). Admin messages are not journaled: a resend replaces
/// them with SequenceReset-GapFill, as the protocol asks.</para>
/// <para><b>Sending</b> an application message: <c>Begin(template)</c> returns the encoder, the
/// caller appends the body fields, <see cref="Send"/> stamps MsgSeqNum and SendingTime, journals and
/// writes. Nothing is allocated; the only system call is the connection's send.</para>
/// </summary>
public sealed partial class FixSession
{
    private readonly FixSessionSettings _settings;
    private readonly FixSessionStore _store;
    private readonly IFixApplication _application;
    private readonly IFixClock _clock;
    private readonly IFixSessionLog _log;
    private readonly FixParser _parser;
    private readonly FixFieldTable _table = new();
    private readonly FixFieldTable _resendTable = new();
    private readonly FixValidator _validator;
    private readonly FixInboundQueue _queue;
    private readonly byte[]? _username;
    private readonly byte[] _senderCompId;
    private readonly byte[] _targetCompId;

    private readonly FixEncoder _appEncoder;
    private readonly FixEncoder _adminEncoder;
    private readonly FixEncoder _resendEncoder;
    private readonly int _resendCapacity;
    private readonly Dictionary<int, FixMessageTemplate> _templates = [];
    private readonly FixMessageTemplate _logon;
    private readonly FixMessageTemplate _heartbeat;
    private readonly FixMessageTemplate _testRequest;
    private readonly FixMessageTemplate _resendRequest;
    private readonly FixMessageTemplate _reject;
    private readonly FixMessageTemplate _sequenceReset;
    private readonly FixMessageTemplate _logout;
    private readonly FixMessageTemplate _businessReject;

    // Receive buffer: bytes [_rxStart, _rxEnd) are received and not yet framed.
    private readonly byte[] _rx;
    private int _rxStart;
    private int _rxEnd;

    private IFixTransport? _transport;
    private FixSessionState _state;
    private ulong _nextSender;
    private ulong _nextTarget;
    private long _heartBtNs;
    private long _lastSentMono;
    private long _lastReceivedMono;
    private long _testRequestSentMono;
    private long _testRequestId;
    private long _deadlineMono;
    private bool _sentResetFlag;
    private readonly long _maxLatencyNs;

    // Our outstanding ResendRequest: [_resendBegin, infinity) asked for after seeing _resendEnd.
    private bool _resendOutstanding;
    private bool _resendBounded;
    private ulong _resendBegin;
    private ulong _resendEnd;
    private long _resendProgressMono;

    public FixSession(FixSessionSettings settings, FixSessionStore store, IFixApplication application,
        IFixClock? clock = null, IFixSessionLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(application);
        settings.Validate();
        if (store.SessionId.SenderCompId != settings.SenderCompId || store.SessionId.TargetCompId != settings.TargetCompId)
        {
            throw new ArgumentException($"FIX session {settings.SenderCompId}->{settings.TargetCompId}: the store belongs to {store.SessionId}");
        }

        _settings = settings;
        _store = store;
        _application = application;
        _clock = clock ?? SystemFixClock.Instance;
        _log = log ?? NullFixSessionLog.Instance;
        _parser = new FixParser(settings.MaxMessageLength);
        _validator = new FixValidator(settings.Dictionary, settings.Validation);
        _queue = new FixInboundQueue(settings.InboundQueueBytes);
        _username = settings.Username is null ? null : Encoding.ASCII.GetBytes(settings.Username);
        _senderCompId = Encoding.ASCII.GetBytes(settings.SenderCompId);
        _targetCompId = Encoding.ASCII.GetBytes(settings.TargetCompId);
        _appEncoder = new FixEncoder(new byte[settings.MaxMessageLength + 512]);
        _adminEncoder = new FixEncoder(new byte[4096]);
        _resendCapacity = settings.MaxMessageLength + 512;
        _resendEncoder = new FixEncoder(new byte[_resendCapacity]);
        _rx = new byte[(2 * settings.MaxMessageLength) + (64 << 10)];
        _maxLatencyNs = settings.MaxLatency.Ticks * 100;

        _logon = CreateTemplate(FixMsgType.Logon);
        _heartbeat = CreateTemplate(FixMsgType.Heartbeat);
        _testRequest = CreateTemplate(FixMsgType.TestRequest);
        _resendRequest = CreateTemplate(FixMsgType.ResendRequest);
        _reject = CreateTemplate(FixMsgType.Reject);
        _sequenceReset = CreateTemplate(FixMsgType.SequenceReset);
        _logout = CreateTemplate(FixMsgType.Logout);
        _businessReject = CreateTemplate(FixMsgType.BusinessMessageReject);
        _nextSender = store.NextSenderSeqNum;
        _nextTarget = store.NextTargetSeqNum;
    }

    public FixSessionSettings Settings => _settings;

    public FixSessionStore Store => _store;

    public FixSessionState State => _state;

    public bool IsLoggedOn => _state == FixSessionState.Active;

    public FixSessionCounters Counters { get; } = new();

    /// <summary>MsgSeqNum of the next message we send.</summary>
    public ulong NextSenderSeqNum => _nextSender;

    /// <summary>MsgSeqNum we expect on the next message from the peer.</summary>
    public ulong NextTargetSeqNum => _nextTarget;

    /// <summary>Heartbeat interval in force (ours as initiator, the initiator's as acceptor), in seconds.</summary>
    public int HeartBtIntSeconds => (int)(_heartBtNs / 1_000_000_000);

    /// <summary>Whether a ResendRequest of ours is waiting to be answered.</summary>
    public bool IsRecoveringGap => _resendOutstanding;

    /// <summary>Why the last connection ended (null before the first disconnect).</summary>
    public string? LastDisconnectReason { get; private set; }

    /// <summary>The constant header of messages of <paramref name="msgType"/> on this session; build once at start-up.</summary>
    public FixMessageTemplate CreateTemplate(string msgType) =>
        new(msgType, _settings.SenderCompId, _settings.TargetCompId, _settings.SendingTimePrecision);

    // ---- Connection ------------------------------------------------------------------------------

    /// <summary>
    /// A connection is up: an initiator sends its Logon (after resetting both sequence numbers when
    /// <see cref="FixSessionSettings.ResetOnLogon"/>); an acceptor waits for the peer's.
    /// </summary>
    public void Connected(IFixTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (_state != FixSessionState.Disconnected)
        {
            Gateway.Core.ThrowHelper.InvalidOperation("FIX session is already connected");
        }

        _transport = transport;
        _rxStart = 0;
        _rxEnd = 0;
        long now = _clock.MonotonicNanos;
        _lastReceivedMono = now;
        _lastSentMono = now;
        _testRequestSentMono = 0;
        _resendOutstanding = false;
        _sentResetFlag = false;
        _queue.Clear();
        _nextSender = _store.NextSenderSeqNum;
        _nextTarget = _store.NextTargetSeqNum;
        _deadlineMono = now + (_settings.LogonTimeout.Ticks * 100);
        _heartBtNs = (long)_settings.HeartBtIntSeconds * 1_000_000_000;
        if (_settings.Role == FixRole.Initiator)
        {
            if (_settings.ResetOnLogon)
            {
                ResetSequenceNumbers();
                _sentResetFlag = true;
            }

            _state = FixSessionState.LogonSent;
            Info($"connected; Logon sent (MsgSeqNum {_nextSender}, expecting {_nextTarget}, HeartBtInt {_settings.HeartBtIntSeconds}{(_sentResetFlag ? ", ResetSeqNumFlag=Y" : "")})");
            SendLogon(_settings.HeartBtIntSeconds, _sentResetFlag);
        }
        else
        {
            _state = FixSessionState.AwaitingLogon;
            Info("connected; waiting for Logon");
        }
    }

    /// <summary>The owner saw the connection end (EOF, socket error): the session is disconnected.</summary>
    public void ConnectionLost(string reason) => Disconnect(reason);

    /// <summary>
    /// Starts the logout handshake (or drops a connection that is not logged on yet). The session
    /// disconnects when the peer answers or after <see cref="FixSessionSettings.LogoutTimeout"/>.
    /// </summary>
    public void Logout(string? text = null)
    {
        switch (_state)
        {
            case FixSessionState.Active:
                Info($"logging out{(text is null ? "" : ": " + text)}");
                SendLogout(text);
                if (_state != FixSessionState.Disconnected)
                {
                    _state = FixSessionState.LogoutSent;
                    _deadlineMono = _clock.MonotonicNanos + (_settings.LogoutTimeout.Ticks * 100);
                }

                break;
            case FixSessionState.LogonSent:
            case FixSessionState.AwaitingLogon:
                Disconnect(text ?? "logout before logon completed");
                break;
        }
    }

    private void Disconnect(string reason)
    {
        if (_state == FixSessionState.Disconnected)
        {
            return;
        }

        bool wasLoggedOn = _state is FixSessionState.Active or FixSessionState.LogoutSent;
        _state = FixSessionState.Disconnected;
        IFixTransport? t = _transport;
        _transport = null;
        t?.Close();
        Counters.Disconnects++;
        LastDisconnectReason = reason;
        Info($"disconnected: {reason} (next sender {_nextSender}, next target {_nextTarget})");
        if (wasLoggedOn)
        {
            _application.OnLogout(this, reason);
        }
    }

    /// <summary>Both sequence numbers back to 1 in a new store epoch (the old journal is archived).</summary>
    private void ResetSequenceNumbers()
    {
        _store.Reset();
        _nextSender = 1;
        _nextTarget = 1;
        _resendOutstanding = false;
        _queue.Clear();
    }

    private void SaveSequenceNumbers() => _store.SetSequenceNumbers(_nextSender, _nextTarget);

    // ---- Application sending ---------------------------------------------------------------------

    /// <summary>Starts an application message; append the body fields to the returned encoder, then call <see cref="Send"/>.</summary>
    public FixEncoder Begin(FixMessageTemplate template)
    {
        _appEncoder.Begin(template);
        return _appEncoder;
    }

    /// <summary>
    /// Stamps the message begun with <see cref="Begin"/> with the next MsgSeqNum and the SendingTime,
    /// journals it and writes it to the connection. Only when logged on (orders are never queued).
    /// </summary>
    public FixSendResult Send()
    {
        if (_state != FixSessionState.Active)
        {
            return FixSendResult.NotLoggedOn;
        }

        ulong seq = _nextSender;
        ReadOnlySpan<byte> message = _appEncoder.Finish((int)seq, _clock.UtcNowNanos);
        FixSendResult journaled = Journal(message, seq);
        return journaled != FixSendResult.Sent ? journaled : Transmit(message);
    }

    /// <summary>The session clock's UTC time, for the SendingTime of a message encoded outside the session.</summary>
    public long UtcNowNanos => _clock.UtcNowNanos;

    /// <summary>
    /// First half of sending an application message encoded outside the session (the engine's
    /// order encoder): checks that it carries the next MsgSeqNum (<paramref name="msgSeqNum"/> must be
    /// <see cref="NextSenderSeqNum"/>), journals it and moves the sequence on. Returns
    /// <see cref="FixSendResult.Sent"/> when the message may now be handed to <see cref="Transmit"/>;
    /// anything else means nothing was journaled and the sequence did not move.
    /// </summary>
    public FixSendResult Journal(ReadOnlySpan<byte> message, ulong msgSeqNum)
    {
        if (_state != FixSessionState.Active)
        {
            return FixSendResult.NotLoggedOn;
        }

        if (msgSeqNum != _nextSender)
        {
            ThrowWrongSequence(msgSeqNum, _nextSender);
        }

        AppendResult stored = _store.Append(msgSeqNum, message);
        if (stored != AppendResult.Ok)
        {
            Counters.StoreFailures++;
            Error($"store refused MsgSeqNum {msgSeqNum}: {stored} {_store.LastStorageError}; message not sent");
            return FixSendResult.StoreFailed;
        }

        _nextSender = msgSeqNum + 1;
        SaveSequenceNumbers();
        Counters.ApplicationMessagesSent++;
        return FixSendResult.Sent;
    }

    /// <summary>
    /// Second half: writes a message <see cref="Journal"/> accepted to the connection (the one system
    /// call of sending). A message journaled but not written is resent on the peer's ResendRequest.
    /// </summary>
    public FixSendResult Transmit(ReadOnlySpan<byte> message) => Write(message) ? FixSendResult.Sent : FixSendResult.ConnectionLost;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowWrongSequence(ulong encoded, ulong next) =>
        Gateway.Core.ThrowHelper.InvalidOperation($"FIX session: message encoded with MsgSeqNum {encoded}, the session's next is {next}");

    private bool Write(ReadOnlySpan<byte> message)
    {
        IFixTransport? t = _transport;
        if (t is null)
        {
            return false;
        }

        Counters.MessagesSent++;
        _lastSentMono = _clock.MonotonicNanos;
        if (!t.Send(message))
        {
            Disconnect("connection failed while sending");
            return false;
        }

        return true;
    }

    // ---- Timers ----------------------------------------------------------------------------------

    /// <summary>
    /// Heartbeats, TestRequest after silence, logon/logout timeouts, a stalled ResendRequest. Cheap
    /// enough to call on every loop; returns 1 when it did something.
    /// </summary>
    public int Poll()
    {
        if (_state == FixSessionState.Disconnected)
        {
            return 0;
        }

        long now = _clock.MonotonicNanos;
        switch (_state)
        {
            case FixSessionState.LogonSent:
            case FixSessionState.AwaitingLogon:
                if (now - _deadlineMono >= 0)
                {
                    Counters.LogonFailures++;
                    Disconnect(_state == FixSessionState.LogonSent
                        ? $"no Logon answer within {_settings.LogonTimeout.TotalSeconds:0.###} s"
                        : $"peer did not log on within {_settings.LogonTimeout.TotalSeconds:0.###} s");
                    return 1;
                }

                return 0;
            case FixSessionState.LogoutSent:
                if (now - _deadlineMono >= 0)
                {
                    Disconnect($"no Logout answer within {_settings.LogoutTimeout.TotalSeconds:0.###} s");
                    return 1;
                }

                return 0;
        }

        int work = 0;
        long hb = _heartBtNs;
        if (hb > 0)
        {
            // "Reasonable transmission time": 20 % of the interval, as is common practice. A TestRequest
            // left unanswered for a further heartbeat interval means the link is gone (test case 6):
            // disconnect, checked before our own heartbeat falls due at that same moment.
            long grace = hb + (hb / 5);
            if (_testRequestSentMono != 0)
            {
                if (now - _testRequestSentMono >= hb)
                {
                    Disconnect($"no answer to TestRequest within {hb / 1_000_000} ms (heartbeat timeout)");
                    return 1;
                }
            }
            else if (now - _lastReceivedMono >= grace)
            {
                SendTestRequest();
                _testRequestSentMono = now;
                work = 1;
            }

            if (_state == FixSessionState.Active && now - _lastSentMono >= hb)
            {
                SendHeartbeat(default);
                work = 1;
            }
        }

        if (_resendOutstanding && now - _resendProgressMono >= _settings.ResendTimeout.Ticks * 100 && _state == FixSessionState.Active)
        {
            Warn($"ResendRequest from {_resendBegin} made no progress in {_settings.ResendTimeout.TotalSeconds:0.###} s; asking again from {_nextTarget}");
            _resendOutstanding = false;
            RequestResend(_resendBounded ? _resendEnd + 1 : _resendEnd, _resendBounded);
            work = 1;
        }

        return work;
    }

    // ---- Logging helpers (events only, never per normal message) ------------------------------------

    private void Info(string text) => _log.Write(this, FixLogLevel.Info, text);

    private void Warn(string text) => _log.Write(this, FixLogLevel.Warning, text);

    private void Error(string text) => _log.Write(this, FixLogLevel.Error, text);

    public override string ToString() => $"FIX.4.4:{_settings.SenderCompId}->{_settings.TargetCompId} {_state}";
}
