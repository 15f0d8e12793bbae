namespace Gateway.OrderEntry.Session;

/// <summary>Which side opens the TCP connection and sends the first Logon.</summary>
public enum FixRole : byte
{
    Initiator = 0,
    Acceptor = 1,
}

/// <summary>
/// Configuration of one FIX 4.4 session. Every value is checked by <see cref="Validate"/>, which names
/// the setting at fault; the defaults are what a venue connection usually runs with.
/// </summary>
public sealed record FixSessionSettings
{
    /// <summary>Our CompID (tag 49 on what we send).</summary>
    public string SenderCompId { get; init; } = "GATEWAY";

    /// <summary>The counterparty's CompID (tag 56 on what we send).</summary>
    public string TargetCompId { get; init; } = "VENUE";

    public FixRole Role { get; init; } = FixRole.Initiator;

    /// <summary>HeartBtInt (108) an initiator proposes, in seconds; an acceptor adopts the initiator's. 0 = no heartbeats.</summary>
    public int HeartBtIntSeconds { get; init; } = 30;

    /// <summary>Both sequence numbers back to 1 on every logon (141=Y on the initiator's Logon; an acceptor resets on any Logon).</summary>
    public bool ResetOnLogon { get; init; }

    /// <summary>
    /// Largest difference allowed between a message's SendingTime (52) and our clock before it is
    /// rejected (SessionRejectReason 10) and the session logged out. Zero turns the check off.
    /// </summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long to wait for the Logon answer (initiator) or the first Logon after connecting (acceptor).</summary>
    public TimeSpan LogonTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the Logout answer before dropping the connection.</summary>
    public TimeSpan LogoutTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// An outstanding ResendRequest that has moved nothing for this long is sent again (a peer that
    /// ignored it must not leave the session discarding everything forever).
    /// </summary>
    public TimeSpan ResendTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Check every received message against <see cref="Dictionary"/> (session Reject with reason and RefTagID on failure).</summary>
    public bool ValidateMessages { get; init; } = true;

    /// <summary>The data dictionary messages are checked against: FIX 4.4 whole by default, or a venue's own (<see cref="Fix.FixDictionary.Load"/>).</summary>
    public Fix.FixDictionary Dictionary { get; init; } = Fix.FixDictionary.Fix44;

    /// <summary>The checks a venue relaxes (fields out of order, empty values, user-defined and unknown fields).</summary>
    public Fix.FixValidationOptions Validation { get; init; } = Fix.FixValidationOptions.Default;

    /// <summary>Username (553): the initiator sends it on its Logon; an acceptor with one set requires it.</summary>
    public string? Username { get; init; }

    /// <summary>Password (554): sent by the initiator, required by an acceptor that has one. Never logged or journaled.</summary>
    public FixSecret? Password { get; init; }

    /// <summary>
    /// Messages that arrive ahead of a sequence gap are kept (up to this many bytes) and processed in
    /// order once the gap is filled, so the ResendRequest asks only for the gap. Past it they are
    /// dropped and the whole range is asked for again.
    /// </summary>
    public int InboundQueueBytes { get; init; } = 1 << 20;

    /// <summary>
    /// When serving a ResendRequest, resend stored application messages with PossDupFlag=Y (true) or
    /// replace every one of them with SequenceReset-GapFill (false: stale orders are never replayed).
    /// </summary>
    public bool ResendApplicationMessages { get; init; } = true;

    /// <summary>Precision of the SendingTime we write.</summary>
    public Fix.FixTimestampPrecision SendingTimePrecision { get; init; } = Fix.FixTimestampPrecision.Milliseconds;

    /// <summary>Largest message accepted from the peer; a longer one is dropped as garbled and counted.</summary>
    public int MaxMessageLength { get; init; } = Fix.FixParser.DefaultMaxMessageLength;

    /// <summary>Initiator: first delay before reconnecting after a disconnect; doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes the connection may hold when the kernel send buffer is full; past it the session is disconnected (slow consumer).</summary>
    public int SendBufferBytes { get; init; } = 1 << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        CheckCompId(SenderCompId, nameof(SenderCompId));
        CheckCompId(TargetCompId, nameof(TargetCompId));
        if (SenderCompId == TargetCompId)
        {
            throw new ArgumentException($"FIX session: SenderCompID and TargetCompID are both '{SenderCompId}'");
        }

        if (HeartBtIntSeconds is < 0 or > 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartBtIntSeconds), HeartBtIntSeconds, "heartbeat interval: 0 to 3600 seconds");
        }

        Positive(LogonTimeout, nameof(LogonTimeout));
        Positive(LogoutTimeout, nameof(LogoutTimeout));
        Positive(ResendTimeout, nameof(ResendTimeout));
        Positive(ReconnectInitialDelay, nameof(ReconnectInitialDelay));
        if (ReconnectMaxDelay < ReconnectInitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectMaxDelay), ReconnectMaxDelay, "at least ReconnectInitialDelay");
        }

        if (MaxLatency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLatency), MaxLatency, "zero (off) or positive");
        }

        if (MaxMessageLength is < 256 or > 1 << 24)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageLength), MaxMessageLength, "256 bytes to 16 MiB");
        }

        if (InboundQueueBytes is < 0 or > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(InboundQueueBytes), InboundQueueBytes, "0 (no queue) to 1 GiB");
        }

        if (Username is { } user && (user.Length is 0 or > 128 || user.Any(c => c < ' ' || c > '~')))
        {
            throw new ArgumentException("FIX session: Username must be 1 to 128 printable ASCII characters", nameof(Username));
        }

        if (SendBufferBytes < MaxMessageLength)
        {
            throw new ArgumentOutOfRangeException(nameof(SendBufferBytes), SendBufferBytes, "at least MaxMessageLength");
        }
    }

    private static void CheckCompId(string value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64)
        {
            throw new ArgumentException($"FIX session: {name} must be 1 to 64 characters", name);
        }

        foreach (char c in value)
        {
            if (c <= ' ' || c > '~' || c == '=')
            {
                throw new ArgumentException($"FIX session: {name} '{value}' must be printable ASCII without spaces or '='", name);
            }
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
