using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Gateway.OrderEntry.Store;

namespace Gateway.OrderEntry.Tests.Store;

/// <summary>
/// The child side of <see cref="StoreCrashTests"/>: the test assembly runs itself
/// (<c>dotnet Gateway.OrderEntry.Tests.dll</c>) with <see cref="EnvironmentVariable"/> set to the
/// store directory, and this module initializer takes over before the generated entry point: it
/// appends messages and moves the sequence numbers in a tight loop, with a flusher thread beside
/// it, until the parent kills it. Under the test host the variable is unset and this does nothing.
/// </summary>
internal static class StoreCrashChild
{
    public const string EnvironmentVariable = "GW_STORE_CRASH_CHILD_DIR";

    /// <summary>Small segments and a small set, so rounds cross segment boundaries and Resets.</summary>
    public static readonly FixStoreOptions Options = new() { SegmentSize = 256 << 10, MaxSegments = 16, MaxMessageSize = 1024, ArchiveOnReset = false };

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "the test assembly doubles as the crash child; inert unless the variable is set")]
    internal static void RunIfChild()
    {
        string? directory = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Environment.Exit(Run(directory));
    }

    private static int Run(string directory)
    {
        using FixSessionStore store = FixSessionStore.Open(directory, StorePattern.Session, Options);
        var flusher = new Thread(() =>
        {
            while (true)
            {
                store.Flush();
                store.PrepareNextSegment();
                Thread.Sleep(1);
            }
        })
        { IsBackground = true };
        flusher.Start();

        Span<byte> message = stackalloc byte[1024];
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {store.Epoch} {store.NextSenderSeqNum}"));
        Console.Out.Flush();
        while (true)
        {
            ulong seq = store.NextSenderSeqNum;
            Span<byte> m = message[..StorePattern.Length(seq)];
            StorePattern.Fill(seq, m);

            // The documented order: journal first, then move the sender sequence.
            AppendResult r = store.Append(seq, m);
            if (r == AppendResult.JournalFull)
            {
                store.Reset();
                continue;
            }

            if (r != AppendResult.Ok)
            {
                Console.Error.WriteLine($"append {seq}: {r} {store.LastStorageError}");
                return 3;
            }

            store.SetSequenceNumbers(seq + 1, StorePattern.TargetFor(seq + 1));
        }
    }
}
