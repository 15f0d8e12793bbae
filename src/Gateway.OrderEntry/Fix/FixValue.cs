using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gateway.OrderEntry.Fix;

/// <summary>
/// Parsers for FIX 4.4 value types (Volume 1, "Data types") over the raw value bytes. Each returns
/// false on a value that is not of its type; none allocates or throws.
/// </summary>
public static class FixValue
{
    public const long NanosPerSecond = 1_000_000_000;
    public const long NanosPerDay = 86_400 * NanosPerSecond;

    /// <summary>int: optional '-', then 1-18 digits (leading zeros are allowed by the spec).</summary>
    public static bool TryParseInt(ReadOnlySpan<byte> value, out long result)
    {
        result = 0;
        int i = 0;
        bool negative = false;
        if (value.Length > 0 && value[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        int digits = value.Length - i;
        if (digits <= 0 || digits > 18)
        {
            return false;
        }

        long v = 0;
        for (; i < value.Length; i++)
        {
            uint d = (uint)(value[i] - '0');
            if (d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        result = negative ? -v : v;
        return true;
    }

    /// <summary>A non-negative int (Length, SeqNum, NumInGroup, TagNum): digits only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the validator's call-free loop
    public static bool TryParseUInt(ReadOnlySpan<byte> value, out long result)
    {
        result = 0;
        if (value.Length == 0 || value.Length > 18)
        {
            return false;
        }

        long v = 0;
        foreach (byte c in value)
        {
            uint d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        result = v;
        return true;
    }

    /// <summary>
    /// float (Price, Qty, Amt, ...): optional '-', digits, optional '.' and digits, at least one digit,
    /// to a long with <paramref name="scale"/> implied decimals (0-18). Digits beyond the scale must be
    /// zeros: a value that cannot be held exactly is refused rather than rounded. Overflow is refused.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> value, int scale, out long result)
    {
        result = 0;
        int i = 0;
        int n = value.Length;
        bool negative = false;
        if (n > 0 && value[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        ulong v = 0;
        int digits = 0;
        int fraction = -1; // digits seen after '.', -1 before it
        const ulong Limit = long.MaxValue;
        for (; i < n; i++)
        {
            byte c = value[i];
            uint d = (uint)(c - '0');
            if (d <= 9)
            {
                digits++;
                if (fraction >= 0)
                {
                    if (fraction >= scale)
                    {
                        if (d != 0)
                        {
                            return false;
                        }

                        continue;
                    }

                    fraction++;
                }

                if (v > (Limit - d) / 10)
                {
                    return false;
                }

                v = (v * 10) + d;
            }
            else if (c == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        for (int f = fraction < 0 ? 0 : fraction; f < scale; f++)
        {
            if (v > Limit / 10)
            {
                return false;
            }

            v *= 10;
        }

        result = negative ? -(long)v : (long)v;
        return true;
    }

    /// <summary>The float format alone (digits, one optional '.', optional leading '-').</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the validator's call-free loop
    public static bool IsFloat(ReadOnlySpan<byte> value)
    {
        int i = value.Length > 0 && value[0] == (byte)'-' ? 1 : 0;
        bool dot = false;
        bool digit = false;
        for (; i < value.Length; i++)
        {
            byte c = value[i];
            if ((uint)(c - '0') <= 9)
            {
                digit = true;
            }
            else if (c == (byte)'.' && !dot)
            {
                dot = true;
            }
            else
            {
                return false;
            }
        }

        return digit;
    }

    /// <summary>
    /// <see cref="IsFloat"/> for a value of at most 16 bytes that has 16 readable bytes from
    /// <paramref name="start"/> on: one vector load and three compares instead of a loop with a branch
    /// per byte. Bytes past <paramref name="length"/> are read and ignored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsFloat16(ref byte start, int length)
    {
        Debug.Assert((uint)length <= 16);
        Vector128<byte> v = Vector128.LoadUnsafe(ref start);
        uint inValue = (1u << length) - 1;
        uint digits = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9)).ExtractMostSignificantBits() & inValue;
        uint dots = Vector128.Equals(v, Vector128.Create((byte)'.')).ExtractMostSignificantBits() & inValue;
        uint minus = start == (byte)'-' ? 1u : 0u;
        return digits != 0 && (digits | dots | minus) == inValue && (dots & (dots - 1)) == 0;
    }

    /// <summary>A FIX char: exactly one byte.</summary>
    public static bool TryParseChar(ReadOnlySpan<byte> value, out byte result)
    {
        result = value.Length == 1 ? value[0] : (byte)0;
        return value.Length == 1;
    }

    /// <summary>Boolean: 'Y' or 'N'.</summary>
    public static bool TryParseBool(ReadOnlySpan<byte> value, out bool result)
    {
        result = false;
        if (value.Length != 1)
        {
            return false;
        }

        if (value[0] == (byte)'Y')
        {
            result = true;
            return true;
        }

        return value[0] == (byte)'N';
    }

    /// <summary>
    /// UTCTimestamp: YYYYMMDD-HH:MM:SS with optional .sss, .ssssss or .sssssssss, to nanoseconds since
    /// the Unix epoch. Seconds may be 60 (a leap second, which the spec allows; it is counted as the
    /// next second's start).
    /// </summary>
    public static bool TryParseUtcTimestamp(ReadOnlySpan<byte> value, out long nanos)
    {
        nanos = 0;
        int n = value.Length;
        if (n != 17 && n != 21 && n != 24 && n != 27)
        {
            return false;
        }

        if (!TryParseDate(value, out long days) || value[8] != (byte)'-' ||
            !TryParseTime(value.Slice(9), out long timeNanos))
        {
            return false;
        }

        nanos = (days * NanosPerDay) + timeNanos;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a UTCTimestamp (the format <see cref="TryParseUtcTimestamp"/>
    /// accepts, same calendar checks) without converting it: validation needs only the yes/no, and
    /// the day count was half its cost. Date and time are checked eight bytes at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the validator's call-free loop
    public static bool IsUtcTimestamp(ReadOnlySpan<byte> value)
    {
        int n = value.Length;
        if (n != 17 && n != 21 && n != 24 && n != 27)
        {
            return false;
        }

        ref byte b = ref MemoryMarshal.GetReference(value);
        ulong date = Unsafe.ReadUnaligned<ulong>(ref b);                   // YYYYMMDD
        ulong time = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 9)); // HH:MM:SS
        const ulong Colons = 0x0000FF0000FF0000UL;                         // bytes 2 and 5 (little-endian)
        ulong timeDigits = (time & ~Colons) | (0x3030303030303030UL & Colons);
        if (!AllDigits(date) || !AllDigits(timeDigits) || (time & Colons) != 0x00003A00003A0000UL ||
            Unsafe.Add(ref b, 8) != (byte)'-')
        {
            return false;
        }

        // Digit pairs: d * 10 + (d >> 8) puts tens * 10 + units of each pair in the pair's first byte
        // (at most 99, so no byte carries into the next).
        ulong d = date - 0x3030303030303030UL;
        ulong t = timeDigits - 0x3030303030303030UL;
        ulong dp = (d * 10) + (d >> 8);
        ulong tp = (t * 10) + (t >> 8);
        int year = (int)(((dp & 0xFF) * 100) + ((dp >> 16) & 0xFF));
        int month = (int)((dp >> 32) & 0xFF);
        int day = (int)((dp >> 48) & 0xFF);
        int hour = (int)(tp & 0xFF);
        int minute = (int)((tp >> 24) & 0xFF);
        int second = (int)((tp >> 48) & 0xFF);
        if ((uint)(month - 1) > 11 || day < 1 || (day > 28 && day > DaysInMonth(year, month)) || hour > 23 ||
            minute > 59 || second > 60)
        {
            return false;
        }

        if (n == 17)
        {
            return true;
        }

        if (Unsafe.Add(ref b, 17) != (byte)'.')
        {
            return false;
        }

        // The 3, 6 or 9 fraction digits end the value: the word of its last eight bytes holds them (all
        // but the first of nine) in its top bytes; the bytes before them are set to '0'.
        ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n - 8));
        ulong fraction = n == 21 ? 0xFFFFFF0000000000UL : n == 24 ? 0xFFFFFFFFFFFF0000UL : ulong.MaxValue;
        return AllDigits((tail & fraction) | (0x3030303030303030UL & ~fraction)) &&
            (n != 27 || (uint)(Unsafe.Add(ref b, 18) - '0') <= 9);
    }

    /// <summary>Every byte of the word is an ASCII digit (no byte carries or borrows into the next unless it is not).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllDigits(ulong x) =>
        (((x + 0x4646464646464646UL) | (x - 0x3030303030303030UL)) & 0x8080808080808080UL) == 0;

    /// <summary>UTCTimeOnly: HH:MM:SS[.sss[sss[sss]]] to nanoseconds since midnight.</summary>
    public static bool TryParseUtcTimeOnly(ReadOnlySpan<byte> value, out long nanos)
    {
        nanos = 0;
        int n = value.Length;
        return (n == 8 || n == 12 || n == 15 || n == 18) && TryParseTime(value, out nanos);
    }

    /// <summary>UTCDateOnly / LocalMktDate: YYYYMMDD to days since the Unix epoch.</summary>
    public static bool TryParseDateOnly(ReadOnlySpan<byte> value, out long days)
    {
        days = 0;
        return value.Length == 8 && TryParseDate(value, out days);
    }

    /// <summary>MonthYear: YYYYMM, YYYYMMDD or YYYYMMwN (week 1-5).</summary>
    public static bool IsMonthYear(ReadOnlySpan<byte> value)
    {
        if (value.Length != 6 && value.Length != 8)
        {
            return false;
        }

        int year = Digits(value, 0, 4);
        int month = Digits(value, 4, 2);
        if (year < 0 || month < 1 || month > 12)
        {
            return false;
        }

        if (value.Length == 6)
        {
            return true;
        }

        if (value[6] == (byte)'w')
        {
            return value[7] >= (byte)'1' && value[7] <= (byte)'5';
        }

        int day = Digits(value, 6, 2);
        return day >= 1 && day <= DaysInMonth(year, month);
    }

    private static bool TryParseDate(ReadOnlySpan<byte> v, out long days)
    {
        days = 0;
        int year = Digits(v, 0, 4);
        int month = Digits(v, 4, 2);
        int day = Digits(v, 6, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
        {
            return false;
        }

        days = DaysFromCivil(year, month, day);
        return true;
    }

    // HH:MM:SS then nothing or '.' and 3, 6 or 9 digits (the caller checked the length).
    private static bool TryParseTime(ReadOnlySpan<byte> v, out long nanos)
    {
        nanos = 0;
        int hour = Digits(v, 0, 2);
        int minute = Digits(v, 3, 2);
        int second = Digits(v, 6, 2);
        if (v[2] != (byte)':' || v[5] != (byte)':' || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
            second < 0 || second > 60)
        {
            return false;
        }

        long fraction = 0;
        if (v.Length > 8)
        {
            if (v[8] != (byte)'.')
            {
                return false;
            }

            int digits = v.Length - 9;
            int f = Digits(v, 9, digits);
            if (f < 0)
            {
                return false;
            }

            fraction = f * Pow10(9 - digits);
        }

        nanos = ((((hour * 60L) + minute) * 60L) + second) * NanosPerSecond + fraction;
        return true;
    }

    private static long Pow10(int e) => e switch { 0 => 1, 3 => 1_000, 6 => 1_000_000, _ => 1_000_000_000 };

    /// <summary>The value of <paramref name="count"/> (≤ 9) ASCII digits, or -1 if any is not a digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digits(ReadOnlySpan<byte> v, int start, int count)
    {
        int r = 0;
        for (int i = start; i < start + count; i++)
        {
            uint d = (uint)(v[i] - '0');
            if (d > 9)
            {
                return -1;
            }

            r = (r * 10) + (int)d;
        }

        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call in the validator's sweep would spill its loop state
    internal static int DaysInMonth(int year, int month) => month == 2
        ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28)
        : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31);

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (eras of 400 years, March-based years).</summary>
    internal static long DaysFromCivil(int year, int month, int day)
    {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - (era * 400);
        int dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        int dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097L) + dayOfEra - 719_468;
    }

    /// <summary>The inverse of <see cref="DaysFromCivil"/>.</summary>
    internal static void CivilFromDays(long days, out int year, out int month, out int day)
    {
        days += 719_468;
        long era = (days >= 0 ? days : days - 146_096) / 146_097;
        int dayOfEra = (int)(days - (era * 146_097));
        int yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        int dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        int mp = ((5 * dayOfYear) + 2) / 153;
        day = dayOfYear - (((153 * mp) + 2) / 5) + 1;
        month = mp < 10 ? mp + 3 : mp - 9;
        year = (int)(yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0);
    }
}
