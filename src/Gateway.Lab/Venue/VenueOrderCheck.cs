using Gateway.OrderEntry.Fix;

namespace Gateway.Lab.Venue;

/// <summary>What the test venue does with a NewOrderSingle after <see cref="VenueOrderCheck"/>.</summary>
public enum VenueOrderVerdict : byte
{
    /// <summary>Quantity and price read and in range: the order may be acknowledged and filled.</summary>
    Accept = 0,

    /// <summary>A value that cannot be read (not a number, or beyond what a quantity or price can hold): a session Reject (35=3).</summary>
    SessionReject = 1,

    /// <summary>A readable order the venue will not take (no quantity, zero or negative quantity, a limit order without a positive price, an order type it does not offer): an ExecutionReport Rejected.</summary>
    OrderReject = 2,
}

/// <summary>The outcome of checking one order: what to do, the values read, and the reason to give.</summary>
/// <param name="Verdict">What to do with the order.</param>
/// <param name="QtyUnits">OrderQty with <see cref="FixPrice.Scale"/> implied decimals (0 when absent or unreadable).</param>
/// <param name="PriceUnits">Price with <see cref="FixPrice.Scale"/> implied decimals (0 for a market order).</param>
/// <param name="HasQty">OrderQty was read.</param>
/// <param name="RefTag">The tag at fault.</param>
/// <param name="SessionReason">For <see cref="VenueOrderVerdict.SessionReject"/>: 5 value out of range, 6 incorrect data format.</param>
/// <param name="OrdRejReason">For <see cref="VenueOrderVerdict.OrderReject"/>: OrdRejReason (103).</param>
/// <param name="Text">Why, for Text (58).</param>
public readonly record struct VenueOrderCheckResult(
    VenueOrderVerdict Verdict,
    long QtyUnits,
    long PriceUnits,
    bool HasQty,
    int RefTag,
    SessionRejectReason SessionReason,
    int OrdRejReason,
    string? Text);

/// <summary>
/// The venue reads an order's quantity and price before it answers: it never fills what it could not
/// read. The session's validator has already checked the message's structure and each value's
/// syntax against the dictionary; this checks what the venue needs to trade it. A value the venue
/// cannot represent (a 31-digit quantity, 2^63, more decimals than a price keeps) is a session
/// Reject naming the tag; a readable order it will not take is an ExecutionReport Rejected.
/// Allocates nothing (every text is a literal).
/// </summary>
public static class VenueOrderCheck
{
    private static readonly System.Buffers.SearchValues<byte> s_decimalChars = System.Buffers.SearchValues.Create("0123456789."u8);

    public static VenueOrderCheckResult Check(in FixMessageView order)
    {
        if (!order.TryGetValue(FixTag.OrderQty, out ReadOnlySpan<byte> qtyText))
        {
            return Refuse(FixTag.OrderQty, FixValues.OrdRejReason.IncorrectQuantity, "OrderQty (38) missing: the venue takes quantities in OrderQty only");
        }

        if (!FixValue.TryParseDecimal(qtyText, FixPrice.Scale, out long qty))
        {
            return Unreadable(FixTag.OrderQty, qtyText, "OrderQty (38) cannot be read as a quantity");
        }

        if (qty <= 0)
        {
            return Refuse(FixTag.OrderQty, FixValues.OrdRejReason.IncorrectQuantity, "OrderQty (38) must be more than zero") with { QtyUnits = qty, HasQty = true };
        }

        byte ordType = order.TryGetChar(FixTag.OrdType, out byte t) ? t : (byte)0;
        bool hasPrice = order.TryGetValue(FixTag.Price, out ReadOnlySpan<byte> priceText);
        long price = 0;
        if (hasPrice && !FixValue.TryParseDecimal(priceText, FixPrice.Scale, out price))
        {
            return Unreadable(FixTag.Price, priceText, "Price (44) cannot be read as a price");
        }

        switch (ordType)
        {
            case FixValues.OrdType.Limit:
                if (!hasPrice)
                {
                    return Refuse(FixTag.Price, FixValues.OrdRejReason.Other, "a limit order needs Price (44)") with { QtyUnits = qty, HasQty = true };
                }

                if (price <= 0)
                {
                    return Refuse(FixTag.Price, FixValues.OrdRejReason.Other, "Price (44) must be more than zero") with { QtyUnits = qty, HasQty = true };
                }

                return new VenueOrderCheckResult(VenueOrderVerdict.Accept, qty, price, true, 0, SessionRejectReason.None, 0, null);

            case FixValues.OrdType.Market:
                // No market to price it against: the test venue fills market orders at 0 (documented).
                return new VenueOrderCheckResult(VenueOrderVerdict.Accept, qty, 0, true, 0, SessionRejectReason.None, 0, null);

            default:
                return Refuse(FixTag.OrdType, FixValues.OrdRejReason.UnsupportedOrderCharacteristic, "the venue takes market (1) and limit (2) orders only") with { QtyUnits = qty, HasQty = true };
        }
    }

    private static VenueOrderCheckResult Refuse(int tag, int ordRejReason, string text) =>
        new(VenueOrderVerdict.OrderReject, 0, 0, false, tag, SessionRejectReason.None, ordRejReason, text);

    /// <summary>A number too large or too precise to hold is out of range (5); anything else is not a number (6).</summary>
    private static VenueOrderCheckResult Unreadable(int tag, ReadOnlySpan<byte> value, string text)
    {
        ReadOnlySpan<byte> digits = value.Length > 0 && value[0] == (byte)'-' ? value[1..] : value;
        int dot = digits.IndexOf((byte)'.');
        bool numeric = digits.Length > 0 && dot != 0
            && !digits.ContainsAnyExcept(s_decimalChars) && (dot < 0 || digits[(dot + 1)..].IndexOf((byte)'.') < 0);
        return new VenueOrderCheckResult(VenueOrderVerdict.SessionReject, 0, 0, false, tag,
            numeric ? SessionRejectReason.ValueIncorrect : SessionRejectReason.IncorrectDataFormat, 0, text);
    }
}
