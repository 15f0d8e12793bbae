using System.Buffers.Binary;
using Gateway.OrderEntry.Store;

namespace Gateway.OrderEntry.Tests.Store;

/// <summary>Damage done by hand to the files, the way a crash or a bad disk would, and what opening makes of it.</summary>
public class StoreCorruptionTests
{
    private static readonly FixStoreOptions s_options = new() { SegmentSize = 256 << 10, MaxSegments = 4, MaxMessageSize = 1024 };

    /// <summary>Writes messages 1..count, state (count+1, 9); returns the offset of each record in segment 0.</summary>
    private static long[] Fill(string root, int count)
    {
        var offsets = new long[count + 1];
        using FixSessionStore store = FixSessionStore.Open(root, StorePattern.Session, s_options);
        long offset = 64;
        for (ulong seq = 1; seq <= (ulong)count; seq++)
        {
            Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
            offsets[seq] = offset;
            offset += (16 + StorePattern.Length(seq) + 7) & ~7;
        }

        store.SetSequenceNumbers((ulong)count + 1, 9);
        return offsets;
    }

    private static void Patch(string path, long offset, Action<byte[]> change, int length)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var bytes = new byte[length];
        f.Position = offset;
        f.ReadExactly(bytes);
        change(bytes);
        f.Position = offset;
        f.Write(bytes);
    }

    [Fact]
    public void Record_layout_is_length_crc_sequence_message()
    {
        using var dir = new StoreTempDir();
        long[] offsets = Fill(dir.Path, 3);
        byte[] seg = File.ReadAllBytes(StorePattern.Segment(dir.Path, 1, 0));
        Assert.Equal("GWFJSEG1"u8.ToArray(), seg[..8]);
        for (ulong seq = 1; seq <= 3; seq++)
        {
            int o = (int)offsets[seq];
            int length = StorePattern.Length(seq);
            Assert.Equal((uint)length, BinaryPrimitives.ReadUInt32LittleEndian(seg.AsSpan(o)));
            Assert.Equal(seq, BinaryPrimitives.ReadUInt64LittleEndian(seg.AsSpan(o + 8)));
            Assert.Equal(StorePattern.Message(seq), seg[(o + 16)..(o + 16 + length)]);
            byte[] covered = [.. seg.AsSpan(o, 4), .. seg.AsSpan(o + 8, 8 + length)];
            Assert.Equal(Crc32C.Compute(covered), BinaryPrimitives.ReadUInt32LittleEndian(seg.AsSpan(o + 4)));
        }

        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(seg.AsSpan((int)offsets[3] + ((16 + StorePattern.Length(3) + 7) & ~7))));
    }

    [Theory]
    [InlineData("message byte flipped")]
    [InlineData("length not yet stored")]
    [InlineData("garbage length")]
    [InlineData("crc not yet stored")]
    public void A_torn_last_record_is_cut_off_and_appending_resumes_there(string damage)
    {
        using var dir = new StoreTempDir();
        long[] offsets = Fill(dir.Path, 50);
        string segment = StorePattern.Segment(dir.Path, 1, 0);
        long last = offsets[50];
        switch (damage)
        {
            case "message byte flipped":
                Patch(segment, last + 16 + 7, b => b[0] ^= 0x40, 1);
                break;
            case "length not yet stored":
                Patch(segment, last, b => Array.Clear(b), 4);
                break;
            case "garbage length":
                Patch(segment, last, b => BinaryPrimitives.WriteUInt32LittleEndian(b, 0x7FFF_FFF0), 4);
                break;
            default:
                Patch(segment, last + 4, b => Array.Clear(b), 4);
                break;
        }

        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_options))
        {
            Assert.Equal(49, store.Recovery.Messages);
            Assert.Equal($"{segment}@{last}", store.Recovery.TruncatedTailAt);
            Assert.Equal(49UL, store.LastSequence);
            Assert.False(store.TryGet(50, out _));
            Assert.True(store.TryGet(49, out ReadOnlySpan<byte> m) && m.SequenceEqual(StorePattern.Message(49)));
            Assert.Equal(51UL, store.NextSenderSeqNum); // the state is ahead; it is never lowered
            Assert.Equal(AppendResult.Ok, store.Append(51, "short"u8));
        }

        // The torn bytes are gone: the short record written over them is followed by zeros, not by
        // the old record's leftovers.
        byte[] seg = File.ReadAllBytes(segment);
        Assert.All(seg[(int)(last + 24)..(int)(last + 16 + 1024)], b => Assert.Equal(0, b));
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_options))
        {
            Assert.Null(store.Recovery.TruncatedTailAt);
            Assert.Equal(50, store.Recovery.Messages);
            Assert.True(store.TryGet(51, out ReadOnlySpan<byte> m) && m.SequenceEqual("short"u8));
        }
    }

    [Fact]
    public void A_bad_record_in_the_middle_is_an_exception_not_a_silent_truncation()
    {
        using var dir = new StoreTempDir();
        long[] offsets = Fill(dir.Path, 200);
        string segment = StorePattern.Segment(dir.Path, 1, 0);
        Patch(segment, offsets[20] + 20, b => b[0] ^= 1, 1);
        var e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, s_options));
        Assert.Contains($"{segment}@{offsets[20]}", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a torn tail", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_segment_header_is_an_exception_naming_the_file()
    {
        using var dir = new StoreTempDir();
        Fill(dir.Path, 5);
        string segment = StorePattern.Segment(dir.Path, 1, 0);
        Patch(segment, 16, b => b[0] ^= 1, 1);
        var e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, s_options));
        Assert.Contains(segment, e.Message, StringComparison.Ordinal);
        Assert.Equal(segment, e.Path);
    }

    [Fact]
    public void State_slot_layout_and_torn_current_slot_falls_back_to_the_previous_state()
    {
        using var dir = new StoreTempDir();
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_options))
        {
            store.SetSequenceNumbers(5, 6);
            store.SetSequenceNumbers(7, 8);
        }

        string path = StorePattern.StateFile(dir.Path);
        byte[] page = File.ReadAllBytes(path);
        Assert.Equal(4096, page.Length);
        Assert.Equal("GWFIXST1"u8.ToArray(), page[..8]);
        ulong gen0 = BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(256));
        ulong gen1 = BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(320));
        int current = gen0 > gen1 ? 256 : 320;
        int previous = current == 256 ? 320 : 256;
        Assert.Equal(3UL, Math.Max(gen0, gen1)); // created (1), then two writes
        Assert.Equal(7UL, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(current + 8)));
        Assert.Equal(8UL, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(current + 16)));
        Assert.Equal(5UL, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(previous + 8)));
        Assert.Equal(Crc32C.Compute(page.AsSpan(current, 44)), BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(current + 44)));

        // Torn: the new sender sequence landed, the rest of the slot did not.
        Patch(path, current + 16, b => BinaryPrimitives.WriteUInt64LittleEndian(b, 99), 8);
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_options))
        {
            Assert.Equal(5UL, store.NextSenderSeqNum);
            Assert.Equal(6UL, store.NextTargetSeqNum);

            // The next write goes over the damaged slot, never over the good one.
            store.SetSequenceNumbers(10, 11);
        }

        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_options))
        {
            Assert.Equal(10UL, store.NextSenderSeqNum);
            Assert.Equal(11UL, store.NextTargetSeqNum);
        }
    }

    [Fact]
    public void A_torn_state_slot_with_a_journal_ahead_recovers_the_sender_sequence_from_the_journal()
    {
        using var dir = new StoreTempDir();
        Fill(dir.Path, 30); // state (31, 9) written after the previous state (1, 1)
        string path = StorePattern.StateFile(dir.Path);
        byte[] page = File.ReadAllBytes(path);
        int current = BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(256)) > BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(320)) ? 256 : 320;
        Patch(path, current + 44, b => b[0] ^= 0xFF, 1);
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_options);
        Assert.True(store.Recovery.SenderSeqNumRaised);
        Assert.Equal(31UL, store.NextSenderSeqNum);
        Assert.Equal(1UL, store.NextTargetSeqNum); // the previous slot's target: a resend will be asked for, never skipped
    }

    [Fact]
    public void Both_state_slots_bad_or_a_bad_header_is_an_exception_naming_the_file()
    {
        using var dir = new StoreTempDir();
        Fill(dir.Path, 3);
        string path = StorePattern.StateFile(dir.Path);
        byte[] good = File.ReadAllBytes(path);

        Patch(path, 256 + 3, b => b[0] ^= 1, 1);
        Patch(path, 320 + 3, b => b[0] ^= 1, 1);
        var e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, s_options));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("no valid state slot", e.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, good);
        Patch(path, 20, b => b[0] ^= 1, 1);
        e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, s_options));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, good[..100]);
        e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, s_options));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, good);
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_options);
        Assert.Equal(4UL, store.NextSenderSeqNum);
    }

    [Fact]
    public void A_missing_segment_in_the_middle_is_an_exception()
    {
        using var dir = new StoreTempDir();
        var options = s_options with { SegmentSize = 64 << 10 };
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, options))
        {
            for (ulong seq = 1; store.SegmentCount < 3; seq++)
            {
                Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
            }
        }

        File.Delete(StorePattern.Segment(dir.Path, 1, 1));
        var e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, options));
        Assert.Contains(StorePattern.Segment(dir.Path, 1, 1), e.Message, StringComparison.Ordinal);
    }
}
