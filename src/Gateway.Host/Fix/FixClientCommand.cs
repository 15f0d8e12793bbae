using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Core;
using Gateway.Core.Agents;
using Gateway.Core.Text;
using Gateway.Engine;
using Gateway.Engine.Sessions;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;

namespace Gateway.Host.Fix;

/// <summary>
/// <c>gw fix-client --port N --orders K</c>: the gateway's FIX initiator on its own — logs on to a venue
/// (gw venue, QuickFIX, a real exchange's test system), sends NewOrderSingles one at a time, waits
/// for each order's first ExecutionReport (the round trip it measures) and its fill or reject,
/// then logs out. Standard output: <c>LOGON ...</c>, <c>FILL ...</c>/<c>REJECT ...</c> per order,
/// <c>DONE ...</c> with the round-trip percentiles; <c>--stats-out</c> writes them as JSON.
/// </summary>
internal static class FixClientCommand
{
    public static Command Create()
    {
        var fix = new FixCommandOptions("GATEWAY", "VENUE", "gateway-store");
        var host = new Option<string>("--host") { Description = "venue address", DefaultValueFactory = _ => "127.0.0.1" };
        var orders = new Option<int>("--orders", "-n") { Description = "NewOrderSingles to send, one at a time", DefaultValueFactory = _ => 100 };
        var symbol = new Option<string>("--symbol") { Description = "Symbol (55)", DefaultValueFactory = _ => "AAPL" };
        var qty = new Option<int>("--qty") { Description = "OrderQty (38)", DefaultValueFactory = _ => 100 };
        var price = new Option<decimal>("--price") { Description = "limit Price (44)", DefaultValueFactory = _ => 187.25m };
        var gap = new Option<int>("--gap") { Description = "before logging on, skip this many outgoing sequence numbers (forces the venue to recover a gap)" };
        var linger = new Option<double>("--linger") { Description = "seconds to stay logged on after the last order (heartbeats flow)" };
        var timeout = new Option<double>("--timeout") { Description = "give up after this many seconds (exit 6)", DefaultValueFactory = _ => 60 };
        var rate = new Option<double>("--interval-ms") { Description = "pause between an order's fill and the next order, milliseconds" };
        var statsOut = new Option<string?>("--stats-out") { Description = "JSON file with counts and round-trip percentiles" };
        var warmup = new Option<int>("--warmup") { Description = "orders before the measured window (default: a tenth, at most 1000)", DefaultValueFactory = _ => -1 };
        var quiet = new Option<bool>("--quiet") { Description = "no line per order (keeps the measured window free of console writes)" };

        var command = new Command("fix-client", "Log on to a FIX 4.4 venue, send orders one at a time and measure their round trips")
        {
            host, orders, symbol, qty, price, gap, linger, timeout, rate, statsOut, warmup, quiet,
        };
        foreach (Option o in fix.All)
        {
            command.Options.Add(o);
        }

        command.SetAction(r =>
        {
            FixSessionSettings? settings = fix.Settings(r, FixRole.Initiator, "fix-client");
            if (settings is null)
            {
                return ExitCodes.Usage;
            }

            IPAddress? address = Endpoints.Parse(r.GetValue(host));
            int n = r.GetValue(orders);
            int q = r.GetValue(qty);
            string sym = r.GetValue(symbol)!;
            if (address is null || n < 0 || q <= 0 || r.GetValue(gap) < 0 || r.GetValue(linger) < 0 || r.GetValue(timeout) <= 0
                || r.GetValue(rate) < 0 || sym.Length is 0 or > 16 || sym.Any(c => c is <= ' ' or > '~') || r.GetValue(price) <= 0)
            {
                Console.Error.WriteLine("gw fix-client: --host must be an IP address; --orders, --gap, --linger, --interval-ms 0 or more; " +
                    "--qty, --price, --timeout positive; --symbol 1-16 printable characters");
                return ExitCodes.Usage;
            }

            FixSessionStore? store = FixCommandOptions.OpenStore(r.GetValue(fix.StoreDir)!, settings, "fix-client");
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            using (store)
            {
                if (r.GetValue(gap) is int skip and > 0)
                {
                    store.NextSenderSeqNum += (ulong)skip;
                }

                int w = r.GetValue(warmup);
                var plan = new ClientPlan(n, sym, q, FixPrice.FromDecimal(r.GetValue(price)), r.GetValue(linger), r.GetValue(timeout), r.GetValue(rate),
                    w < 0 ? Math.Min(n / 10, 1000) : Math.Min(w, n), r.GetValue(quiet));
                return Run(settings, store, new IPEndPoint(address, r.GetValue(fix.Port)), plan, r.GetValue(fix.Spin), r.GetValue(statsOut));
            }
        });
        return command;
    }

