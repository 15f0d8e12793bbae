using System.Diagnostics;
using Gateway.Core;
using Gateway.Core.Agents;
using Gateway.Host.Output;
using Gateway.Interop;
using Gateway.MarketData.Books;
using Gateway.MarketData.Feed;
using Gateway.MarketData.Itch;
using Gateway.Net.Pipeline;
using Gateway.Net.Sources;
using Spectre.Console;

namespace Gateway.Host.Replay;

/// <summary>
/// Runs a replay: opens the source, drives a <see cref="PacketPump{THandler}"/> on a pinned
/// polling thread, shows progress from the main thread, reports. Cold code: nothing here is per
/// packet.
/// </summary>
internal static class ReplayRunner
{
    /// <summary>A DPDK port never says "end of file": a replay through net_pcap ends after this long without a packet.</summary>
    private const long DpdkEndAfterIdleNs = 300_000_000;

    /// <summary>Runs longer than this get a progress bar (on a terminal).</summary>
    private static readonly TimeSpan s_progressAfter = TimeSpan.FromSeconds(1);

    public static int Run(ReplaySettings settings)
    {
        if (settings.Vdev is null && Directory.Exists(settings.Capture))
        {
            Console.Error.WriteLine($"gw replay: {settings.Capture} is a directory, not a capture file");
            return ExitCodes.Usage;
        }

        if (settings.Vdev is null && !File.Exists(settings.Capture))
        {
            Console.Error.WriteLine($"gw replay: capture not found: {settings.Capture}");
            return ExitCodes.Usage;
        }

        if (settings.Backend != ReplayBackend.Dpdk && (settings.Vdev is not null || settings.EalArgs.Count > 0))
        {
            Console.Error.WriteLine("gw replay: --vdev and --eal apply only to --backend dpdk");
            return ExitCodes.Usage;
        }

        // Fail before the run, not after it: a long replay should not end in "cannot write", nor
        // write over the capture it is reading (OutputFiles).
        string? outputError = OutputFiles.Check([settings.Capture],
            [("--stats-out", settings.StatsOut), ("--payloads-out", settings.PayloadsOut), ("--book-out", settings.BookOut)]);
        if (outputError is not null)
        {
            Console.Error.WriteLine($"gw replay: {outputError}");
            return ExitCodes.Usage;
        }

        try
        {
            ReplaySources.Validate(settings);
        }
        catch (PacketSourceException ex)
        {
            Console.Error.WriteLine($"gw replay: {ex.Message}");
            return ExitCodes.BadInput;
        }

        IPacketSource source;
        try
        {
            source = ReplaySources.Open(settings);
        }
        catch (PacketSourceException ex)
        {
            Console.Error.WriteLine($"gw replay: {ex.Message}");
            return settings.Backend == ReplayBackend.Dpdk ? ExitCodes.NativeUnavailable : ExitCodes.BadInput;
        }
        catch (NativeUnavailableException ex)
        {
            Console.Error.WriteLine($"gw replay: {ex.Message}");
            return ExitCodes.NativeUnavailable;
        }

        using (source)
        {
            PayloadRecorder? recorder = null;
            try
            {
                recorder = settings.PayloadsOut is { } path ? new PayloadRecorder(OutputFiles.Begin(path)) : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"gw replay: cannot write {settings.PayloadsOut}: {ex.Message}");
                return ExitCodes.Usage;
            }

            using (recorder)
            using (MarketDataFeed? feed = settings.NoFeed ? null : CreateFeed(settings))
            {
                return Drive(settings, source, recorder, feed);
            }
        }
    }

    private static MarketDataFeed CreateFeed(ReplaySettings settings) => new(new MarketDataFeedOptions
    {
        LineA = settings.Lines is { Count: >= 1 } a ? a[0] : null,
        LineB = settings.Lines is { Count: 2 } b ? b[1] : null,
        RerequestServer = settings.Rerequest,
        DecodeOnly = settings.DecodeOnly,
    });

    private static int Drive(ReplaySettings settings, IPacketSource source, PayloadRecorder? recorder, MarketDataFeed? feed)
    {
        var options = new PacketPumpOptions
        {
            Burst = settings.Burst,
            Pacing = settings.Pacing,
            MaxFrameBytes = settings.MaxFrameBytes,
            VerifyIpChecksum = settings.VerifyIpChecksum,
            Filter = settings.Filter,
            EndAfterIdleNs = settings.Backend == ReplayBackend.Dpdk ? DpdkEndAfterIdleNs : 0,
        };
        var stats = new PacketPathStats();
        int gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        using var pump = new PacketPump<ReplayHandler>(source,
            new ReplayHandler(feed, recorder, source.Link == LinkKind.ItchMessage), options, stats);
        string? pinWarning = null;
        var marked = new MarkedAgent<ReplayHandler>(pump);
        using var runner = new AgentRunner(marked, settings.Idle, () =>
        {
            pinWarning = Pin(settings.Cpu);
            if (source is DpdkPortSource)
            {
                DpdkPortSource.RegisterPollingThread();
            }
        });

        long wallStart = Stopwatch.GetTimestamp();
        using var stop = new Fix.StopSignal(); // Ctrl+C or SIGTERM: stop polling, report what was measured
        runner.Start();
        if (settings.Vdev is not null && !settings.Quiet)
        {
            // A device given by --vdev may be a live interface: say that it is listening, and how it ends.
            Console.Error.WriteLine(
                $"gw replay: receiving from {source.Description}; the run ends {DpdkEndAfterIdleNs / 1_000_000} ms after the last packet");
        }

        WaitWithProgress(settings, source, pump, runner, stop);
        runner.Dispose();
        bool interrupted = stop.Requested;
        if (feed is not null && runner.Failure is null && !interrupted)
        {
            SettleFeed(feed);
        }

        int gcCollections = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore;

        if (runner.Failure is { } failure)
        {
            Console.Error.WriteLine($"gw replay: internal error on the polling thread: {failure.GetType().Name}: {failure.Message}");
            return ExitCodes.Internal;
        }

        // Elapsed is first DoWork to last packet: a DPDK replay's idle tail (end detection) is not work.
        double elapsed = Math.Max(pump.LastPacketNs - pump.StartNs, 1) / 1e9;
        var result = new ReplayResult(settings, source, stats, elapsed, gcCollections, pump.HotPathAllocatedBytes,
            Stopwatch.GetElapsedTime(wallStart).TotalSeconds, marked.ThreadId, feed)
        { Interrupted = interrupted };
        bool complete = !interrupted && source.State != SourceState.Failed;

        // Outputs: each written whole under a temporary name and renamed into place. The books are
        // the state at the end of the capture; a run that stopped early has no such state.
        if (recorder is not null && !TryWrite(settings.PayloadsOut!, recorder.Commit))
        {
            return ExitCodes.OutputFailed;
        }

        if (feed is not null && settings.BookOut is { } bookPath)
        {
            if (!complete)
            {
                Console.Error.WriteLine($"gw replay: --book-out {bookPath} not written: the run {(interrupted ? "was interrupted" : "stopped at damage in the capture")}, so the books are not the capture's");
            }
            else if (!TryWrite(bookPath, () => OutputFiles.WriteAtomically(bookPath, temp => BookCsvWriter.WriteFile(temp, feed.Books, locate => SymbolOf(feed, locate)))))
            {
                return ExitCodes.OutputFailed;
            }
        }

        if (pinWarning is not null)
        {
            Console.Error.WriteLine($"gw replay: warning: {pinWarning}");
        }

        if (!settings.Quiet)
        {
            ReplayReport.WriteSummary(Console.Out, result);
        }

        if (settings.StatsOut is { } statsPath && !TryWrite(statsPath, () => OutputFiles.WriteAtomically(statsPath, temp => ReplayReport.WriteJson(temp, result))))
        {
            return ExitCodes.OutputFailed;
        }

        if (interrupted)
        {
            Console.Error.WriteLine($"gw replay: interrupted after {stats.Packets:N0} packets; what was measured is reported");
            return ExitCodes.Interrupted;
        }

        if (source.State == SourceState.Failed)
        {
            Console.Error.WriteLine($"gw replay: {source.FailureMessage} ({stats.Packets} packets before it were replayed)");
            return ExitCodes.BadInput;
        }

        if (stats.OversizeFrames > 0)
        {
            Console.Error.WriteLine(
                $"gw replay: {stats.OversizeFrames} frames longer than --max-frame {settings.MaxFrameBytes} bytes were skipped; "
                + "a NIC port with standard 2 KiB buffers would not carry them. Raise --max-frame to decode them.");
            return ExitCodes.OversizeFrames;
        }

        return ExitCodes.Ok;
    }

    /// <summary>Runs one output write; a failure (full disk, I/O error) is one line on stderr.</summary>
    private static bool TryWrite(string path, Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"gw replay: cannot write {path}: {ex.Message}");
            return false;
        }
    }

    /// <summary>
    /// The capture is over but holes may still be open, waiting for a retransmission or for their
    /// timeout. The polling thread has ended (joined), so this thread is now the feed's only writer:
    /// keep its timers running until every hole is filled or given up, bounded.
    /// </summary>
    private static void SettleFeed(MarketDataFeed feed)
    {
        var deadline = Stopwatch.StartNew();
        while (feed.Session.HasGap && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            feed.Poll(MonotonicClock.NowNs());
            Thread.Sleep(1);
        }
    }

    /// <summary>The symbol without its space padding, or null for a locate no R message named.</summary>
    internal static string? SymbolOf(MarketDataFeed feed, ushort locate)
    {
        ReadOnlySpan<byte> symbol = feed.Directory.SymbolOf(new StockLocate(locate));
        return symbol.IsEmpty ? null : ItchAlpha.ToTrimmedString(symbol);
    }

    private static string? Pin(int cpu)
    {
        if (cpu < 0)
        {
            return null;
        }

        int errno = Libc.PinCurrentThread(cpu);
        return errno == 0 ? null : $"could not pin the polling thread to CPU {cpu} (errno {errno}); it runs unpinned";
    }

    private static void WaitWithProgress(ReplaySettings settings, IPacketSource source, PacketPump<ReplayHandler> pump, AgentRunner runner, Fix.StopSignal stop)
    {
        // Short runs finish before a bar would be worth drawing.
        if (JoinOrStop(runner, stop, s_progressAfter))
        {
            return;
        }

        bool interactive = settings.Progress && !settings.Quiet && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            JoinOrStop(runner, stop, Timeout.InfiniteTimeSpan);
            return;
        }

        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                long total = source.TotalBytes;
                ProgressTask task = context.AddTask("replay", maxValue: total > 0 ? total : 100);
                task.IsIndeterminate = total <= 0;
                while (!JoinOrStop(runner, stop, TimeSpan.FromMilliseconds(100)))
                {
                    long packets = Volatile.Read(ref pump.Stats.Packets);
                    task.Description = $"replay {packets:N0} packets";
                    if (total > 0)
                    {
                        task.Value = Math.Min(source.ProgressBytes, total);
                    }
                }

                task.Value = task.MaxValue;
            });
    }

    /// <summary>Waits for the polling thread up to <paramref name="timeout"/>; a stop request (Ctrl+C, SIGTERM) stops it first.</summary>
    private static bool JoinOrStop(AgentRunner runner, Fix.StopSignal stop, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (timeout == Timeout.InfiniteTimeSpan || waited.Elapsed < timeout)
        {
            if (stop.Requested)
            {
                runner.RequestStop();
                runner.Join(Timeout.InfiniteTimeSpan);
                return true;
            }

            if (runner.Join(TimeSpan.FromMilliseconds(50)))
            {
                return true;
            }
        }

        return false;
    }
}
