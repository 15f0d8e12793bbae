using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gateway.Core.Agents;
using Gateway.Engine;
using Gateway.Engine.Output;
using Gateway.Interop;
using Gateway.Net.Sources;
using Gateway.OrderEntry.Store;
using Gateway.Risk;
using Microsoft.Extensions.Hosting;

namespace Gateway.Host.Run;

/// <summary>
/// The gateway as a hosted service (<c>gw run</c>): starts the engine's critical-path thread and the
/// journal writer, the control socket and SIGUSR1 (kill switch); on SIGTERM (the host's stop) it
/// stops the strategy, cancels open orders, waits (bounded) for the venue's answers, logs out,
/// flushes the store and reports. If the engine ends by itself (a failed logon, a finite source),
/// it stops the host.
/// </summary>
internal sealed class GatewayService(GatewayOptions options, RunSettings run, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private IGatewayEngine? _engine;
    private AgentRunner? _runner;
    private AgentRunner? _journal;
    private ControlServer? _control;
    private PosixSignalRegistration? _sigusr1;
    private Thread? _watch;
    private volatile bool _stopping;
    private bool _disposed;

    /// <summary>What the process exits with.</summary>
    public int ExitCode { get; private set; } = ExitCodes.Ok;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _engine = GatewayBuilder.Build(options);
        }
        catch (Exception e) when (e is PacketSourceException or NativeUnavailableException or FixStoreException or MemoryLockException or IOException or UnauthorizedAccessException)
        {
            ExitCode = e is NativeUnavailableException || (e is PacketSourceException && options.Feed.Backend == "dpdk") ? ExitCodes.NativeUnavailable : ExitCodes.Usage;
            Console.Error.WriteLine($"gw run: {e.Message}");
            throw new GatewayStartException(e.Message, e);
        }

        EngineReport.WarnStartup(Console.Error, "gw run", _engine);
        if (options.Control.Socket is { } socket)
        {
            try
            {
                _control = new ControlServer(socket, _engine, lifetime.StopApplication);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                ExitCode = ExitCodes.Usage;
                Console.Error.WriteLine($"gw run: cannot open the control socket {socket}: {e.Message}");
                _engine.Dispose();
                throw new GatewayStartException(e.Message, e);
            }
        }

        if (options.Control.KillOnSigusr1)
        {
            // SIGUSR1 is not in PosixSignal's list; the raw number is accepted.
            _sigusr1 = PosixSignalRegistration.Create((PosixSignal)10, c =>
            {
                c.Cancel = true;
                _engine.RequestKillSwitch(KillSwitchCause.Signal);
                Console.Out.WriteLine("KILL-SWITCH signal=SIGUSR1");
            });
        }

        _journal = new AgentRunner(_engine.Journal, IdleStrategyKind.Backoff);
        _runner = new AgentRunner(_engine, options.Engine.Idle == "backoff" ? IdleStrategyKind.Backoff : IdleStrategyKind.BusySpin);
        _journal.Start();
        _runner.Start();
        _watch = new Thread(Watch) { IsBackground = true, Name = "gateway-watch" };
        _watch.Start();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RUNNING strategy={_engine.StrategyName} feed={_engine.Source?.Description} venue={(options.Venue.Enabled ? $"{options.Venue.Host}:{options.Venue.Port}" : "none")} cpu={options.Engine.Cpu} control={options.Control.Socket ?? "none"} pid={Environment.ProcessId}"));
        return Task.CompletedTask;
    }

    /// <summary>The engine ended on its own (a failed logon, a source that finished): stop the host.</summary>
    private void Watch()
    {
        _runner!.Join(Timeout.InfiniteTimeSpan);
        if (!_stopping)
        {
            lifetime.StopApplication();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_engine is null || _runner is null)
        {
            return Task.CompletedTask;
        }

        _engine.RequestStop();
        TimeSpan limit = TimeSpan.FromSeconds(options.Engine.DrainSeconds + 10);
        if (!_runner.Join(limit))
        {
            Console.Error.WriteLine($"gw run: the engine did not stop within {limit.TotalSeconds:0} s; stopping it");
            _runner.RequestStop();
            _runner.Join(TimeSpan.FromSeconds(5));
            ExitCode = ExitCodes.Internal;
        }

        _runner.Dispose();
        _journal!.Dispose();
        _control?.Dispose();
        _sigusr1?.Dispose();
        if (_runner.Failure is { } failure)
        {
            Console.Error.WriteLine($"gw run: internal error on the engine's thread: {failure.GetType().Name}: {failure.Message}");
            ExitCode = ExitCodes.Internal;
        }
        else if (_engine.Phase == EnginePhase.Failed)
        {
            Console.Error.WriteLine($"gw run: {_engine.FailureMessage}");
            ExitCode = ExitCodes.Timeout;
        }

        Report();
        return Task.CompletedTask;
    }

    private void Report()
    {
        IGatewayEngine e = _engine!;
        EngineCounters c = e.Counters;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"STOPPED packets={e.PacketStats.Packets} intents={c.Intents} orders_sent={c.OrdersSent} refused={c.RiskRejected + c.EngineRefused} fills={c.Fills} " +
            $"cancels_sent={c.CancelsSent} open_orders={e.Orders.OpenOrderCount} kill_switch={e.Risk.IsKillSwitchEngaged} books_stale={e.Risk.IsFeedStale} feed_loss_events={e.Risk.FeedLossEvents} " +
            $"hot_path_allocated_bytes={e.HotPathAllocatedBytes}"));
        EngineReport.WriteStartupSummary(Console.Out, e);
        EngineReport.WriteSummary(Console.Out, e);
        QueueReport.WriteSummary(Console.Out, e);
        if (e.Journal.Error is { } journalError)
        {
            Console.Error.WriteLine($"gw run: cannot write the orders or the journal: {journalError.Message}");
            ExitCode = ExitCodes.OutputFailed;
        }

        if (run.StatsOut is { } path)
        {
            try
            {
                OutputFiles.WriteAtomically(path, temp =>
                {
                    using var stream = File.Create(temp);
                    using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                    json.WriteStartObject();
                    json.WriteNumber("packets", e.PacketStats.Packets);
                    if (e.Feed is { } feed)
                    {
                        json.WriteNumber("messages", feed.Decode.Decoded);
                        json.WriteNumber("lost_messages", feed.CountMissingMessages());
                    }

                    EngineReport.WriteJson(json, e);
                    EngineReport.WriteStartupJson(json, e);
                    QueueReport.WriteJson(json, e);
                    json.WriteNumber("hot_path_allocated_bytes", e.HotPathAllocatedBytes);
                    json.WriteNumber("engine_thread_tid", e.ThreadId);
                    json.WriteString("phase", e.Phase.ToString());
                    json.WriteEndObject();
                });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"gw run: cannot write {path}: {ex.Message}");
                ExitCode = ExitCodes.OutputFailed;
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _control?.Dispose();
        _sigusr1?.Dispose();
        _engine?.Dispose();
    }
}

/// <summary>The service could not start; the reason was printed already.</summary>
internal sealed class GatewayStartException(string message, Exception inner) : Exception(message, inner);

/// <summary>What <c>gw run</c> was asked beyond the configuration.</summary>
internal sealed record RunSettings(string? StatsOut);
