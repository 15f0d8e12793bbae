using Gateway.Interop;

namespace Gateway.Interop.Tests;

public unsafe class AnonymousMemoryTests
{
    [Theory]
    [InlineData(1UL, false)]
    [InlineData(4096UL * 3, false)]
    [InlineData(8UL << 20, true)]
    public void A_block_is_zeroed_writable_aligned_and_released(ulong length, bool huge)
    {
        var memory = AnonymousMemory.Allocate((nuint)length);
        Assert.False(memory.IsInvalid);
        Assert.Equal((nuint)length, memory.Length);
        Assert.Equal(0UL, (ulong)memory.Start % (huge ? 2UL << 20 : 4096UL));

        var bytes = new Span<byte>(memory.Start, (int)length);
        Assert.Equal(-1, bytes.IndexOfAnyExcept((byte)0));
        bytes.Fill(0xA5);
        Assert.Equal(-1, bytes.IndexOfAnyExcept((byte)0xA5));

        memory.Dispose();
        Assert.True(memory.IsClosed);
    }

    [Fact]
    public void Zero_bytes_still_maps_a_usable_page()
    {
        using var memory = AnonymousMemory.Allocate(0);
        Assert.Equal((nuint)1, memory.Length);
        *memory.Start = 7;
        Assert.Equal(7, *memory.Start);
    }
}
