using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Gateway.OrderEntry.Store;

/// <summary>One consistent set of session counters, as held in a state slot.</summary>
internal readonly record struct SessionState(ulong Generation, ulong NextSender, ulong NextTarget, long CreationTicks, ulong Epoch);

/// <summary>
/// The session's counters in one memory-mapped page, written so that a process killed in the middle
/// of an update never loses the previous good state: two slots written alternately, each with a
/// generation number and a CRC-32C. An update goes to the slot not holding the current state, CRC
/// last; on open the valid slot with the higher generation wins, so a torn update falls back to the
/// state before it.
/// <code>
///   0        8        12       16                     240      252      256        320        384
///   +--------+--------+--------+----------------------+--------+--------+----------+----------+-- 4096
///   | magic  |version | idlen  | identity (UTF-8)     |reserved|hdr crc | slot 0   | slot 1   |
///   +--------+--------+--------+----------------------+--------+--------+----------+----------+
///  slot: 0 generation u64 | 8 next sender u64 | 16 next target u64 | 24 creation ticks i64 (UTC)
///        | 32 journal epoch u64 | 40 reserved u32 | 44 CRC-32C of bytes 0..44 u32 | 48..64 zero
/// </code>
/// All integers little-endian. The identity ("FIX.4.4:GATEWAY->VENUE") guards against a session
/// opening another session's directory.
/// </summary>
internal sealed unsafe class SessionStateFile : IDisposable
{
    public const int FileSize = 4096;
    public const ulong Magic = 0x3154535849465747; // "GWFIXST1" read as little-endian u64
    public const uint Version = 1;
    public const int IdentityOffset = 16;
    public const int MaxIdentityBytes = 224;
    public const int HeaderCrcOffset = 252;
    public const int Slot0Offset = 256;
    public const int SlotSize = 64;
    public const int SlotCrcOffset = 44;

    private readonly MappedFile _file;
    private int _currentSlot;

    private SessionStateFile(MappedFile file, int currentSlot, SessionState state)
    {
        _file = file;
        _currentSlot = currentSlot;
        Current = state;
    }

    public string Path => _file.Path;

    public SessionState Current { get; private set; }

    /// <summary>Which slot holds <see cref="Current"/> (0 or 1); for tests.</summary>
    internal int CurrentSlot => _currentSlot;

