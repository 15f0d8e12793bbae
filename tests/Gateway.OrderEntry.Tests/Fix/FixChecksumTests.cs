using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

public class FixChecksumTests
{
    /// <summary>
    /// Every length from 0 to 300 bytes (so every mix of 64/32/16-byte blocks and scalar tail) and
    /// bytes near 255 (so lanes wrap many times): the vector and scalar paths equal a plain sum mod 256.
    /// </summary>
    [Fact]
    public void Vector_and_scalar_paths_equal_the_sum_mod_256_for_every_length()
    {
        var random = new Random(5);
        for (int length = 0; length <= 300; length++)
        {
            byte[] bytes = new byte[length];
            random.NextBytes(bytes);
            for (int i = 0; i < length; i += 3)
            {
                bytes[i] = (byte)(250 + (i % 6));
            }

            int expected = 0;
            foreach (byte b in bytes)
            {
                expected += b;
            }

            expected %= 256;
            Assert.Equal(expected, FixChecksum.Compute(bytes));
            Assert.Equal(expected, FixChecksum.Compute(bytes, vectors: true));
            Assert.Equal(expected, FixChecksum.Compute(bytes, vectors: false));
        }
    }
}
