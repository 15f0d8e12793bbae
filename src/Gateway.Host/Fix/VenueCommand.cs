using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Agents;
using Gateway.Engine.Sessions;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;
using Gateway.Lab.Venue;

namespace Gateway.Host.Fix;

/// <summary>
/// <c>gw venue --port N [--mode fill|reject|echo]</c>: a FIX 4.4 acceptor that plays the exchange for
/// tests, labs and latency runs. Standard output carries one line per event (the contract tests
/// parse): <c>LISTENING port=P</c>, <c>LOGON ...</c>, <c>LOGOUT ...</c>, and a <c>SUMMARY ...</c>
/// line at exit; session events and problems go to standard error.
/// </summary>
internal static class VenueCommand
{
    public static Command Create()
    {
        var fix = new FixCommandOptions("VENUE", "GATEWAY", "venue-store");
        var bind = new Option<string>("--bind") { Description = "address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var mode = new Option<string>("--mode") { Description = "fill (ack, then fill at the limit), partial (fill half; an IOC's rest is cancelled, any other rests), accept (ack; orders rest until cancelled; IOC cancelled at once), reject, or echo", DefaultValueFactory = _ => "fill" };
        var seconds = new Option<double?>("--seconds") { Description = "stop after this long (default: until Ctrl+C or SIGTERM)" };

        var command = new Command("venue", "Run a FIX 4.4 test venue (acceptor) that fills, rejects or echoes orders") { bind, mode, seconds };
        foreach (Option o in fix.All)
        {
            command.Options.Add(o);
        }

        command.SetAction(r =>
        {
            FixSessionSettings? settings = fix.Settings(r, FixRole.Acceptor, "venue");
            if (settings is null)
            {
                return ExitCodes.Usage;
            }

            IPAddress? address = Endpoints.Parse(r.GetValue(bind));
            VenueMode? venueMode = r.GetValue(mode) switch
            {
                "fill" => VenueMode.Fill,
                "reject" => VenueMode.Reject,
                "echo" => VenueMode.Echo,
                "accept" => VenueMode.Accept,
                "partial" => VenueMode.Partial,
                _ => null,
            };
            double? limit = r.GetValue(seconds);
            string? error = address is null ? $"--bind {r.GetValue(bind)}: not an IP address"
                : venueMode is null ? $"--mode {r.GetValue(mode)}: not one of fill, partial, accept, reject, echo"
                : limit is < 0 or double.NaN ? $"--seconds {limit}: must be 0 or more"
                : null;
            if (error is not null || address is null || venueMode is null)
            {
                Console.Error.WriteLine($"gw venue: {error}");
                return ExitCodes.Usage;
            }

            FixSessionStore? store = FixCommandOptions.OpenStore(r.GetValue(fix.StoreDir)!, settings, "venue");
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            using (store)
            {
                return Run(settings, store, new IPEndPoint(address, r.GetValue(fix.Port)), venueMode.Value, limit, r.GetValue(fix.Spin));
            }
        });
        return command;
    }

    private static int Run(FixSessionSettings settings, FixSessionStore store, IPEndPoint listen, VenueMode mode, double? seconds, bool spin)
    {
        var log = new ConsoleFixSessionLog();
        var venue = new FixVenueApplication(mode)
        {
            OnEvent = (s, e) => Console.Out.WriteLine(e == "logon"
                ? $"LOGON sender={s.Settings.SenderCompId} target={s.Settings.TargetCompId} next_sender={s.NextSenderSeqNum} next_target={s.NextTargetSeqNum} heartbeat={s.HeartBtIntSeconds}"
                : $"LOGOUT {Gateway.Core.Text.LogText.Escape(e)}"),
        };
        var session = new FixSession(settings, store, venue, log: log);
        FixAcceptor acceptor;
        try
        {
            acceptor = new FixAcceptor(listen, [session], log);
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"gw venue: cannot listen on {listen}: {e.Message}");
            return ExitCodes.Usage;
        }

        using (acceptor)
        {
            var agent = new SessionAgent(acceptor, null, null, seconds is double s ? TimeSpan.FromSeconds(s) : null, "venue shutting down");
            using (var stop = new StopSignal(agent.RequestStop))
            using (var flusher = new FixStoreFlusher([store], onAlarm: FixCommandOptions.ReportStoreAlarm))
            {
                Console.Out.WriteLine($"LISTENING port={acceptor.LocalEndPoint.Port} mode={mode.ToString().ToLowerInvariant()} sender={settings.SenderCompId} target={settings.TargetCompId} next_sender={store.NextSenderSeqNum} next_target={store.NextTargetSeqNum}");
                AgentLoop.Run(agent, spin ? IdleStrategyKind.BusySpin : IdleStrategyKind.Backoff);
            }

            FixSessionCounters c = session.Counters;
            Console.Out.WriteLine($"SUMMARY orders={venue.OrdersReceived} fills={venue.Fills} rejects={venue.Rejects} cancel_rejects={venue.CancelRejects} echoed={venue.Echoed} invalid_orders={venue.InvalidOrders} cancels={venue.Cancels} replaces={venue.Replaces} resting={venue.Resting} " +
                $"logons={c.Logons} received={c.MessagesReceived} sent={c.MessagesSent} garbled={c.Garbled} session_rejects_sent={c.RejectsSent} " +
                $"resend_requests_sent={c.ResendRequestsSent} resend_requests_received={c.ResendRequestsReceived} gap_fills_received={c.GapFillsReceived} " +
                $"refused_connections={acceptor.RefusedConnections} accept_failures={acceptor.AcceptFailures} next_sender={session.NextSenderSeqNum} next_target={session.NextTargetSeqNum}");
        }

        return ExitCodes.Ok;
    }
}