    private sealed record ClientPlan(int Orders, string Symbol, int Qty, FixPrice Price, double Linger, double Timeout, double IntervalMs, int Warmup, bool Quiet);

    /// <summary>Tracks the one order in flight: its round trip (send to first ExecutionReport) and its end (fill or reject).</summary>
    private sealed class ClientApp : IFixApplication
    {
        private readonly byte[] _clOrdId = new byte[32];
        private int _clOrdIdLength;

        public long[] RoundTrips = [];
        public int Answered;
        public long SentAtNs;
        public bool Acked;
        public bool Done = true;
        public int Fills;
        public int Rejects;
        public int Unmatched;
        public int Logons;
        public bool Quiet;

        public ReadOnlySpan<byte> CurrentClOrdId => _clOrdId.AsSpan(0, _clOrdIdLength);

        public void SetClOrdId(ReadOnlySpan<byte> id)
        {
            id.CopyTo(_clOrdId);
            _clOrdIdLength = id.Length;
        }

        public void OnLogon(FixSession session)
        {
            Logons++;
            Console.Out.WriteLine($"LOGON sender={session.Settings.SenderCompId} target={session.Settings.TargetCompId} next_sender={session.NextSenderSeqNum} next_target={session.NextTargetSeqNum} heartbeat={session.HeartBtIntSeconds}");
        }

        public void OnLogout(FixSession session, string reason) => Console.Out.WriteLine($"LOGOUT {reason}");

        public void OnMessage(FixSession session, in FixMessageView message)
        {
            if (FixMsgType.CodeOf(message.MsgType) != FixMsgType.Code.ExecutionReport)
            {
                // The client handles ExecutionReports only; anything else is refused, not dropped.
                session.RejectBusinessMessage(message, BusinessRejectReason.UnsupportedMessageType, "Unsupported Message Type");
                Unmatched++;
                return;
            }

            if (Done || !message.GetString(FixTag.ClOrdID).SequenceEqual(CurrentClOrdId))
            {
                // ExecutionReports of an earlier run resent after a restart, and anything else.
                Unmatched++;
                return;
            }

            if (!Acked)
            {
                Acked = true;
                RoundTrips[Answered] = MonotonicClock.NowNs() - SentAtNs;
            }

            message.TryGetChar(FixTag.ExecType, out byte execType);
            if (execType is FixValues.ExecType.Trade or FixValues.ExecType.Rejected or FixValues.ExecType.Canceled)
            {
                bool fill = execType == FixValues.ExecType.Trade;
                if (fill)
                {
                    Fills++;
                }
                else
                {
                    Rejects++;
                }

                Answered++;
                Done = true;
                if (Quiet)
                {
                    return;
                }

                Console.Out.WriteLine($"{(fill ? "FILL" : "REJECT")} clordid={Encoding.ASCII.GetString(CurrentClOrdId)} qty={LogText.Escape(message.GetString(fill ? FixTag.LastQty : FixTag.OrderQty))} px={LogText.Escape(message.GetString(fill ? FixTag.LastPx : FixTag.Price))}");
            }
        }
    }

