using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gateway.OrderEntry.Fix;

/// <summary>
/// FIX CheckSum (tag 10): the sum of every byte up to and including the SOH before "10=", modulo 256.
/// Byte lanes add with wrap-around, which is already arithmetic modulo 256, so the vector paths need
/// no widening: add 64 (or 32, 16) bytes at a time, then sum the lanes.
/// </summary>
public static class FixChecksum
{
    public static int Compute(ReadOnlySpan<byte> bytes) => Compute(bytes, Vector128.IsHardwareAccelerated);

    internal static int Compute(ReadOnlySpan<byte> bytes, bool vectors)
    {
        ref byte b = ref MemoryMarshal.GetReference(bytes);
        int n = bytes.Length;
        int i = 0;
        byte sum = 0;
        if (vectors)
        {
            if (Vector512.IsHardwareAccelerated && n >= 64)
            {
                Vector512<byte> acc = Vector512<byte>.Zero;
                for (; i + 64 <= n; i += 64)
                {
                    acc += Vector512.LoadUnsafe(ref b, (nuint)i);
                }

                sum += Vector512.Sum(acc);
            }

            // Lanes accumulate across blocks; one horizontal sum at the end (a horizontal sum per
            // block cost more than the adds).
            if (Vector256.IsHardwareAccelerated && i + 32 <= n)
            {
                Vector256<byte> acc = Vector256<byte>.Zero;
                for (; i + 32 <= n; i += 32)
                {
                    acc += Vector256.LoadUnsafe(ref b, (nuint)i);
                }

                sum += Vector256.Sum(acc);
            }

            if (Vector128.IsHardwareAccelerated && i + 16 <= n)
            {
                Vector128<byte> acc = Vector128<byte>.Zero;
                for (; i + 16 <= n; i += 16)
                {
                    acc += Vector128.LoadUnsafe(ref b, (nuint)i);
                }

                sum += Vector128.Sum(acc);
            }
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref b, i);
        }

        return sum;
    }
}
