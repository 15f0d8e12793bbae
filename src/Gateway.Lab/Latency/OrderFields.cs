using System.Buffers.Text;
using Gateway.MarketData.MoldUdp64;
using Gateway.OrderEntry.Fix;

namespace Gateway.Lab.Latency;

/// <summary>What one framed FIX message is to the latency analysis.</summary>
internal enum OrderKind : byte
{
    /// <summary>Not a NewOrderSingle (logon, heartbeat, execution report, ...).</summary>
    NotAnOrder,

    /// <summary>A NewOrderSingle carrying a well-formed trigger.</summary>
    Order,

    /// <summary>A NewOrderSingle without the trigger field.</summary>
    NoTriggerField,

    /// <summary>A NewOrderSingle whose trigger field is not <c>SESSION:SEQ</c>.</summary>
    BadTriggerField,

    /// <summary>A NewOrderSingle re-sent with PossDupFlag=Y: its wire time is not the order's.</summary>
    PossDupResend,

    /// <summary>A NewOrderSingle whose CheckSum is wrong: the venue drops it, so it never was an order.</summary>
    BadChecksum,
}

/// <summary>
/// Reads the fields the analysis needs from a message <see cref="FixFramer"/> framed: MsgType (35),
/// PossDupFlag (43), the trigger tag and CheckSum (10). A plain walk over tag=value SOH fields; the
/// framer has already checked BeginString, BodyLength and the trailer's shape.
/// </summary>
internal static class OrderFields
{
    private const byte Soh = 0x01;
    private const int ChecksumFieldLength = 7; // "10=CCC" SOH

    /// <summary>Separates the MoldUDP64 session from the sequence number in the trigger value.</summary>
    public const byte TriggerSeparator = (byte)':';

    public static OrderKind Read(ReadOnlySpan<byte> message, int triggerTag, out ReadOnlySpan<byte> session, out ulong sequence)
    {
        session = default;
        sequence = 0;
        bool isOrder = false;
        bool possDup = false;
        bool hasTrigger = false;
        ReadOnlySpan<byte> trigger = default;
        int pos = 0;
        while (pos < message.Length)
        {
            int eq = message[pos..].IndexOf((byte)'=');
            if (eq <= 0)
            {
                break;
            }

            int soh = message[(pos + eq + 1)..].IndexOf(Soh);
            if (soh < 0)
            {
                break;
            }

            ReadOnlySpan<byte> value = message.Slice(pos + eq + 1, soh);
            if (Utf8Parser.TryParse(message.Slice(pos, eq), out int tag, out int used) && used == eq)
            {
                if (tag == FixTag.MsgType)
                {
                    isOrder = value.Length == 1 && value[0] == FixMsgType.Code.NewOrderSingle;
                    if (!isOrder)
                    {
                        return OrderKind.NotAnOrder;
                    }
                }
                else if (tag == FixTag.PossDupFlag)
                {
                    possDup = value.Length == 1 && value[0] == (byte)'Y';
                }
                else if (tag == triggerTag && !hasTrigger)
                {
                    hasTrigger = true;
                    trigger = value;
                }
            }

            pos += eq + 1 + soh + 1;
        }

        if (!isOrder)
        {
            return OrderKind.NotAnOrder;
        }

        if (!ChecksumMatches(message))
        {
            return OrderKind.BadChecksum;
        }

        if (possDup)
        {
            return OrderKind.PossDupResend;
        }

        if (!hasTrigger)
        {
            return OrderKind.NoTriggerField;
        }

        return TryParseTrigger(trigger, out session, out sequence) ? OrderKind.Order : OrderKind.BadTriggerField;
    }

    /// <summary>
    /// <c>SESSION:SEQ</c>: the MoldUDP64 session without its trailing spaces (up to 10 bytes), the last
    /// ':' and the decimal sequence number of the triggering message.
    /// </summary>
    public static bool TryParseTrigger(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> session, out ulong sequence)
    {
        session = default;
        sequence = 0;
        int colon = value.LastIndexOf(TriggerSeparator);
        if (colon < 0 || colon > MoldPacket.SessionLength)
        {
            return false;
        }

        ReadOnlySpan<byte> digits = value[(colon + 1)..];
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            || !Utf8Parser.TryParse(digits, out sequence, out int used) || used != digits.Length)
        {
            return false;
        }

        session = value[..colon];
        return true;
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> message)
    {
        ReadOnlySpan<byte> digits = message.Slice(message.Length - ChecksumFieldLength + 3, 3);
        int expected = ((digits[0] - '0') * 100) + ((digits[1] - '0') * 10) + (digits[2] - '0');
        return FixChecksum.Compute(message[..^ChecksumFieldLength]) == expected;
    }
}
