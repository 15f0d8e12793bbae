using System.Buffers.Binary;
using System.Globalization;

namespace Gateway.OrderEntry.Store;

/// <summary>
/// Retiring an old epoch's journal (cold code, on a reset or on open after a crash in one): each
/// segment is cut to the bytes written and archived, and the archive kept within its size and age
/// bounds (<see cref="FixStoreOptions"/>, disk policy). Nothing here throws: a file that cannot be
/// retired is counted in <see cref="ArchiveFailures"/>, left where it is and retried next time.
/// </summary>
public sealed unsafe partial class FixSessionStore
{
    /// <summary>Retires every journal file of an epoch other than <paramref name="epoch"/>; returns how many were archived or deleted.</summary>
    private int RetireStaleJournalFiles(ulong epoch)
    {
        int retired = 0;
        string archive = Path.Combine(SessionDirectory, ArchiveDirectoryName);
        foreach (string path in Directory.EnumerateFiles(SessionDirectory, "journal-*.seg"))
        {
            string name = Path.GetFileName(path);
            if (!JournalSegment.TryParseFileName(name, out ulong e, out _) || e == epoch)
            {
                continue;
            }

            try
            {
                long records = TrimToWritten(path);
                if (records == 0 || !_options.ArchiveOnReset)
                {
                    File.Delete(path);
                }
                else
                {
                    Directory.CreateDirectory(archive, OwnerOnlyDirectory);
                    string target = Path.Combine(archive, name);
                    File.Move(path, target, overwrite: true);

                    // The archive's age is counted from now, whatever the journal's last write was.
                    File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
                }

                retired++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ArchiveFailures++;
                LastStorageError = $"cannot retire old journal '{path}': {ex.Message}";
            }
        }

        if (_options.ArchiveOnReset)
        {
            PruneArchive(archive);
        }

        return retired;
    }

    /// <summary>
    /// Cuts a segment file to its last whole record (the preallocated zeros after it go back to the
    /// file system) and writes the new length into its header, so the archived file is a valid
    /// segment of its own size. Returns the records it holds; -1 for a file that is not a segment
    /// (left as it is). Idempotent: a crash between the header write and the cut is repaired by
    /// doing it again.
    /// </summary>
    private static long TrimToWritten(string path)
    {
        long used;
        long records = 0;
        long length = new FileInfo(path).Length;
        if (length < JournalSegment.HeaderSize)
        {
            return -1;
        }

        using (MappedFile file = MappedFile.OpenExisting(path, length, exclusive: false))
        {
            byte* b = file.Pointer;
            var header = new Span<byte>(b, JournalSegment.HeaderSize);
            if (!header[..8].SequenceEqual(JournalSegment.MagicBytes))
            {
                return -1;
            }

            long offset = JournalSegment.HeaderSize;
            while (offset + JournalSegment.RecordHeaderSize <= length)
            {
                uint recordLength = *(uint*)(b + offset);
                if (recordLength == 0 || recordLength > (ulong)(length - offset - JournalSegment.RecordHeaderSize))
                {
                    break;
                }

                offset = Math.Min(length, offset + JournalSegment.RecordSize((int)recordLength));
                records++;
            }

            used = offset;
            BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)used);
            BinaryPrimitives.WriteUInt32LittleEndian(header[JournalSegment.HeaderCrcOffset..], Crc32C.Compute(header[..JournalSegment.HeaderCrcOffset]));
            file.Flush();
        }

        if (used < length)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.SetLength(used);
        }

        return records;
    }

    /// <summary>Deletes archived files older than the age bound, then whole epochs, oldest first, until the archive fits its size bound.</summary>
    private void PruneArchive(string archive)
    {
        if (!Directory.Exists(archive))
        {
            return;
        }

        try
        {
            DateTime oldest = DateTime.UtcNow - _options.ArchiveMaxAge;
            var files = new List<(ulong Epoch, FileInfo File)>();
            foreach (string path in Directory.EnumerateFiles(archive, "journal-*.seg"))
            {
                if (JournalSegment.TryParseFileName(Path.GetFileName(path), out ulong epoch, out _))
                {
                    var info = new FileInfo(path);
                    if (info.LastWriteTimeUtc < oldest)
                    {
                        Prune(info);
                    }
                    else
                    {
                        files.Add((epoch, info));
                    }
                }
            }

            long total = files.Sum(f => f.File.Length);
            files.Sort((x, y) => x.Epoch.CompareTo(y.Epoch));
            for (int i = 0; i < files.Count && total > _options.ArchiveMaxBytes;)
            {
                ulong epoch = files[i].Epoch;
                for (; i < files.Count && files[i].Epoch == epoch; i++)
                {
                    total -= files[i].File.Length;
                    Prune(files[i].File);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ArchiveFailures++;
            LastStorageError = string.Create(CultureInfo.InvariantCulture, $"cannot prune the archive '{archive}': {ex.Message}");
        }
    }

    private void Prune(FileInfo file)
    {
        file.Delete();
        ArchivePrunedFiles++;
    }
}
