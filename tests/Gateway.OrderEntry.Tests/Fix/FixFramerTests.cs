using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

public class FixFramerTests
{
    [Fact]
    public void Whole_message_is_framed_to_its_length()
    {
        foreach (string g in Fix.Golden)
        {
            byte[] m = Fix.Bytes(g);
            Assert.Equal(new FixFrame(FixFrameStatus.Complete, m.Length, FixParseStatus.Ok), FixFramer.Next(m));
            Assert.Equal(new FixFrame(FixFrameStatus.Complete, m.Length, FixParseStatus.Ok), FixFramer.Next([.. m, .. m]));
        }
    }

    [Fact]
    public void Every_split_point_needs_more_until_the_last_byte()
    {
        byte[] m = Fix.Bytes(Fix.ExecutionReport);
        for (int cut = 0; cut < m.Length; cut++)
        {
            FixFrame f = FixFramer.Next(m.AsSpan(0, cut));
            Assert.True(f.Status == FixFrameStatus.NeedMore, $"cut at {cut}: {f}");
        }
    }

    [Fact]
    public void Stream_split_at_every_byte_position_yields_the_same_messages()
    {
        byte[][] messages = Fix.Golden.Select(Fix.Bytes).ToArray();
        byte[] stream = messages.SelectMany(x => x).ToArray();
        for (int split = 0; split <= stream.Length; split++)
        {
            var got = new List<byte[]>();
            var buffer = new List<byte>();
            Feed(buffer, stream.AsSpan(0, split), got);
            Feed(buffer, stream.AsSpan(split), got);
            Assert.Equal(messages.Length, got.Count);
            for (int i = 0; i < messages.Length; i++)
            {
                Assert.Equal(messages[i], got[i]);
            }

            Assert.Empty(buffer);
        }
    }

    [Fact]
    public void Byte_by_byte_delivery_with_garbage_between_messages_resynchronises()
    {
        byte[] nos = Fix.Bytes(Fix.NewOrderSingle);
        byte[] er = Fix.Bytes(Fix.ExecutionReport);
        byte[] stream = [.. Fix.Bytes("garbage 8=FI"), .. nos, .. Fix.Bytes("xx8=FIX.4.4|9=abc|"), .. er, .. Fix.Bytes("8=FIX.4.4|9=5|35=D|XXXXXXX"), .. nos];
        var got = new List<byte[]>();
        var buffer = new List<byte>();
        int garbled = 0;
        foreach (byte b in stream)
        {
            garbled += Feed(buffer, [b], got);
        }

        Assert.Equal(3, got.Count);
        Assert.Equal(nos, got[0]);
        Assert.Equal(er, got[1]);
        Assert.Equal(nos, got[2]);
        Assert.True(garbled >= 3);
    }

    [Theory]
    [InlineData("hello", FixParseStatus.MissingBeginString, 5)]
    [InlineData("hello 8=FIX.4.4|", FixParseStatus.MissingBeginString, 6)]
    [InlineData("8=FIX.4.4|9=12a|", FixParseStatus.BadBodyLength, 16)]
    [InlineData("8=FIX.4.4|9=|", FixParseStatus.BadBodyLength, 13)]
    [InlineData("8=FIX.4.4|35=D|", FixParseStatus.MissingBodyLength, 15)]
    [InlineData("8=FIX.4.4|9=5|35=D|11=000000|", FixParseStatus.BodyLengthMismatch, 29)]
    [InlineData("8=FIX.4.4|9=5|35=D|10=0a0|", FixParseStatus.BadChecksumFormat, 26)]
    [InlineData("8=FIX.4.4|9=5|35=D|10=0a0|8=FI", FixParseStatus.BadChecksumFormat, 26)]
    [InlineData("8=FIX.4.4|9=99999|", FixParseStatus.TooLong, 18)]
    [InlineData("8=FIXXXXXXXXXXXXXXXXXXXXXXXXXXXX", FixParseStatus.UnsupportedBeginString, 32)]
    public void Garbled_input_names_a_reason_and_a_skip(string text, FixParseStatus reason, int skip)
    {
        FixFrame f = FixFramer.Next(Fix.Bytes(text), maxMessageLength: 4096);
        Assert.Equal(FixFrameStatus.Garbled, f.Status);
        Assert.Equal(reason, f.Reason);
        Assert.Equal(skip, f.Length);
    }

    [Fact]
    public void Random_bytes_never_stall_or_throw()
    {
        var rng = new Random(7);
        byte[] nos = Fix.Bytes(Fix.NewOrderSingle);
        for (int round = 0; round < 500; round++)
        {
            byte[] junk = new byte[rng.Next(0, 200)];
            rng.NextBytes(junk);
            if (rng.Next(2) == 0 && junk.Length > 20)
            {
                // A fake header: its BodyLength (if the random bytes make one) may swallow the real message.
                Fix.Bytes("8=FIX.4.4|9=").CopyTo(junk, rng.Next(junk.Length - 12));
            }

            byte[] stream = [.. junk, .. nos];
            var got = new List<byte[]>();
            var buffer = new List<byte>();
            Feed(buffer, stream, got);
            if (got.Count == 0)
            {
                // Only a fake BodyLength still waiting for its bytes may hold the message back, and only
                // until the configured maximum has arrived.
                Assert.Equal(FixFrameStatus.NeedMore, FixFramer.Next(buffer.ToArray()).Status);
                Feed(buffer, new byte[FixParser.DefaultMaxMessageLength], got);
            }

            Assert.Contains(got, x => x.AsSpan().SequenceEqual(nos));
        }
    }

    /// <summary>Appends bytes and frames as far as possible; returns the number of garbled frames skipped.</summary>
    private static int Feed(List<byte> buffer, ReadOnlySpan<byte> bytes, List<byte[]> got)
    {
        buffer.AddRange(bytes);
        int garbled = 0;
        while (true)
        {
            FixFrame f = FixFramer.Next(buffer.ToArray());
            switch (f.Status)
            {
                case FixFrameStatus.Complete:
                    got.Add(buffer.GetRange(0, f.Length).ToArray());
                    buffer.RemoveRange(0, f.Length);
                    break;
                case FixFrameStatus.Garbled:
                    Assert.True(f.Length > 0, "a garbled frame must skip at least one byte");
                    buffer.RemoveRange(0, f.Length);
                    garbled++;
                    break;
                default:
                    return garbled;
            }
        }
    }
}