    /// <summary>
    /// Opens the state file, or creates it (under a temporary name, renamed into place once whole, so
    /// a crash during creation leaves no half-written file behind).
    /// </summary>
    public static SessionStateFile OpenOrCreate(string path, string identity, long creationTicks)
    {
        byte[] id = Encoding.UTF8.GetBytes(identity);
        if (id.Length > MaxIdentityBytes)
        {
            throw new ArgumentException($"session identity is {id.Length} bytes (at most {MaxIdentityBytes})", nameof(identity));
        }

        if (!File.Exists(path))
        {
            string tmp = path + ".tmp";
            MappedFile.TryDelete(tmp);
            using (MappedFile created = MappedFile.CreatePreallocated(tmp, FileSize))
            {
                var page = new Span<byte>(created.Pointer, FileSize);
                page.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(page, Magic);
                BinaryPrimitives.WriteUInt32LittleEndian(page.Slice(8), Version);
                BinaryPrimitives.WriteUInt32LittleEndian(page.Slice(12), (uint)id.Length);
                id.CopyTo(page.Slice(IdentityOffset));
                BinaryPrimitives.WriteUInt32LittleEndian(page.Slice(HeaderCrcOffset), Crc32C.Compute(page.Slice(0, HeaderCrcOffset)));
                WriteSlot(created.Pointer + Slot0Offset, new SessionState(1, 1, 1, creationTicks, 1));
                created.Flush();
            }

            File.Move(tmp, path);
        }

        MappedFile file = MappedFile.OpenExisting(path, FileSize, exclusive: true);
        try
        {
            var page = new ReadOnlySpan<byte>(file.Pointer, FileSize);
            if (BinaryPrimitives.ReadUInt64LittleEndian(page) != Magic)
            {
                throw new FixStoreException($"FIX store: '{path}' is not a session state file (bad magic)", path);
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(page.Slice(HeaderCrcOffset)) != Crc32C.Compute(page.Slice(0, HeaderCrcOffset)))
            {
                throw new FixStoreException($"FIX store: '{path}' has a corrupted header (checksum mismatch)", path);
            }

            uint version = BinaryPrimitives.ReadUInt32LittleEndian(page.Slice(8));
            if (version != Version)
            {
                throw new FixStoreException($"FIX store: '{path}' has format version {version}, this build reads {Version}", path);
            }

            int idLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(page.Slice(12)), MaxIdentityBytes);
            if (!page.Slice(IdentityOffset, idLength).SequenceEqual(id))
            {
                string found = Encoding.UTF8.GetString(page.Slice(IdentityOffset, idLength));
                throw new FixStoreException($"FIX store: '{path}' belongs to session {found}, not {identity}", path);
            }

            bool ok0 = TryReadSlot(file.Pointer + Slot0Offset, out SessionState s0);
            bool ok1 = TryReadSlot(file.Pointer + Slot0Offset + SlotSize, out SessionState s1);
            if (!ok0 && !ok1)
            {
                throw new FixStoreException($"FIX store: '{path}' has no valid state slot (both checksums fail): the sequence numbers are lost", path);
            }

            int slot = ok0 && (!ok1 || s0.Generation > s1.Generation) ? 0 : 1;
            return new SessionStateFile(file, slot, slot == 0 ? s0 : s1);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes a new state into the slot not holding the current one, CRC last; after the CRC store
    /// the new state is what a restart reads. No system call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ulong nextSender, ulong nextTarget, long creationTicks, ulong epoch)
    {
        var state = new SessionState(Current.Generation + 1, nextSender, nextTarget, creationTicks, epoch);
        int slot = _currentSlot ^ 1;
        WriteSlot(_file.Pointer + Slot0Offset + (slot * SlotSize), state);
        _currentSlot = slot;
        Current = state;
    }

    public void Flush() => _file.Flush();

    public void Dispose() => _file.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteSlot(byte* p, SessionState s)
    {
        // Invalidate first: were the CRC left intact while the fields change, a kill between the
        // field stores could leave old CRC + half-new fields, which the CRC does catch, but zeroing
        // it makes the torn window explicit and independent of the odds of a CRC collision.
        Volatile.Write(ref *(uint*)(p + SlotCrcOffset), 0u);
        Unsafe.WriteUnaligned(p, s.Generation);
        Unsafe.WriteUnaligned(p + 8, s.NextSender);
        Unsafe.WriteUnaligned(p + 16, s.NextTarget);
        Unsafe.WriteUnaligned(p + 24, s.CreationTicks);
        Unsafe.WriteUnaligned(p + 32, s.Epoch);
        Unsafe.WriteUnaligned(p + 40, 0u);
        uint crc = Crc32C.Compute(new ReadOnlySpan<byte>(p, SlotCrcOffset));
        Volatile.Write(ref *(uint*)(p + SlotCrcOffset), crc);
    }

    private static bool TryReadSlot(byte* p, out SessionState s)
    {
        uint crc = Unsafe.ReadUnaligned<uint>(p + SlotCrcOffset);
        s = new SessionState(
            Unsafe.ReadUnaligned<ulong>(p),
            Unsafe.ReadUnaligned<ulong>(p + 8),
            Unsafe.ReadUnaligned<ulong>(p + 16),
            Unsafe.ReadUnaligned<long>(p + 24),
            Unsafe.ReadUnaligned<ulong>(p + 32));
        return crc == Crc32C.Compute(new ReadOnlySpan<byte>(p, SlotCrcOffset)) && s.Generation != 0;
    }
}
