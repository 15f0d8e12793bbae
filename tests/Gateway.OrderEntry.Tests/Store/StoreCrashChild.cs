using System.Buffers.Binary;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gateway.OrderEntry.Store;

namespace Gateway.OrderEntry.Tests.Store;

/// <summary>
/// The child side of <see cref="StoreCrashTests"/>: the test assembly runs itself
/// (<c>dotnet Gateway.OrderEntry.Tests.dll</c>) with <see cref="EnvironmentVariable"/> set to the
/// store directory, and its entry point (<see cref="TestAssemblyEntryPoint"/>) hands over to this. (A
/// module initializer did this before; threads it started could not run code of this assembly until
/// it returned, so the child's flusher never ran and a watcher thread deadlocked.) Without
/// <see cref="MomentVariable"/> it appends messages and moves the sequence numbers in a tight loop,
/// with a flusher thread beside it, until the parent kills it at a random moment. With it, the child
/// drives itself to one named moment and sends itself SIGKILL there (<see cref="CrashMoment"/>).
/// Under the test host the variables are unset and this does nothing.
/// </summary>
internal static unsafe partial class StoreCrashChild
{
    public const string EnvironmentVariable = "GW_STORE_CRASH_CHILD_DIR";
    public const string MomentVariable = "GW_STORE_CRASH_MOMENT";

    /// <summary>Exit code of a child whose watcher saw the moment pass before it could kill (the parent tries again).</summary>
    public const int Missed = 4;

    /// <summary>Messages journaled before a moment is driven.</summary>
    public const int MessagesBefore = 100;

    /// <summary>Small segments and a small set, so rounds cross segment boundaries and Resets.</summary>
    public static readonly FixStoreOptions Options = new() { SegmentSize = 256 << 10, MaxSegments = 16, MaxMessageSize = 1024, ArchiveOnReset = false };

    /// <summary>For the torn moment: one segment of 2 MiB and a message of nearly that, so the record takes long enough to write that a watcher thread catches it half done.</summary>
    public static readonly FixStoreOptions TornOptions = new() { SegmentSize = 2 << 20, InitialSegmentSize = 2 << 20, MaxSegments = 2, MaxMessageSize = (2 << 20) - 1024, ArchiveOnReset = false };

    /// <summary>The torn moment's message: 1.5 MiB, well inside the first segment after the messages before it.</summary>
    public const int TornMessageSize = 3 << 19;

    public static FixStoreOptions OptionsFor(CrashMoment? moment) => moment == CrashMoment.TornRecord ? TornOptions : Options;

    /// <summary>Runs the child when <see cref="EnvironmentVariable"/> is set; returns null (not a child) otherwise.</summary>
    internal static int? RunIfChild()
    {
        string? directory = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }

        string? moment = Environment.GetEnvironmentVariable(MomentVariable);
        return string.IsNullOrEmpty(moment) ? Run(directory) : Drive(directory, Enum.Parse<CrashMoment>(moment));
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

