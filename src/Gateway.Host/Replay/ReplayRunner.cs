using System.Diagnostics;
using Gateway.Core.Agents;
using Gateway.Engine;
using Gateway.Engine.Output;
using Gateway.Interop;
using Gateway.MarketData.Books;
using Gateway.Net.Pipeline;
using Gateway.Net.Sources;
using Gateway.OrderEntry.Store;
using Spectre.Console;

namespace Gateway.Host.Replay;

/// <summary>
/// Runs a replay: builds the gateway's engine from the configuration (<see cref="GatewayBuilder"/>),
/// runs it on its pinned thread and the journal writer on another, shows progress from the main
/// thread, reports. Cold code: nothing here is per packet.
/// </summary>
internal static class ReplayRunner
{
    /// <summary>Runs longer than this get a progress bar (on a terminal).</summary>
    private static readonly TimeSpan s_progressAfter = TimeSpan.FromSeconds(1);

    public static int Run(ReplaySettings settings, GatewayOptions options)
    {
        FeedSettings feed = options.Feed;
        if (feed.Vdev is null && Directory.Exists(settings.Capture))
        {
            Console.Error.WriteLine($"gw replay: {settings.Capture} is a directory, not a capture file");
            return ExitCodes.Usage;
        }

        if (feed.Vdev is null && !File.Exists(settings.Capture))
        {
            Console.Error.WriteLine($"gw replay: capture not found: {settings.Capture}");
            return ExitCodes.Usage;
        }

        if (feed.Backend != "dpdk" && (feed.Vdev is not null || feed.Eal.Count > 0))
        {
            Console.Error.WriteLine("gw replay: --vdev and --eal apply only to --backend dpdk");
            return ExitCodes.Usage;
        }

        // Fail before the run, not after it: a long replay should not end in "cannot write", nor
        // write over the capture it is reading (OutputFiles).
        string? outputError = OutputFiles.Check([settings.Capture],
        [
            ("--stats-out", settings.StatsOut), ("--payloads-out", settings.Extras.PayloadsOut), ("--book-out", settings.BookOut),
            ("--orders-out", options.Engine.OrdersOut), ("--journal", options.Engine.Journal),
        ]);
        if (outputError is not null)
        {
            Console.Error.WriteLine($"gw replay: {outputError}");
            return ExitCodes.Usage;
        }

        try
        {
            // A bad capture is bad input, before anything native starts.
            Gateway.Engine.Pipeline.PacketSources.Validate(feed);
        }
        catch (PacketSourceException ex)
        {
            Console.Error.WriteLine($"gw replay: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (options.Strategy.Name == "threshold-taker" && feed.Vdev is null && !settings.Extras.NoFeed)
        {
            // A symbol the capture never defines would trade nothing: refuse it before the run.
            HashSet<string> defined;
            try
            {
                defined = Gateway.Engine.Pipeline.CaptureDirectory.Symbols(feed);
            }
            catch (PacketSourceException ex)
            {
                Console.Error.WriteLine($"gw replay: {ex.Message}");
                return ExitCodes.BadInput;
            }

            foreach (Gateway.Engine.Strategies.TakerSpec spec in Gateway.Engine.Strategies.TakerSpec.ParseAll(options.Strategy.Taker, []))
            {
                if (!defined.Contains(spec.Symbol))
                {
                    Console.Error.WriteLine($"gw replay: taker '{spec}': symbol {spec.Symbol} is not in the capture's stock directory ({defined.Count} symbols, e.g. {string.Join(' ', defined.Order(StringComparer.Ordinal).Take(5))})");
                    return ExitCodes.Usage;
                }
            }
        }

        IGatewayEngine engine;
        try
        {
            engine = GatewayBuilder.Build(options, settings.Extras);
        }
        catch (PacketSourceException ex)
        {
            Console.Error.WriteLine($"gw replay: {ex.Message}");
            return feed.Backend == "dpdk" ? ExitCodes.NativeUnavailable : ExitCodes.BadInput;
        }
        catch (NativeUnavailableException ex)
        {
            Console.Error.WriteLine($"gw replay: {ex.Message}");
            return ExitCodes.NativeUnavailable;
        }
        catch (FixStoreException ex)
        {
            Console.Error.WriteLine($"gw replay: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (MemoryLockException ex)
        {
            Console.Error.WriteLine($"gw replay: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"gw replay: cannot write an output: {ex.Message}");
            return ExitCodes.Usage;
        }

        using (engine)
        {
            EngineReport.WarnStartup(Console.Error, "gw replay", engine);
            return Drive(settings, engine);
        }
    }

    private static int Drive(ReplaySettings settings, IGatewayEngine engine)
    {
        GatewayOptions options = engine.Options;
        int gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        var idle = options.Engine.Idle == "backoff" ? IdleStrategyKind.Backoff : IdleStrategyKind.BusySpin;
        using var journal = new AgentRunner(engine.Journal, IdleStrategyKind.Backoff);
        using var runner = new AgentRunner(engine, idle);
        long wallStart = Stopwatch.GetTimestamp();
        journal.Start();
        using var stop = new Fix.StopSignal(engine.RequestStop); // Ctrl+C or SIGTERM: stop trading, report what was measured
        runner.Start();
        if (options.Feed.Vdev is not null && !settings.Quiet)
        {
            // A device given by --vdev may be a live interface: say that it is listening, and how it ends.
            Console.Error.WriteLine($"gw replay: receiving from {engine.Source!.Description}; the run ends "
                + (options.Feed.EndAfterIdleSeconds > 0 ? $"{options.Feed.EndAfterIdleSeconds * 1000:0} ms after the last packet" : "on Ctrl+C"));
        }
        else if (ConfigParsing.TryPacing(options.Feed.Pace, out Pacing pacing) && pacing != Pacing.Max && !settings.Quiet)
        {
            // A paced replay lasts as long as the capture's recorded time: say that it runs, and how to stop it.
            Console.Error.WriteLine($"gw replay: replaying at {options.Feed.Pace} pace; Ctrl+C stops it and reports what was measured");
        }

        WaitWithProgress(settings, engine, runner);
        runner.Dispose();
        journal.Dispose();
        bool interrupted = stop.Requested;
        int gcCollections = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore;

        if (runner.Failure is { } failure)
        {
            Console.Error.WriteLine($"gw replay: internal error on the engine's thread: {failure.GetType().Name}: {failure.Message}");
            return ExitCodes.Internal;
        }

        if (engine.Phase == EnginePhase.Failed)
        {
            Console.Error.WriteLine($"gw replay: {engine.FailureMessage}");
            return ExitCodes.Timeout;
        }

        // Elapsed is first packet to last packet: a DPDK replay's idle tail (end detection) and the venue's drain are not packet work.
        double elapsed = Math.Max(engine.LastPacketNs - engine.FirstPacketNs, 1) / 1e9;
        var result = new ReplayResult(settings, engine, elapsed, gcCollections, Stopwatch.GetElapsedTime(wallStart).TotalSeconds) { Interrupted = interrupted };
        IPacketSource source = engine.Source!;
        bool complete = !interrupted && source.State != SourceState.Failed;

        // Outputs: each written whole under a temporary name and renamed into place. The books are
        // the state at the end of the capture; a run that stopped early has no such state.
        if (engine.Recorder is { } recorder && !TryWrite(settings.Extras.PayloadsOut!, recorder.Commit))
        {
            return ExitCodes.OutputFailed;
        }

        if (engine.Journal.Error is { } journalError)
        {
            Console.Error.WriteLine($"gw replay: cannot write the orders or the journal: {journalError.Message}");
            return ExitCodes.OutputFailed;
        }

        if (engine.Feed is { } feed && settings.BookOut is { } bookPath)
        {
            if (!complete)
            {
                Console.Error.WriteLine($"gw replay: --book-out {bookPath} not written: the run {(interrupted ? "was interrupted" : "stopped at damage in the capture")}, so the books are not the capture's");
            }
            else if (!TryWrite(bookPath, () => OutputFiles.WriteAtomically(bookPath, temp => BookCsvWriter.WriteFile(temp, feed.Books, locate => EngineReport.SymbolOf(feed, locate)))))
            {
                return ExitCodes.OutputFailed;
            }
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
            Console.Error.WriteLine($"gw replay: interrupted after {engine.PacketStats.Packets:N0} packets; what was measured is reported");
            return ExitCodes.Interrupted;
        }

        if (source.State == SourceState.Failed)
        {
            Console.Error.WriteLine($"gw replay: {source.FailureMessage} ({engine.PacketStats.Packets} packets before it were replayed)");
            return ExitCodes.BadInput;
        }

        if (engine.PacketStats.OversizeFrames > 0)
        {
            Console.Error.WriteLine(
                $"gw replay: {engine.PacketStats.OversizeFrames} frames longer than --max-frame {settings.Extras.MaxFrameBytes} bytes were skipped; "
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

    private static void WaitWithProgress(ReplaySettings settings, IGatewayEngine engine, AgentRunner runner)
    {
        // Short runs finish before a bar would be worth drawing.
        if (runner.Join(s_progressAfter))
        {
            return;
        }

        bool interactive = settings.Progress && !settings.Quiet && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            runner.Join(Timeout.InfiniteTimeSpan);
            return;
        }

        IPacketSource source = engine.Source!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                long total = source.TotalBytes;
                ProgressTask task = context.AddTask("replay", maxValue: total > 0 ? total : 100);
                task.IsIndeterminate = total <= 0;
                while (!runner.Join(TimeSpan.FromMilliseconds(100)))
                {
                    long packets = Volatile.Read(ref engine.PacketStats.Packets);
                    task.Description = $"replay {packets:N0} packets";
                    if (total > 0)
                    {
                        task.Value = Math.Min(source.ProgressBytes, total);
                    }
                }

                task.Value = task.MaxValue;
            });
    }
}
