using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Gateway.OrderEntry.Store;

/// <summary>
/// One preallocated, memory-mapped file of the sent-message journal.
/// <code>
///  segment:  0                    64
///            +--------------------+--------+--------+-----   ---+-------------------
///            | header             | record | record |   ...     | zeros (never written)
///            +--------------------+--------+--------+-----   ---+-------------------
///  header:   0 magic "GWFJSEG1" u64 | 8 version u32 | 12 segment index u32 | 16 epoch u64
///            | 24 segment size u64 | 32 reserved u32 | 36 CRC-32C of bytes 0..36 u32 | 40..64 zero
///  record:   0 length u32 | 4 CRC-32C u32 | 8 sequence u64 | 16 message (length bytes) | zero pad to 8
/// </code>
/// The record CRC covers the length field and bytes 8..16+length (sequence and message). A record
/// is written message first, then CRC, then length, so a length of zero means "end of journal"
/// and a process killed mid-record leaves a record whose length or CRC does not check out: on open
/// it is cut off (zeroed) and appending resumes there. A whole segment file is created under a
/// temporary name and renamed when its header is written, so a segment file either has a valid
/// header or does not exist.
/// </summary>
internal sealed unsafe class JournalSegment : IDisposable
{
    public const int HeaderSize = 64;
    public const int RecordHeaderSize = 16;
    public const uint Version = 1;
    public const int HeaderCrcOffset = 36;

    private readonly MappedFile _file;
    private long _prefaultedTo;

    private JournalSegment(MappedFile file, int index, ulong epoch)
    {
        _file = file;
        Index = index;
        Epoch = epoch;
    }

    /// <summary>The first eight bytes of every segment file.</summary>
    internal static ReadOnlySpan<byte> MagicBytes => "GWFJSEG1"u8;

    public int Index { get; }

    public ulong Epoch { get; }

    public byte* Base => _file.Pointer;

    public long Size => _file.Length;

    public string Path => _file.Path;

    public static string FileName(ulong epoch, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"journal-{epoch:D10}-{index:D6}.seg");

    /// <summary>Parses a name made by <see cref="FileName"/>; false for anything else.</summary>
    public static bool TryParseFileName(string name, out ulong epoch, out int index)
    {
        epoch = 0;
        index = 0;
        if (!name.StartsWith("journal-", StringComparison.Ordinal) || !name.EndsWith(".seg", StringComparison.Ordinal))
        {
            return false;
        }

        string[] parts = name["journal-".Length..^".seg".Length].Split('-');
        return parts.Length == 2
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out epoch)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>Creates segment <paramref name="index"/> of <paramref name="epoch"/>, preallocated; throws <see cref="IOException"/> when it cannot (disk full).</summary>
    public static JournalSegment Create(string directory, ulong epoch, int index, long size)
    {
        string path = System.IO.Path.Combine(directory, FileName(epoch, index));
        string tmp = path + ".tmp";
        MappedFile.TryDelete(tmp);
        MappedFile file = MappedFile.CreatePreallocated(tmp, size);
        try
        {
            var header = new Span<byte>(file.Pointer, HeaderSize);
            MagicBytes.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(8), Version);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(12), (uint)index);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(16), epoch);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(24), (ulong)size);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(HeaderCrcOffset), Crc32C.Compute(header.Slice(0, HeaderCrcOffset)));
            File.Move(tmp, path);
        }
        catch
        {
            file.Dispose();
            MappedFile.TryDelete(tmp);
            throw;
        }

        // The mapping follows the inode through the rename; report the final path.
        file.Dispose();
        return new JournalSegment(MappedFile.OpenExisting(path, size, exclusive: false), index, epoch);
    }

    /// <summary>Opens an existing segment and checks its header; corrupted → <see cref="FixStoreException"/> naming the file.</summary>
    public static JournalSegment Open(string path, ulong epoch, int index)
    {
        MappedFile file = MappedFile.OpenExisting(path, -1, exclusive: false);
        try
        {
            var header = new ReadOnlySpan<byte>(file.Pointer, (int)Math.Min(HeaderSize, file.Length));
            if (header.Length < HeaderSize || !header.Slice(0, 8).SequenceEqual(MagicBytes))
            {
                throw new FixStoreException($"FIX store: '{path}' is not a journal segment (bad magic)", path);
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(HeaderCrcOffset)) != Crc32C.Compute(header.Slice(0, HeaderCrcOffset)))
            {
                throw new FixStoreException($"FIX store: '{path}' has a corrupted segment header (checksum mismatch)", path);
            }

            uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(8));
            uint storedIndex = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(12));
            ulong storedEpoch = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(16));
            ulong storedSize = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(24));
            if (version != Version || storedIndex != (uint)index || storedEpoch != epoch || storedSize != (ulong)file.Length || file.Length > uint.MaxValue)
            {
                throw new FixStoreException(
                    $"FIX store: '{path}' header does not match its name or size (version {version}, index {storedIndex}, epoch {storedEpoch}, size {storedSize} vs file {file.Length})",
                    path);
            }

            return new JournalSegment(file, index, epoch);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RecordSize(int messageLength) => (RecordHeaderSize + messageLength + 7) & ~7;

    /// <summary>The CRC of a record whose sequence and message are already at <paramref name="record"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint RecordCrc(byte* record, int messageLength)
    {
        uint length = (uint)messageLength;
        uint state = Crc32C.Update(~0u, new ReadOnlySpan<byte>(&length, 4));
        return ~Crc32C.Update(state, new ReadOnlySpan<byte>(record + 8, 8 + messageLength));
    }

    /// <summary>
    /// Write-faults every page from <paramref name="from"/> to <paramref name="to"/> not already
    /// faulted by an earlier call, while the session thread may be writing records into the same
    /// range: the touch is a compare-exchange of 0 with 0, which stores nothing new whatever the
    /// word holds but is a write access to the page, so the kernel maps it writable now.
    /// </summary>
    public void Prefault(long from, long to)
    {
        const long Page = 4096;
        to = Math.Min(to, Size);
        long start = (Math.Max(from, _prefaultedTo) + Page - 1) & ~(Page - 1);
        for (long p = start; p < to; p += Page)
        {
            _ = Interlocked.CompareExchange(ref *(int*)(Base + p), 0, 0);
        }

        _prefaultedTo = Math.Max(_prefaultedTo, to);
    }

    public void Flush() => _file.Flush();

    public void Dispose() => _file.Dispose();
}