    private static int Drive(string directory, CrashMoment moment)
    {
        FixSessionStore store = FixSessionStore.Open(directory, StorePattern.Session, OptionsFor(moment));
        long tail = JournalSegment.HeaderSize;
        for (ulong seq = 1; seq <= MessagesBefore; seq++)
        {
            Check(store.Append(seq, StorePattern.Message(seq)), store);
            store.SetSequenceNumbers(seq + 1, StorePattern.TargetFor(seq + 1));
            tail += JournalSegment.RecordSize(StorePattern.Length(seq));
        }

        const ulong Next = MessagesBefore + 1;
        switch (moment)
        {
            case CrashMoment.BetweenJournalAndState:
                // Journaled, but the sender sequence not moved yet.
                Check(store.Append(Next, StorePattern.Message(Next)), store);
                KillSelf();
                break;

            case CrashMoment.TornRecord:
            {
                // A watcher maps the segment itself and kills the process once the record's sequence
                // is in place but its length (stored last) is not: the record is half written.
                string segment = StorePattern.Segment(directory, 1, 0);
                var watcher = new Watcher(segment, p =>
                {
                    ulong sequence = Volatile.Read(ref Unsafe.AsRef<ulong>(p + tail + 8));
                    uint length = Volatile.Read(ref Unsafe.AsRef<uint>(p + tail));
                    return length != 0 ? Watch.Passed : sequence != 0 ? Watch.Kill : Watch.Wait;
                });
                byte[] big = new byte[TornMessageSize];
                StorePattern.Fill(Next, big);
                Check(store.Append(Next, big), store);
                watcher.WaitForVerdict();
                return Missed;
            }

            case CrashMoment.InsideReset:
            {
                // Killed once the new epoch is in the state file (one valid slot says epoch 2),
                // before the old epoch's journal is retired: open must retire it.
                string state = StorePattern.StateFile(directory);
                var watcher = new Watcher(state, p =>
                {
                    for (int slot = 0; slot < 2; slot++)
                    {
                        byte* s = p + 256 + (slot * 64);
                        var span = new ReadOnlySpan<byte>(s, 64);
                        if (BinaryPrimitives.ReadUInt64LittleEndian(span[32..]) == 2
                            && BinaryPrimitives.ReadUInt32LittleEndian(span[44..]) == Crc32C.Compute(span[..44]))
                        {
                            return Watch.Kill;
                        }
                    }

                    return Watch.Wait;
                });
                store.Reset();
                watcher.WaitForVerdict();
                return Missed;
            }
        }

        return 5;
    }

    private static void Check(AppendResult r, FixSessionStore store)
    {
        if (r != AppendResult.Ok)
        {
            Console.Error.WriteLine($"append: {r} {store.LastStorageError}");
            Environment.Exit(3);
        }
    }

    /// <summary>SIGKILL to this process, straight through libc (Process.Kill would take its time getting there).</summary>
    private static void KillSelf() => _ = Kill(Environment.ProcessId, SigKill);

    private const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    private enum Watch
    {
        Wait,
        Kill,
        Passed,
    }

    /// <summary>A thread spinning on a mapping of a store file (shared pages: it sees the store's stores as they land) until a predicate says kill or too late.</summary>
    private sealed class Watcher
    {
        private readonly MemoryMappedFile _map;
        private readonly MemoryMappedViewAccessor _view;
        private readonly Thread _thread;
        private readonly byte* _pointer;

        public Watcher(string path, WatchPredicate predicate)
        {
            _map = MemoryMappedFile.CreateFromFile(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* p = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _pointer = p + _view.PointerOffset;
            var ready = new ManualResetEventSlim();
            _thread = new Thread(() =>
            {
                ready.Set();
                while (true)
                {
                    switch (predicate(_pointer))
                    {
                        case Watch.Kill:
                            KillSelf();
                            return;
                        case Watch.Passed:
                            return;
                    }
                }
            })
            { IsBackground = true, Priority = ThreadPriority.Highest };
            _thread.Start();
            ready.Wait();
        }

        /// <summary>Waits for the watcher to kill or give up. The mapping stays for the life of the process: the watcher may still be reading it.</summary>
        public void WaitForVerdict() => _thread.Join(TimeSpan.FromSeconds(5));
    }

    private delegate Watch WatchPredicate(byte* mapping);
}

/// <summary>The moments <see cref="StoreCrashTests"/> drives a child to and kills it at.</summary>
public enum CrashMoment
{
    /// <summary>A message journaled, the sender sequence in the state file not yet moved past it.</summary>
    BetweenJournalAndState,

    /// <summary>In the middle of writing a record: its sequence and part of its message stored, its length not.</summary>
    TornRecord,

    /// <summary>A reset's new epoch written to the state file, the old epoch's journal not yet retired.</summary>
    InsideReset,
}
