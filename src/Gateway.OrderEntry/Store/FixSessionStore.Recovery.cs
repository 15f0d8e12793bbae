using System.Globalization;
using System.Runtime.CompilerServices;

namespace Gateway.OrderEntry.Store;

/// <summary>Opening: the journal scan that rebuilds the index and repairs a torn tail (cold code).</summary>
public sealed unsafe partial class FixSessionStore
{
    private void OpenJournal()
    {
        ulong epoch = Epoch;
        foreach (string tmp in Directory.EnumerateFiles(SessionDirectory, "*.tmp"))
        {
            // A file creation a crash interrupted; its final name was never taken.
            MappedFile.TryDelete(tmp);
        }

        int archived = RetireStaleJournalFiles(epoch);
        var found = new SortedDictionary<int, string>();
        foreach (string path in Directory.EnumerateFiles(SessionDirectory, "journal-*.seg"))
        {
            if (JournalSegment.TryParseFileName(Path.GetFileName(path), out ulong e, out int index) && e == epoch)
            {
                found.Add(index, path);
            }
        }

        int expected = 0;
        foreach ((int index, string path) in found)
        {
            if (index != expected)
            {
                string missing = Path.Combine(SessionDirectory, JournalSegment.FileName(epoch, expected));
                throw new FixStoreException($"FIX store: journal segment '{missing}' is missing (found '{path}' after it)", missing);
            }

            if (index >= _segments.Length)
            {
                throw new FixStoreException($"FIX store: '{path}' is beyond MaxSegments ({_segments.Length})", path);
            }

            _segments[index] = JournalSegment.Open(path, epoch, index);
            _mappedCount = index + 1;
            expected++;
        }

        long messages = 0;
        string? truncatedAt = null;
        int lastNonEmpty = -1;
        long tailOffset = JournalSegment.HeaderSize;
        for (int i = 0; i < _mappedCount; i++)
        {
            JournalSegment segment = _segments[i]!;
            ScanResult scan = Scan(segment);
            if (scan.Records > 0 || scan.Torn)
            {
                if (lastNonEmpty != i - 1)
                {
                    throw new FixStoreException($"FIX store: journal segment '{_segments[i - 1]!.Path}' is empty but a later segment holds messages", _segments[i - 1]!.Path);
                }

                if (lastNonEmpty >= 0 && truncatedAt is not null)
                {
                    throw new FixStoreException($"FIX store: corrupted record at {truncatedAt} is followed by more messages (not a torn tail)", _segments[lastNonEmpty]!.Path);
                }

                lastNonEmpty = i;
                tailOffset = scan.End;
                messages += scan.Records;
                if (scan.Torn)
                {
                    truncatedAt = string.Create(CultureInfo.InvariantCulture, $"{segment.Path}@{scan.End}");
                }
            }
        }

        if (truncatedAt is not null)
        {
            // A record being written when the process died is at most one record long; anything
            // written beyond that was there before, so the bad record is damage in the middle.
            JournalSegment torn = _segments[lastNonEmpty]!;
            long reach = Math.Min(torn.Size, tailOffset + JournalSegment.RecordSize(_maxMessageSize));
            if (HasNonZero(torn.Base + reach, torn.Size - reach))
            {
                throw new FixStoreException($"FIX store: corrupted record at {truncatedAt} is followed by more data (not a torn tail)", torn.Path);
            }

            // Only now that no later segment holds messages is this known to be a torn tail.
            ZeroFrom(_segments[lastNonEmpty]!, tailOffset);
        }

        if (_mappedCount == 0)
        {
            lock (_segmentLock)
            {
                if (TryCreateSegmentLocked(0) != AppendResult.Ok)
                {
                    throw new FixStoreException($"FIX store: {LastStorageError}", SessionDirectory);
                }
            }
        }

        if (lastNonEmpty < 0)
        {
            UseSegmentZero();
        }
        else
        {
            JournalSegment tail = _segments[lastNonEmpty]!;
            _current = lastNonEmpty;
            _writeBase = tail.Base;
            _writeOffset = tailOffset;
            _writeLimit = tail.Size;
            _flushFrom = lastNonEmpty;
        }

        // Journal first, state second (see the class comment): a message on the wire has a journal
        // record, so its sequence number is never handed out again.
        bool raised = false;
        if (_lastSequence != 0 && _state.Current.NextSender <= _lastSequence)
        {
            SetSequenceNumbers(_lastSequence + 1, _state.Current.NextTarget);
            raised = true;
        }

        Recovery = new FixStoreRecovery(messages, truncatedAt, raised, archived);
    }

    private readonly record struct ScanResult(long Records, long End, bool Torn);

    /// <summary>Walks one segment's records, indexing each; stops at the first zero length (end) or bad record (torn).</summary>
    private ScanResult Scan(JournalSegment segment)
    {
        byte* b = segment.Base;
        long size = segment.Size;
        long offset = JournalSegment.HeaderSize;
        long records = 0;
        while (offset + JournalSegment.RecordHeaderSize <= size)
        {
            uint length = *(uint*)(b + offset);
            if (length == 0)
            {
                // Either the end, or the rest of the segment was too short for the next record;
                // a torn record never has its length without its bytes (the length is stored last)
                // unless the page cache lost the order (power loss), which the CRC catches.
                if (HasNonZero(b + offset, Math.Min(size - offset, JournalSegment.RecordHeaderSize + _maxMessageSize)))
                {
                    return new ScanResult(records, offset, Torn: true);
                }

                return new ScanResult(records, offset, Torn: false);
            }

            if (length > (ulong)(size - offset - JournalSegment.RecordHeaderSize)
                || Unsafe.ReadUnaligned<uint>(b + offset + 4) != JournalSegment.RecordCrc(b + offset, (int)length))
            {
                return new ScanResult(records, offset, Torn: true);
            }

            ulong sequence = Unsafe.ReadUnaligned<ulong>(b + offset + 8);
            if (sequence <= _lastSequence)
            {
                throw new FixStoreException(
                    string.Create(CultureInfo.InvariantCulture, $"FIX store: '{segment.Path}' offset {offset}: sequence {sequence} after {_lastSequence} (journal out of order)"),
                    segment.Path);
            }

            if (_lastSequence == 0)
            {
                _indexBase = sequence;
            }

            if (sequence - _indexBase >= _indexCapacity)
            {
                throw new FixStoreException(
                    string.Create(CultureInfo.InvariantCulture, $"FIX store: '{segment.Path}' holds sequence {sequence}, beyond IndexCapacity ({_indexCapacity}) from {_indexBase}"),
                    segment.Path);
            }

            _index[sequence - _indexBase] = ((ulong)(uint)segment.Index << 32) | (ulong)offset;
            _lastSequence = sequence;
            records++;
            offset += JournalSegment.RecordSize((int)length);
        }

        return new ScanResult(records, offset, Torn: false);
    }

    private static bool HasNonZero(byte* p, long length)
    {
        for (long done = 0; done < length; done += int.MaxValue)
        {
            int chunk = (int)Math.Min(int.MaxValue, length - done);
            if (new ReadOnlySpan<byte>(p + done, chunk).IndexOfAnyExcept((byte)0) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Zeroes what a torn record left behind, writing only words that are not zero already (clean pages stay clean).</summary>
    private static void ZeroFrom(JournalSegment segment, long offset)
    {
        ulong* p = (ulong*)(segment.Base + offset);
        ulong* end = (ulong*)(segment.Base + segment.Size);
        for (; p < end; p++)
        {
            if (*p != 0)
            {
                *p = 0;
            }
        }
    }
}
