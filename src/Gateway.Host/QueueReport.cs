using System.Globalization;
using System.Text.Json;
using Gateway.Engine;
using Gateway.MarketData.Feed;
using Gateway.MarketData.MoldUdp64;
using Gateway.Net.Pipeline;
using Gateway.Net.Sources;
using Gateway.Risk;

namespace Gateway.Host;

/// <summary>
/// Every queue on the path from the wire to the venue, and what the feed lost, as <c>gw run</c> and
/// <c>gw replay</c> report them at exit: the <c>queues</c> and <c>feed_loss</c> objects of
/// <c>--stats-out</c> and the matching summary lines. Cold: the source's own counters cost a
/// system call or a read of /proc here, never on the engine's thread (docs/engine.md, "Queues").
/// </summary>
internal static class QueueReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>How many loss ranges the summary and the JSON list at most (the count is always whole).</summary>
    private const int MaxRangesListed = 100;

    public static void WriteJson(Utf8JsonWriter json, IGatewayEngine e)
    {
        json.WriteStartObject("queues");
        WriteNic(json, e.Source);
        PacketPathStats p = e.PacketStats;
        json.WriteStartObject("rx_burst");
        json.WriteNumber("size", p.BurstSize);
        json.WriteNumber("bursts", p.Bursts);
        json.WriteNumber("full_bursts", p.FullBursts);
        json.WriteNumber("max_fill", p.MaxBurstFill);
        json.WriteEndObject();
        if (e.Feed is { } feed)
        {
            ref readonly MoldSessionStats st = ref feed.SessionStats;
            GapBufferFigures g = feed.GapBuffer;
            json.WriteStartObject("gap_buffer");
            json.WriteNumber("capacity", g.Slots);
            json.WriteNumber("slot_bytes", g.SlotBytes);
            json.WriteNumber("high_water", st.GapBufferHighWater);
            json.WriteNumber("high_water_bytes", st.GapBufferBytesHighWater);
            json.WriteNumber("held", g.HeldPackets);
            json.WriteNumber("held_bytes", g.HeldBytes);
            json.WriteNumber("overflows", st.GapBufferFull);
            json.WriteNumber("oversize", st.GapBufferOversize);
            json.WriteEndObject();
            json.WriteStartObject("open_holes");
            json.WriteNumber("capacity", g.MaxTrackedHoles);
            json.WriteNumber("high_water", st.OpenHolesHighWater);
            json.WriteEndObject();
        }

        WriteRing(json, "journal_ring", e.JournalRing.Capacity, e.JournalRing.HighWater, e.JournalRing.Dropped);
        WriteRing(json, "log_ring", e.LogRing.Capacity, e.LogRing.HighWater, e.LogRing.Dropped);
        json.WriteStartObject("intent_buffer");
        json.WriteNumber("capacity", e.Intents.Capacity);
        json.WriteNumber("overflows", e.Intents.Overflows);
        json.WriteEndObject();
        json.WriteStartObject("order_table");
        json.WriteNumber("capacity", e.Orders.Capacity);
        json.WriteNumber("used", e.Orders.Count);
        json.WriteNumber("open", e.Orders.OpenOrderCount);
        json.WriteEndObject();
        json.WriteEndObject();

        WriteFeedLoss(json, e);
    }

    private static void WriteNic(Utf8JsonWriter json, IPacketSource? source)
    {
        json.WriteStartObject("nic");
        if (source is ISourceQueueStats q)
        {
            SourceQueueStats s = q.ReadQueueStats();
            json.WriteString("kind", s.Kind);
            foreach ((string name, long value) in s.Counters)
            {
                json.WriteNumber(name, value);
            }

            if (s.Notes.Count > 0)
            {
                json.WriteString("note", string.Join("; ", s.Notes));
            }
        }
        else
        {
            json.WriteString("kind", source is null ? "none" : "capture_file");
            json.WriteString("note", "read from a file: no queue below the gateway to overflow");
        }

        json.WriteEndObject();
    }

    private static void WriteRing(Utf8JsonWriter json, string name, int capacity, long highWater, long dropped)
    {
        json.WriteStartObject(name);
        json.WriteNumber("capacity", capacity);
        json.WriteNumber("high_water", highWater);
        json.WriteNumber("dropped", dropped);
        json.WriteEndObject();
    }

    /// <summary>Lost messages, the stale-feed flag, re-requests: the <c>feed_loss</c> object (and <c>books_stale</c> at the top).</summary>
    private static void WriteFeedLoss(Utf8JsonWriter json, IGatewayEngine e)
    {
        PreTradeRisk risk = e.Risk;
        json.WriteBoolean("books_stale", risk.IsFeedStale);
        json.WriteStartObject("feed_loss");
        json.WriteNumber("loss_events", risk.FeedLossEvents);
        json.WriteNumber("declared_lost_messages", risk.FeedLostMessages);
        json.WriteBoolean("books_stale", risk.IsFeedStale);
        json.WriteNumber("stale_since_seq", risk.StaleSinceSequence);
        json.WriteString("on_stale_feed", risk.StaleFeedPolicy == StaleFeedPolicy.Refuse ? "refuse" : "flag");
        json.WriteNumber("orders_refused_stale_feed", e.Counters.Refused(RiskReason.StaleFeed));
        json.WriteNumber("orders_accepted_on_stale_feed", risk.AcceptedOnStaleFeed);
        if (e.Feed is { } feed)
        {
            ref readonly MoldSessionStats st = ref feed.SessionStats;
            json.WriteNumber("lost_messages", feed.CountMissingMessages());
            json.WriteStartArray("lost_ranges");
            foreach (MoldLossRange range in feed.GetLosses().Take(MaxRangesListed))
            {
                json.WriteStartObject();
                json.WriteNumber("from", range.From);
                json.WriteNumber("to", range.To);
                json.WriteBoolean("given_up", range.GivenUp);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("loss_ranges_not_recorded", st.LossRangesNotRecorded);
            json.WriteNumber("gaps_detected", st.GapsDetected);
            json.WriteNumber("gap_fills_from_other_line", st.GapFillsFromOtherLine);
            json.WriteNumber("rerequests_sent", st.RerequestsSent);
            json.WriteNumber("rerequest_send_failures", st.RerequestSendFailures);
            json.WriteNumber("retransmitted_packets", st.Retransmit.Packets);
            json.WriteNumber("retransmitted_messages", st.Retransmit.Messages);
            json.WriteNumber("gap_fills_by_retransmission", st.GapFillsByRetransmission);
            json.WriteBoolean("hole_open_at_exit", feed.HasGap);
        }

        json.WriteEndObject();
    }

    /// <summary>The human lines: one for the queues, one for losses when there were any.</summary>
    public static void WriteSummary(TextWriter output, IGatewayEngine e)
    {
        var parts = new List<string>();
        SourceQueueStats? s = (e.Source as ISourceQueueStats)?.ReadQueueStats();
        if (s is not null)
        {
            parts.Add($"{s.Kind} dropped {(s["dropped"] is long d ? d.ToString("N0", s_inv) : "?")}");
        }

        PacketPathStats p = e.PacketStats;
        parts.Add(string.Create(s_inv, $"bursts {p.Bursts:N0} ({p.FullBursts:N0} full of {p.BurstSize}, max {p.MaxBurstFill})"));
        if (e.Feed is { } feed)
        {
            ref readonly MoldSessionStats st = ref feed.SessionStats;
            parts.Add(string.Create(s_inv, $"gap buffer high {st.GapBufferHighWater:N0}/{feed.GapBuffer.Slots:N0} ({st.GapBufferFull + st.GapBufferOversize:N0} dropped)"));
        }

        parts.Add(string.Create(s_inv, $"journal ring high {e.JournalRing.HighWater:N0}/{e.JournalRing.Capacity:N0} ({e.JournalRing.Dropped:N0} dropped)"));
        output.WriteLine("queues        " + string.Join(", ", parts));
        foreach (string note in s?.Notes ?? [])
        {
            output.WriteLine("  note       " + note);
        }

        PreTradeRisk risk = e.Risk;
        if (risk.FeedLossEvents > 0)
        {
            output.WriteLine(string.Create(s_inv,
                $"feed loss     {risk.FeedLossEvents:N0} loss events, {risk.FeedLostMessages:N0} messages declared lost; books {(risk.IsFeedStale ? $"STALE since seq {risk.StaleSinceSequence}" : "cleared by the operator")}; " +
                $"on a stale feed: {(risk.StaleFeedPolicy == StaleFeedPolicy.Refuse ? "refuse" : "flag")} ({e.Counters.Refused(RiskReason.StaleFeed):N0} refused, {risk.AcceptedOnStaleFeed:N0} accepted)"));
        }
    }
}
