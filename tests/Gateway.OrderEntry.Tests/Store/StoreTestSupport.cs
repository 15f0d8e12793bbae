using Gateway.OrderEntry.Store;

namespace Gateway.OrderEntry.Tests.Store;

/// <summary>A temporary directory per test, removed afterwards.</summary>
public sealed class StoreTempDir : IDisposable
{
    public StoreTempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gw-store-tests-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Deterministic message contents, so a reader can check every byte of a record it finds.</summary>
internal static class StorePattern
{
    public static readonly FixSessionId Session = new("FIX.4.4", "GATEWAY", "VENUE");

    public static int Length(ulong sequence) => 20 + (int)(sequence * 7919 % 300);

    public static void Fill(ulong sequence, Span<byte> destination)
    {
        ulong x = sequence * 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < destination.Length; i++)
        {
            x ^= x >> 29;
            x *= 0xBF58476D1CE4E5B9UL;
            destination[i] = (byte)(x >> 56);
        }
    }

    public static byte[] Message(ulong sequence)
    {
        var m = new byte[Length(sequence)];
        Fill(sequence, m);
        return m;
    }

    /// <summary>The target sequence the crash child stores alongside each sender sequence.</summary>
    public static ulong TargetFor(ulong nextSender) => (nextSender / 3) + 1;

    public static string StateFile(string root) => System.IO.Path.Combine(root, Session.DirectoryName, FixSessionStore.StateFileName);

    public static string Segment(string root, ulong epoch, int index) =>
        System.IO.Path.Combine(root, Session.DirectoryName, $"journal-{epoch:D10}-{index:D6}.seg");
}
