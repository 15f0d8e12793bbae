namespace Gateway.OrderEntry.Store;

/// <summary>What <see cref="FixSessionStore.Append"/> did. Every value but <see cref="Ok"/> is counted by the store.</summary>
public enum AppendResult
{
    /// <summary>The record is in the mapping (durable against a process crash; against power loss after the next <see cref="FixSessionStore.Flush"/>).</summary>
    Ok = 0,

    /// <summary>The sequence number was 0 or not above the last one journaled in this epoch.</summary>
    SequenceNotIncreasing = 1,

    /// <summary>The message was empty or longer than <see cref="FixStoreOptions.MaxMessageSize"/>.</summary>
    InvalidMessage = 2,

    /// <summary>The sequence number is beyond <see cref="FixStoreOptions.IndexCapacity"/> messages from the epoch's first.</summary>
    IndexFull = 3,

    /// <summary>All <see cref="FixStoreOptions.MaxSegments"/> segments are full.</summary>
    JournalFull = 4,

    /// <summary>A new segment could not be created (disk full, I/O error, permissions); the error is in <see cref="FixSessionStore.LastStorageError"/>.</summary>
    StorageError = 5,

    /// <summary>The store has been disposed.</summary>
    Disposed = 6,

    /// <summary>
    /// A new segment was refused: creating it would leave less than <see cref="FixStoreOptions.MinFreeDiskBytes"/>
    /// free (<see cref="FixSessionStore.LastStorageError"/> says how much; <see cref="FixSessionStore.StorageAlarm"/> is up).
    /// </summary>
    DiskNearlyFull = 7,
}

/// <summary>Receives stored messages from <see cref="FixSessionStore.GetRange{TVisitor}"/>; a struct, so the loop is devirtualised.</summary>
public interface IStoredMessageVisitor
{
    /// <summary>One stored message, in sequence order; the span points into the mapping and is valid only during the call. Return false to stop.</summary>
    bool Visit(ulong sequence, ReadOnlySpan<byte> message);
}

/// <summary>A store file that cannot be used: bad directory, permission denied, or corrupted content. The message names the path.</summary>
public sealed class FixStoreException : IOException
{
    public FixStoreException()
    {
    }

    public FixStoreException(string message)
        : base(message)
    {
    }

    public FixStoreException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    public FixStoreException(string message, string path, Exception? inner = null)
        : base(message, inner) => Path = path;

    /// <summary>The file or directory at fault.</summary>
    public string? Path { get; }
}
