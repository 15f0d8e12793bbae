using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.OrderEntry.Fix;

/// <summary>ASCII writers for FIX values into spans; each returns the bytes written.</summary>
internal static class FixFormat
{
    public static int TimestampLength(FixTimestampPrecision p) => p == FixTimestampPrecision.Seconds ? 17 : 18 + (int)p;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DigitCount(ulong v)
    {
        int n = 1;
        while (v >= 10_000)
        {
            v /= 10_000;
            n += 4;
        }

        return v >= 1000 ? n + 3 : v >= 100 ? n + 2 : v >= 10 ? n + 1 : n;
    }

    /// <summary>Writes <paramref name="v"/> right-aligned ending just before <paramref name="end"/>; returns the start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteDigitsBackward(Span<byte> dst, int end, ulong v)
    {
        do
        {
            ulong q = v / 10;
            dst[--end] = (byte)('0' + (v - (q * 10)));
            v = q;
        }
        while (v != 0);

        return end;
    }

    public static int WriteInt(Span<byte> dst, long value)
    {
        int i = 0;
        ulong v = (ulong)value;
        if (value < 0)
        {
            dst[i++] = (byte)'-';
            v = (ulong)(-value);
        }

        int n = DigitCount(v);
        WriteDigitsBackward(dst, i + n, v);
        return i + n;
    }

    /// <summary>A fixed-point value with <paramref name="scale"/> implied decimals, trailing fraction zeros dropped.</summary>
    public static int WriteDecimal(Span<byte> dst, long value, int scale)
    {
        int i = 0;
        ulong v = (ulong)value;
        if (value < 0)
        {
            dst[i++] = (byte)'-';
            v = (ulong)(-value);
        }

        if (scale == 0)
        {
            int n0 = DigitCount(v);
            WriteDigitsBackward(dst, i + n0, v);
            return i + n0;
        }

        // A division by a run-time power of ten is a hardware divide (tens of cycles); the common
        // scales divide by constants, which the JIT turns into multiplications.
        ulong pow = Pow10(scale);
        ulong whole = scale switch
        {
            2 => v / 100,
            4 => v / 10_000,
            6 => v / 1_000_000,
            8 => v / 100_000_000,
            _ => v / pow,
        };
        ulong fraction = v - (whole * pow);
        int n = DigitCount(whole);
        WriteDigitsBackward(dst, i + n, whole);
        i += n;
        if (fraction != 0)
        {
            int digits = scale;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            dst[i++] = (byte)'.';
            int end = i + digits;
            int start = WriteDigitsBackward(dst, end, fraction);
            while (start > i)
            {
                dst[--start] = (byte)'0';
            }

            i = end;
        }

        return i;
    }

    private static ulong Pow10(int e)
    {
        ulong r = 1;
        for (int k = 0; k < e; k++)
        {
            r *= 10;
        }

        return r;
    }

    /// <summary>YYYYMMDD-HH:MM:SS[.fff...] of nanoseconds since the epoch (non-negative).</summary>
    public static int WriteTimestamp(Span<byte> dst, long nanos, FixTimestampPrecision precision)
    {
        long days = nanos / FixValue.NanosPerDay;
        WriteDate(dst, days);
        return WriteTimeOfDay(dst, nanos - (days * FixValue.NanosPerDay), precision);
    }

    /// <summary>
    /// Like <see cref="WriteTimestamp"/>, but the "YYYYMMDD" of the last day written is kept in
    /// <paramref name="cache"/>: a session writes today's date over and over, and the civil-date
    /// conversion was the most expensive part of a timestamp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteTimestamp(Span<byte> dst, long nanos, FixTimestampPrecision precision, ref DateCache cache)
    {
        long days = nanos / FixValue.NanosPerDay;
        if (dst.Length < 8)
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(dst), "too short for a timestamp");
        }

        if (days != cache.Day)
        {
            WriteDate(dst, days);
            cache.Date = Unsafe.ReadUnaligned<ulong>(ref MemoryMarshal.GetReference(dst));
            cache.Day = days;
        }
        else
        {
            Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(dst), cache.Date);
        }

        return WriteTimeOfDay(dst, nanos - (days * FixValue.NanosPerDay), precision);
    }

    /// <summary>The last date <see cref="WriteTimestamp(Span{byte}, long, FixTimestampPrecision, ref DateCache)"/> wrote.</summary>
    public struct DateCache
    {
        public long Day;
        public ulong Date;

        public static DateCache Empty => new() { Day = long.MinValue };
    }

    private static void WriteDate(Span<byte> dst, long days)
    {
        FixValue.CivilFromDays(days, out int year, out int month, out int day);
        Two(dst, 0, year / 100);
        Two(dst, 2, year % 100);
        Two(dst, 4, month);
        Two(dst, 6, day);
    }

    private static int WriteTimeOfDay(Span<byte> dst, long inDay, FixTimestampPrecision precision)
    {
        dst[8] = (byte)'-';
        long secs = inDay / FixValue.NanosPerSecond;
        int sub = (int)(inDay - (secs * FixValue.NanosPerSecond));
        int s = (int)secs;
        Two(dst, 9, s / 3600);
        dst[11] = (byte)':';
        Two(dst, 12, s / 60 % 60);
        dst[14] = (byte)':';
        Two(dst, 15, s % 60);
        if (precision == FixTimestampPrecision.Seconds)
        {
            return 17;
        }

        dst[17] = (byte)'.';
        int digits = (int)precision;
        int frac = digits switch { 3 => sub / 1_000_000, 6 => sub / 1_000, _ => sub };
        for (int k = 17 + digits; k > 17; k--)
        {
            int q = frac / 10;
            dst[k] = (byte)('0' + (frac - (q * 10)));
            frac = q;
        }

        return 18 + digits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Two(Span<byte> dst, int at, int v)
    {
        int q = v / 10;
        dst[at] = (byte)('0' + q);
        dst[at + 1] = (byte)('0' + (v - (q * 10)));
    }
}
