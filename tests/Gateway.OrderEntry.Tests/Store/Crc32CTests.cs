using System.Text;
using Gateway.OrderEntry.Store;

namespace Gateway.OrderEntry.Tests.Store;

public class Crc32CTests
{
    // RFC 3720 (iSCSI) appendix B.4 and the common "123456789" check value of CRC-32C.
    [Fact]
    public void Matches_the_published_vectors()
    {
        byte[] ascending = new byte[32];
        byte[] descending = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            ascending[i] = (byte)i;
            descending[i] = (byte)(31 - i);
        }

        byte[] ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(ones));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(ascending));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(descending));
        Assert.Equal(0u, Crc32C.Compute([]));

        Assert.Equal(0xE3069283u, ~Crc32C.UpdateTable(~0u, Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0x46DD794Eu, ~Crc32C.UpdateTable(~0u, ascending));
    }

    [Fact]
    public void Hardware_and_table_paths_agree_on_every_length_and_when_split()
    {
        var random = new Random(4);
        byte[] data = new byte[600];
        random.NextBytes(data);
        for (int length = 0; length <= data.Length; length++)
        {
            ReadOnlySpan<byte> s = data.AsSpan(0, length);
            uint table = ~Crc32C.UpdateTable(~0u, s);
            Assert.Equal(table, Crc32C.Compute(s));
            int cut = length / 3;
            Assert.Equal(table, ~Crc32C.Update(Crc32C.Update(~0u, s[..cut]), s[cut..]));
        }
    }

    [Fact]
    public void Every_single_bit_flip_changes_the_checksum()
    {
        byte[] data = new byte[216];
        new Random(9).NextBytes(data);
        uint good = Crc32C.Compute(data);
        for (int bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(good, Crc32C.Compute(data));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
