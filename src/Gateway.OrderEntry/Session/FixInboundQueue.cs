namespace Gateway.OrderEntry.Session;

/// <summary>
/// Messages received ahead of a sequence gap, kept until the gap is filled (FIX Session-level Test
/// Cases 2b and 10: the counterparty resends only the gap, and what came after it is processed in
/// order, not thrown away and asked for again). Bounded: a byte buffer and an entry array allocated
/// at start-up; a message that does not fit is refused (the caller then asks for the whole range
/// again). Entries are kept sorted by MsgSeqNum; a number already held is not stored twice.
/// <code>
///   buffer: [ msg 7 bytes | msg 9 bytes | msg 8 bytes | free ........... ]
///   entries (by seq): 7 -> (0, n7)   8 -> (n7 + n9, n8)   9 -> (n7, n9)
/// </code>
/// Space is reclaimed when the queue empties, or by compaction when an append does not fit.
/// </summary>
internal sealed class FixInboundQueue
{
    private readonly byte[] _buffer;
    private readonly Entry[] _entries;
    private int _count;
    private int _used;

    public FixInboundQueue(int bytes)
    {
        _buffer = new byte[bytes];
        _entries = new Entry[Math.Max(1, bytes / 64)];
    }

    public int Count => _count;

    /// <summary>MsgSeqNum of the first queued message (0 when empty).</summary>
    public ulong FirstSeq => _count == 0 ? 0 : _entries[0].Seq;

    /// <summary>
    /// Keeps <paramref name="message"/> as MsgSeqNum <paramref name="seq"/>. A <paramref name="countOnly"/>
    /// entry (no bytes) stands for a message already acted on whose number must still be counted in
    /// order (a Logon or ResendRequest that arrived too high). False when it does not fit.
    /// </summary>
    public bool Add(ulong seq, ReadOnlySpan<byte> message, bool countOnly)
    {
        int at = 0;
        while (at < _count && _entries[at].Seq < seq)
        {
            at++;
        }

        if (at < _count && _entries[at].Seq == seq)
        {
            return true; // already held (a duplicate of a queued message)
        }

        if (_count == _entries.Length)
        {
            return false;
        }

        int length = countOnly ? 0 : message.Length;
        if (_used + length > _buffer.Length)
        {
            Compact();
            if (_used + length > _buffer.Length)
            {
                return false;
            }
        }

        message.Slice(0, length).CopyTo(_buffer.AsSpan(_used));
        Array.Copy(_entries, at, _entries, at + 1, _count - at);
        _entries[at] = new Entry(seq, _used, length, countOnly);
        _count++;
        _used += length;
        return true;
    }

    /// <summary>
    /// Takes the entry for <paramref name="next"/> if it is first in line, dropping any below it (their
    /// numbers were filled meanwhile). The returned bytes stay valid until the next <see cref="Add"/>.
    /// </summary>
    public bool TryTake(ulong next, out ReadOnlySpan<byte> message, out bool countOnly)
    {
        while (_count > 0 && _entries[0].Seq < next)
        {
            RemoveFirst();
        }

        if (_count == 0 || _entries[0].Seq != next)
        {
            message = default;
            countOnly = false;
            return false;
        }

        Entry e = _entries[0];
        RemoveFirst();
        message = _buffer.AsSpan(e.Offset, e.Length);
        countOnly = e.CountOnly;
        return true;
    }

    public void Clear()
    {
        _count = 0;
        _used = 0;
    }

    private void RemoveFirst()
    {
        _count--;
        Array.Copy(_entries, 1, _entries, 0, _count);
        if (_count == 0)
        {
            _used = 0;
        }
    }

    /// <summary>Moves the held messages to the front of the buffer, in sequence order.</summary>
    private void Compact()
    {
        // Entries are few and compaction rare: a scratch copy through the free tail would need a
        // second buffer, so move them one at a time in ascending offset order (always leftwards).
        int write = 0;
        while (true)
        {
            int lowest = -1;
            for (int i = 0; i < _count; i++)
            {
                // Moved entries end up below write; count-only entries have no bytes to move.
                if (_entries[i].Length > 0 && _entries[i].Offset >= write && (lowest < 0 || _entries[i].Offset < _entries[lowest].Offset))
                {
                    lowest = i;
                }
            }

            if (lowest < 0)
            {
                break;
            }

            Entry e = _entries[lowest];
            Buffer.BlockCopy(_buffer, e.Offset, _buffer, write, e.Length);
            _entries[lowest] = e with { Offset = write };
            write += e.Length;
        }

        _used = write;
    }

    private readonly record struct Entry(ulong Seq, int Offset, int Length, bool CountOnly);
}
