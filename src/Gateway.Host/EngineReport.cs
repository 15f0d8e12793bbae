using System.Globalization;
using System.Text.Json;
using Gateway.Core.Trading;
using Gateway.Engine;
using Gateway.Engine.Timing;
using Gateway.Interop;
using Gateway.MarketData.Feed;
using Gateway.MarketData.Itch;
using Gateway.OrderEntry.Orders;
using Gateway.OrderEntry.Session;
using Gateway.Risk;
using HdrHistogram;

namespace Gateway.Host;

/// <summary>The trading half of a run's report: orders, fills, risk refusals, positions and P&amp;L, tick-to-trade by stage, the venue session.</summary>
internal static class EngineReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>The symbol without its space padding, or null for a locate no R message named.</summary>
    public static string? SymbolOf(IMarketDataFeed feed, ushort locate)
    {
        ReadOnlySpan<byte> symbol = feed.Directory.SymbolOf(new StockLocate(locate));
        return symbol.IsEmpty ? null : ItchAlpha.ToTrimmedString(symbol);
    }

    /// <summary>The start-up preparation of the critical path's memory: one line, its cost apart from the hot loop's.</summary>
    public static void WriteStartupSummary(TextWriter output, IGatewayEngine e)
    {
        ResidencyReport r = e.Residency;
        string locked = r.LockMode == MemoryLockMode.Off
            ? "locking off"
            : r.LockFailures == 0
                ? "locked " + MemoryResidency.Size((ulong)r.LockedBytes)
                : string.Create(s_inv, $"locked {MemoryResidency.Size((ulong)r.LockedBytes)}, {r.LockFailures} of {r.Regions} pools NOT locked ({MemoryResidency.Size((ulong)r.UnlockedBytes)})");
        output.WriteLine(string.Create(s_inv,
            $"start-up      {r.Regions} pools, populated {(r.Prefault ? MemoryResidency.Size((ulong)r.PopulatedBytes) : "none (Engine:Prefault false)")}, {locked}, in {r.ElapsedMs:0.0} ms (before the first packet, not in the timed loop)"));
    }

    /// <summary>A refused lock, said once on stderr when the engine starts (the run goes on unlocked).</summary>
    public static void WarnStartup(TextWriter error, string command, IGatewayEngine e)
    {
        ResidencyReport r = e.Residency;
        if (r.LockFailures > 0)
        {
            error.WriteLine(string.Create(s_inv,
                $"{command}: warning: {r.LockFailure}; {r.LockFailures} of {r.Regions} critical-path pools ({MemoryResidency.Size((ulong)r.UnlockedBytes)}) are not locked into RAM and may be paged out (lock_failed={r.LockFailures}; Engine:LockMemory=off silences this, =require makes it fatal)"));
        }
    }

    /// <summary>The <c>startup</c> object of --stats-out.</summary>
    public static void WriteStartupJson(Utf8JsonWriter json, IGatewayEngine e)
    {
        ResidencyReport r = e.Residency;
        json.WriteStartObject("startup");
        json.WriteBoolean("prefault", r.Prefault);
        json.WriteString("lock_memory", e.Options.Engine.LockMemory);
        json.WriteNumber("pools", r.Regions);
        json.WriteNumber("prefault_ms", Math.Round(r.ElapsedMs, 3));
        json.WriteNumber("populated_bytes", r.PopulatedBytes);
        json.WriteNumber("locked_bytes", r.LockedBytes);
        json.WriteNumber("lock_failed", r.LockFailures);
        json.WriteNumber("unlocked_bytes", r.UnlockedBytes);
        if (r.LockFailure is { } why)
        {
            json.WriteString("lock_error", why);
        }

        json.WriteEndObject();
    }

    public static void WriteSummary(TextWriter output, IGatewayEngine e)
    {
        if (e.StrategyName == "none")
        {
            return;
        }

        EngineCounters c = e.Counters;
        output.WriteLine(string.Create(s_inv, $"strategy      {e.StrategyName}: {c.Intents:N0} intents, {c.OrdersSent:N0} orders sent, {c.RiskRejected + c.EngineRefused:N0} refused, {c.Fills:N0} fills ({c.FilledQty:N0} shares)"));
        foreach ((string reason, long count) in c.Refusals())
        {
            output.WriteLine(string.Create(s_inv, $"  refused    {reason,-22} {count,10:N0}"));
        }

        if (e.Gateway.HasVenue)
        {
            FixSession s = e.Gateway.Session!;
            output.WriteLine(string.Create(s_inv,
                $"venue         {e.Options.Venue.Host}:{e.Options.Venue.Port} {s.Settings.SenderCompId}->{s.Settings.TargetCompId}: {c.VenueLogons} logons, {s.Counters.ApplicationMessagesSent:N0} sent, {s.Counters.ApplicationMessagesReceived:N0} received, {e.Orders.OpenOrderCount} orders still open"));
        }
        else
        {
            output.WriteLine(string.Create(s_inv, $"venue         none: {e.Gateway.SinkOrders:N0} orders ({e.Gateway.SinkBytes:N0} bytes of FIX) counted by the sink"));
        }

        foreach (int i in e.Risk.ActiveInstruments().Take(10))
        {
            ref readonly InstrumentRisk r = ref e.Risk.Instrument(i);
            output.WriteLine(string.Create(s_inv,
                $"  {e.Symbols.Name(i) ?? "#" + i,-8} position {r.Position,8:N0}  realized {Money(r.RealizedPnl),12}  unrealized {Money(r.Unrealized),12}  ({r.Fills:N0} fills)"));
        }

        LatencySummary t = TickToTrade.Summarize(e.Latency.Total);
        if (t.Count > 0)
        {
            output.WriteLine(string.Create(s_inv, $"tick-to-trade {t.Count:N0} orders: p50 {t.P50:N0} ns, p90 {t.P90:N0}, p99 {t.P99:N0}, p99.9 {t.P999:N0}, p99.99 {t.P9999:N0}, max {t.Max:N0} ns"));
            if (e.Options.Engine.StageTiming)
            {
                foreach (Stage stage in Enum.GetValues<Stage>())
                {
                    LatencySummary st = TickToTrade.Summarize(e.Latency.StageHistogram(stage));
                    output.WriteLine(string.Create(s_inv, $"  {TickToTrade.Name(stage),-10} p50 {st.P50,8:N0}  p99 {st.P99,8:N0}  max {st.Max,10:N0} ns"));
                }
            }
        }

        if (e.Risk.IsKillSwitchEngaged)
        {
            output.WriteLine($"kill switch   engaged ({e.Risk.KillSwitch})");
        }

        if (c.JournalDropped > 0)
        {
            output.WriteLine(string.Create(s_inv, $"journal       {c.JournalDropped:N0} entries dropped (the journal ring was full): --orders-out and the journal are incomplete"));
        }
    }

    public static void WriteJson(Utf8JsonWriter json, IGatewayEngine e)
    {
        EngineCounters c = e.Counters;
        json.WriteString("strategy", e.StrategyName);
        json.WriteNumber("intents", c.Intents);
        json.WriteNumber("orders_sent", c.OrdersSent);
        json.WriteNumber("orders_rejected", c.RiskRejected + c.EngineRefused);
        json.WriteStartObject("orders_rejected_by_reason");
        foreach ((string reason, long count) in c.Refusals())
        {
            json.WriteNumber(reason, count);
        }

        json.WriteEndObject();
        json.WriteNumber("fills", c.Fills);
        json.WriteNumber("filled_qty", c.FilledQty);
        json.WriteNumber("cancels_sent", c.CancelsSent);
        json.WriteNumber("open_orders", e.Orders.OpenOrderCount);
        WriteLatency(json, "tick_to_trade_ns", e.Latency.Total);
        json.WriteStartObject("tick_to_trade_stages_ns");
        foreach (Stage stage in Enum.GetValues<Stage>())
        {
            WriteLatency(json, TickToTrade.Name(stage), e.Latency.StageHistogram(stage));
        }

        json.WriteEndObject();
        json.WriteBoolean("stage_timing", e.Options.Engine.StageTiming);
        json.WriteString("clock", Gateway.Interop.CycleClock.Source);

        OrderTableCounters o = e.Orders.Counters;
        json.WriteStartObject("reports");
        json.WriteNumber("ignored", c.ReportsIgnored);
        json.WriteNumber("unknown_clordid", o.UnknownClOrdId);
        json.WriteNumber("duplicate", o.DuplicateReports);
        json.WriteNumber("late_fills", o.LateFills);
        json.WriteNumber("late", o.LateReports);
        json.WriteNumber("overfills", o.Overfills);
        json.WriteNumber("unexpected", o.UnexpectedReports);
        json.WriteNumber("malformed", o.Malformed);
        json.WriteNumber("cancel_rejects", o.CancelRejects);
        json.WriteEndObject();

        json.WriteStartObject("positions");
        foreach (int i in e.Risk.ActiveInstruments())
        {
            ref readonly InstrumentRisk r = ref e.Risk.Instrument(i);
            json.WriteStartObject(e.Symbols.Name(i) ?? "#" + i.ToString(s_inv));
            json.WriteNumber("position", r.Position);
            json.WriteNumber("bought", r.BoughtQty);
            json.WriteNumber("sold", r.SoldQty);
            json.WriteNumber("fills", r.Fills);
            json.WriteNumber("realized_pnl", PriceUnits.ToDecimal(r.RealizedPnl));
            json.WriteNumber("unrealized_pnl", PriceUnits.ToDecimal(r.Unrealized));
            json.WriteNumber("mark", PriceUnits.ToDecimal(r.Mark));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteNumber("realized_pnl", PriceUnits.ToDecimal(e.Risk.RealizedPnl));
        json.WriteNumber("unrealized_pnl", PriceUnits.ToDecimal(e.Risk.UnrealizedPnl));
        json.WriteBoolean("kill_switch_engaged", e.Risk.IsKillSwitchEngaged);
        json.WriteString("kill_switch_cause", e.Risk.KillSwitch.ToString());
        json.WriteNumber("journal_dropped", c.JournalDropped);
        json.WriteNumber("journal_ring_high_water", e.JournalRing.HighWater);
        if (e.Gateway.HasVenue)
        {
            FixSession s = e.Gateway.Session!;
            FixSessionCounters sc = s.Counters;
            json.WriteStartObject("venue");
            json.WriteString("endpoint", $"{e.Options.Venue.Host}:{e.Options.Venue.Port}");
            json.WriteNumber("logons", sc.Logons);
            json.WriteNumber("messages_sent", sc.MessagesSent);
            json.WriteNumber("messages_received", sc.MessagesReceived);
            json.WriteNumber("application_messages_sent", sc.ApplicationMessagesSent);
            json.WriteNumber("application_messages_received", sc.ApplicationMessagesReceived);
            json.WriteNumber("session_rejects_received", sc.RejectsReceived);
            json.WriteNumber("resend_requests_sent", sc.ResendRequestsSent);
            json.WriteNumber("next_sender_seq_num", s.NextSenderSeqNum);
            json.WriteNumber("next_target_seq_num", s.NextTargetSeqNum);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNumber("sink_orders", e.Gateway.SinkOrders);
            json.WriteNumber("sink_bytes", e.Gateway.SinkBytes);
        }
    }

    private static void WriteLatency(Utf8JsonWriter json, string name, LongHistogram h)
    {
        LatencySummary s = TickToTrade.Summarize(h);
        json.WriteStartObject(name);
        json.WriteNumber("count", s.Count);
        json.WriteNumber("p50", s.P50);
        json.WriteNumber("p90", s.P90);
        json.WriteNumber("p99", s.P99);
        json.WriteNumber("p999", s.P999);
        json.WriteNumber("p9999", s.P9999);
        json.WriteNumber("max", s.Max);
        json.WriteEndObject();
    }

    private static string Money(long units) => PriceUnits.ToDecimal(units).ToString("N2", s_inv);
}