    private static int Run(FixSessionSettings settings, FixSessionStore store, IPEndPoint venue, ClientPlan plan, bool spin, string? statsOut)
    {
        var log = new ConsoleFixSessionLog();
        var app = new ClientApp { RoundTrips = new long[plan.Orders], Quiet = plan.Quiet };
        var session = new FixSession(settings, store, app, log: log);
        using var initiator = new FixInitiator(session, venue, log);
        var driver = new RoundTripDriver(session, app, plan);
        var agent = new SessionAgent(null, initiator, driver, null, "client done");
        driver.Marks = agent.Marks;
        long start = Stopwatch.GetTimestamp();
        using (var stop = new StopSignal(agent.RequestStop))
        using (var flusher = new FixStoreFlusher([store], onAlarm: FixCommandOptions.ReportStoreAlarm))
        {
            AgentLoop.Run(agent, spin ? IdleStrategyKind.BusySpin : IdleStrategyKind.Backoff);
        }

        bool timedOut = driver.TimedOut;
        int sent = driver.Sent;
        long hotPathAllocated = agent.Marks.HotPathAllocatedBytes;
        int markedThread = agent.Marks.IsWarm ? agent.Marks.ThreadId : 0;
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        // Percentiles over the orders after warm-up.
        long[] rt = app.RoundTrips.AsSpan(Math.Min(plan.Warmup, app.Answered), app.Answered - Math.Min(plan.Warmup, app.Answered)).ToArray();
        Array.Sort(rt);
        long P(double q) => rt.Length == 0 ? 0 : rt[Math.Min(rt.Length - 1, (int)Math.Ceiling(q * rt.Length) - 1)];
        FixSessionCounters c = session.Counters;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DONE sent={sent} answered={app.Answered} fills={app.Fills} rejects={app.Rejects} unmatched={app.Unmatched} " +
            $"round_trip_ns p50={P(0.5)} p99={P(0.99)} max={(rt.Length == 0 ? 0 : rt[^1])} next_sender={session.NextSenderSeqNum} next_target={session.NextTargetSeqNum}"));
        if (statsOut is not null)
        {
            try
            {
                Gateway.Engine.Output.OutputFiles.WriteAtomically(statsOut, temp => WriteStats(temp, sent, app, c, rt, P, elapsed, session, plan.Warmup, hotPathAllocated, markedThread));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"gw fix-client: cannot write {statsOut}: {ex.Message}");
                return ExitCodes.OutputFailed;
            }
        }

        return timedOut || app.Answered < plan.Orders ? ExitCodes.Timeout : ExitCodes.Ok;
    }

    private static void WriteStats(string path, int sent, ClientApp app, FixSessionCounters c, long[] rt, Func<double, long> p, double elapsed,
        FixSession session, int warmup, long hotPathAllocated, int markedThread)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("orders_sent", sent);
        w.WriteNumber("orders_answered", app.Answered);
        w.WriteNumber("fills", app.Fills);
        w.WriteNumber("orders_rejected", app.Rejects);
        w.WriteNumber("unmatched_execution_reports", app.Unmatched);
        w.WriteNumber("warmup_orders", warmup);
        w.WriteNumber("hot_path_allocated_bytes", hotPathAllocated);
        w.WriteNumber("session_thread_tid", markedThread);
        w.WriteStartObject("round_trip_ns");
        w.WriteNumber("count", rt.Length);
        w.WriteNumber("p50", p(0.5));
        w.WriteNumber("p99", p(0.99));
        w.WriteNumber("p999", p(0.999));
        w.WriteNumber("max", rt.Length == 0 ? 0 : rt[^1]);
        w.WriteEndObject();
        w.WriteNumber("logons", c.Logons);
        w.WriteNumber("messages_sent", c.MessagesSent);
        w.WriteNumber("messages_received", c.MessagesReceived);
        w.WriteNumber("heartbeats_sent", c.HeartbeatsSent);
        w.WriteNumber("test_requests_sent", c.TestRequestsSent);
        w.WriteNumber("resend_requests_sent", c.ResendRequestsSent);
        w.WriteNumber("resend_requests_received", c.ResendRequestsReceived);
        w.WriteNumber("gap_fills_sent", c.GapFillsSent);
        w.WriteNumber("messages_resent", c.MessagesResent);
        w.WriteNumber("session_rejects_received", c.RejectsReceived);
        w.WriteNumber("session_rejects_sent", c.RejectsSent);
        w.WriteNumber("garbled", c.Garbled);
        w.WriteNumber("next_sender_seq_num", session.NextSenderSeqNum);
        w.WriteNumber("next_target_seq_num", session.NextTargetSeqNum);
        w.WriteNumber("elapsed_seconds", elapsed);
        w.WriteEndObject();
    }

    /// <summary>
    /// The client's step, run by the session agent after the session each turn: sends the next
    /// NewOrderSingle once the previous one is answered, marks the end of warm-up, lingers, and ends
    /// (a negative work count) when every order is answered and the linger is over, or at the timeout.
    /// </summary>
    private sealed class RoundTripDriver(FixSession session, ClientApp app, ClientPlan plan) : IAgent
    {
        private readonly FixMessageTemplate _nos = session.CreateTemplate(FixMsgType.NewOrderSingle);
        private readonly byte[] _clOrdId = new byte[32];
        private readonly byte[] _symbol = Encoding.ASCII.GetBytes(plan.Symbol);
        private int _prefix;
        private long _deadline;
        private long _lingerUntil;
        private long _nextOrderAt;

        public SteadyStateMarks? Marks { get; set; }

        public int Sent { get; private set; }

        public bool TimedOut { get; private set; }

        public string Name => "fix-client";

        public void OnStart()
        {
            // ClOrdID "C<HHmmss>-<n>": the run's start time keeps ids unique across runs on one store.
            _prefix = Encoding.ASCII.GetBytes("C" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + "-", _clOrdId);
            _deadline = Stopwatch.GetTimestamp() + (long)(plan.Timeout * Stopwatch.Frequency);
        }

        public int DoWork()
        {
            long now = Stopwatch.GetTimestamp();
            if (now > _deadline)
            {
                TimedOut = true;
                Console.Error.WriteLine($"gw fix-client: timed out after {plan.Timeout} s ({app.Answered} of {plan.Orders} orders answered)");
                return -1;
            }

            int work = 0;
            if (session.IsLoggedOn && app.Done && now >= _nextOrderAt)
            {
                if (Sent < plan.Orders)
                {
                    if (Sent == plan.Warmup && app.Answered == Sent)
                    {
                        Marks?.MarkWarm();
                    }

                    SendOrder();
                    _nextOrderAt = 0;
                    work++;
                }
                else if (_lingerUntil == 0)
                {
                    Marks?.MarkEnd();
                    _lingerUntil = now + (long)(plan.Linger * Stopwatch.Frequency);
                }
                else if (now >= _lingerUntil)
                {
                    return -1;
                }
            }

            if (app.Done && _nextOrderAt == 0 && Sent > 0 && plan.IntervalMs > 0)
            {
                _nextOrderAt = now + (long)(plan.IntervalMs / 1000 * Stopwatch.Frequency);
            }

            return work;
        }

        private void SendOrder()
        {
            (Sent + 1).TryFormat(_clOrdId.AsSpan(_prefix), out int digits);
            app.SetClOrdId(_clOrdId.AsSpan(0, _prefix + digits));
            FixEncoder e = session.Begin(_nos);
            e.AppendString(FixTag.ClOrdID, app.CurrentClOrdId);
            e.AppendChar(FixTag.HandlInst, FixValues.HandlInst.AutomatedPrivate);
            e.AppendString(FixTag.Symbol, _symbol);
            e.AppendChar(FixTag.Side, FixValues.Side.Buy);
            e.AppendTimestamp(FixTag.TransactTime, SystemFixClock.Instance.UtcNowNanos);
            e.AppendInt(FixTag.OrderQty, plan.Qty);
            e.AppendChar(FixTag.OrdType, FixValues.OrdType.Limit);
            e.AppendPrice(FixTag.Price, plan.Price);
            e.AppendChar(FixTag.TimeInForce, FixValues.TimeInForce.Day);
            app.Done = false;
            app.Acked = false;
            app.SentAtNs = MonotonicClock.NowNs();
            if (session.Send() == FixSendResult.Sent)
            {
                Sent++;
            }
            else
            {
                app.Done = true; // not logged on any more: the order goes again after the reconnect
            }
        }

        public void OnClose()
        {
        }
    }
}
