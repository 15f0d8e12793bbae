namespace Gateway.OrderEntry.Fix;

/// <summary>
/// What <see cref="FixParser.Parse"/> made of one message. Anything but <see cref="Ok"/> and
/// <see cref="Incomplete"/> is a garbled message in the session protocol's sense (FIX 4.4 Volume 2,
/// "Message Recovery" / garbled messages): the session drops it without a Reject and without
/// incrementing the expected sequence number. Two of them may instead be answered with a session
/// Reject because the CheckSum proved the bytes are the sender's: <see cref="BadDataLength"/> and
/// <see cref="MalformedField"/> with a non-zero <see cref="FixParser.ErrorTag"/> (reasons 6 and 17;
/// <see cref="FixValidator.TryRejectParseFailure"/>).
/// </summary>
public enum FixParseStatus : byte
{
    Ok = 0,

    /// <summary>Fewer bytes than the header says (a truncated message).</summary>
    Incomplete,

    /// <summary>The message does not start with "8=".</summary>
    MissingBeginString,

    /// <summary>"8=" is there but the version is not FIX.4.4.</summary>
    UnsupportedBeginString,

    /// <summary>The second field is not BodyLength (9).</summary>
    MissingBodyLength,

    /// <summary>BodyLength is empty, not digits or longer than 7 digits.</summary>
    BadBodyLength,

    /// <summary>No "10=" where BodyLength says the body ends, or the body does not end on SOH.</summary>
    BodyLengthMismatch,

    /// <summary>"10=" is not followed by exactly three digits and SOH.</summary>
    BadChecksumFormat,

    /// <summary>The checksum does not match the bytes.</summary>
    ChecksumMismatch,

    /// <summary>Bytes follow the CheckSum field (10 is not last).</summary>
    TrailingBytes,

    /// <summary>A CheckSum field (10) inside the body (10 is not last).</summary>
    ChecksumNotLast,

    /// <summary>The message is longer than the parser's configured maximum.</summary>
    TooLong,

    /// <summary>More fields than the field table holds.</summary>
    TooManyFields,

    /// <summary>A field without '=' (SOH before any '='). When <see cref="FixParser.ErrorTag"/> is set, the
    /// CheckSum held and the field before (that tag) is a non-data value holding an SOH (reason 17).</summary>
    MalformedField,

    /// <summary>A tag that is empty, not digits, has a leading zero or is longer than 9 digits.</summary>
    BadTagNumber,

    /// <summary>The third field is not MsgType (35).</summary>
    MsgTypeNotThird,

    /// <summary>
    /// A data field (e.g. RawData 96) right after its Length field (95) whose length is not digits,
    /// runs past the body or is not followed by SOH. Frame and CheckSum are intact:
    /// <see cref="FixParser.ErrorTag"/> names the Length tag, and the session may answer with a Reject
    /// (SessionRejectReason 6, see <see cref="FixValidator.TryRejectParseFailure"/>).
    /// </summary>
    BadDataLength,

    /// <summary>
    /// A field whose tag is no tag number (0, negative, a leading zero, longer than 9 digits) in an
    /// otherwise whole message with a good CheckSum: the other fields are in the table and
    /// <see cref="FixParser.InvalidTag"/> holds the number. The session answers with a Reject, reason 0
    /// (Invalid tag number), in sequence; it is not garbled.
    /// </summary>
    InvalidTagNumber,
}
