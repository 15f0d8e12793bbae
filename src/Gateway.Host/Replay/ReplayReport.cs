using System.Globalization;
using System.Text.Json;
using System.Text;
using Gateway.Interop;
using Gateway.MarketData.Books;
using Gateway.MarketData.Feed;
using Gateway.MarketData.Itch;
using Gateway.MarketData.MoldUdp64;
using Gateway.Net.Decode;
using Gateway.Net.Sources;

namespace Gateway.Host.Replay;

/// <summary>The human summary and the <c>--stats-out</c> JSON of a replay.</summary>
internal static partial class ReplayReport
{
    public static void WriteSummary(TextWriter output, ReplayResult r)
    {
        var s = r.Stats;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"source        {r.Source.Description}"));
        output.WriteLine(string.Create(inv, $"pace          {r.Engine.Options.Feed.Pace}"));
        output.WriteLine(string.Create(inv, $"packets       {s.Packets:N0} ({s.Bytes:N0} bytes)"));
        output.WriteLine(string.Create(inv, $"datagrams     {s.Datagrams:N0}"));
        foreach (var (address, port, datagrams, bytes) in s.Destinations.ToList())
        {
            output.WriteLine(string.Create(inv, $"  {DestinationFilter.FormatAddress(address)}:{port,-6} {datagrams,12:N0} datagrams {bytes,15:N0} bytes"));
        }

        if (s.Destinations.OverflowDatagrams > 0)
        {
            output.WriteLine(string.Create(inv, $"  (other destinations, table full) {s.Destinations.OverflowDatagrams:N0} datagrams"));
        }

        output.WriteLine(string.Create(inv, $"malformed     {s.MalformedFrames:N0}"));
        for (int i = 1; i < s.ByStatus.Length; i++)
        {
            if (s.ByStatus[i] != 0)
            {
                output.WriteLine(string.Create(inv, $"  {((DecodeStatus)i).ToReportName(),-22} {s.ByStatus[i],12:N0}"));
            }
        }

        if (s.OversizeFrames > 0)
        {
            output.WriteLine(string.Create(inv, $"oversize      {s.OversizeFrames:N0}"));
        }

        if (s.SnappedFrames > 0)
        {
            output.WriteLine(string.Create(inv, $"snapped       {s.SnappedFrames:N0}"));
        }

        output.WriteLine(string.Create(inv, $"elapsed       {r.ElapsedSeconds:F3} s"));
        output.WriteLine(string.Create(inv, $"packets/s     {r.PacketsPerSecond:N0}"));
        if (r.Feed is { } feed)
        {
            WriteFeedSummary(output, r, feed);
        }

        EngineReport.WriteStartupSummary(output, r.Engine);
        EngineReport.WriteSummary(output, r.Engine);
        QueueReport.WriteSummary(output, r.Engine);
        if (r.Source.State == SourceState.Failed)
        {
            output.WriteLine($"stopped       {r.Source.FailureMessage}");
        }

        if (r.Interrupted)
        {
            output.WriteLine("stopped       interrupted (Ctrl+C or SIGTERM): the figures above cover the capture up to there");
        }
    }

    private static void WriteFeedSummary(TextWriter output, ReplayResult r, IMarketDataFeed feed)
    {
        var inv = CultureInfo.InvariantCulture;
        FeedFigures f = FeedFigures.Of(feed, r.ElapsedSeconds);
        output.WriteLine(string.Create(inv, $"messages      {f.Messages:N0} ({f.MessagesPerSecond:N0}/s; unknown type {feed.Decode.Unknown:N0}, wrong length {feed.Decode.WrongLength:N0})"));
        var types = new StringBuilder();
        for (int t = 0; t < 256; t++)
        {
            if (feed.Decode.ByType[t] != 0)
            {
                types.Append(inv, $" {(char)t}:{feed.Decode.ByType[t]:N0}");
            }
        }

        output.WriteLine($"  by type    {types.ToString().Trim()}");
        if (feed.LineA is { } a)
        {
            ref readonly MoldSessionStats st = ref feed.SessionStats;
            output.WriteLine(string.Create(inv,
                $"mold64       line A {DestinationFilter.FormatAddress(a.Address)}:{a.Port}: {st.LineA.Packets:N0} packets, {st.LineA.DuplicatePackets:N0} duplicate"));
            if (feed.LineB is { } b)
            {
                output.WriteLine(string.Create(inv,
                    $"             line B {DestinationFilter.FormatAddress(b.Address)}:{b.Port}: {st.LineB.Packets:N0} packets, {st.LineB.DuplicatePackets:N0} duplicate"));
            }

            output.WriteLine(string.Create(inv,
                $"             gaps {st.GapsDetected:N0}, filled from the other line {st.GapFillsFromOtherLine:N0}, by retransmission {st.GapFillsByRetransmission:N0}, re-requests {st.RerequestsSent:N0}"));
        }

        WriteMoldMalformed(output, feed.SessionStats);
        output.WriteLine(string.Create(inv, $"lost          {f.LostMessages:N0} messages"));
        foreach (MoldLossRange range in feed.GetLosses().Take(10))
        {
            output.WriteLine(string.Create(inv, $"  {range.From}-{range.To} ({range.Count:N0}{(range.GivenUp ? ", given up" : ", never filled")})"));
        }

        output.WriteLine(string.Create(inv, $"books         {feed.Books.LiveOrders:N0} live orders, {feed.Books.LiveLevels:N0} levels, {f.FlaggedInstruments:N0} instruments flagged untrustworthy"));
        if (f.FlaggedInstruments > 0)
        {
            output.WriteLine($"  by reason  {string.Join(' ', f.FlaggedByReason.Select(r => string.Create(inv, $"{r.Reason}:{r.Instruments:N0}")))}");
        }

        foreach (ushort locate in MostActive(feed, 5))
        {
            TopOfBook top = feed.Books.TopOfBook(locate);
            string symbol = EngineReport.SymbolOf(feed, locate) ?? $"#{locate}";
            output.WriteLine(string.Create(inv,
                $"  {symbol,-8} {top.BidShares,8:N0} @ {top.BidPrice,-12} | {top.AskPrice,12} x {top.AskShares,-8:N0} ({feed.Books.OrderCount(locate):N0} orders){(feed.Books.IsFlagged(locate) ? " FLAGGED" : "")}"));
        }
    }

    /// <summary>Instruments with the most live orders (cold).</summary>
    private static IEnumerable<ushort> MostActive(IMarketDataFeed feed, int count) =>
        Enumerable.Range(0, feed.Books.MaxInstruments)
            .Select(i => (ushort)i)
            .Where(l => feed.Books.OrderCount(l) > 0)
            .OrderByDescending(l => feed.Books.OrderCount(l))
            .Take(count);

    /// <summary>The feed numbers the summary and the JSON share.</summary>
    /// <remarks>
    /// A declared loss flags every instrument slot (<see cref="BookFlags.MessagesLost"/>), so
    /// <c>FlaggedInstruments</c> is then the books' instrument capacity; <c>FlaggedByReason</c>
    /// tells the reasons apart (an instrument may count under several).
    /// </remarks>
    private readonly record struct FeedFigures(long Messages, double MessagesPerSecond, long DuplicatePackets, ulong LostMessages,
        int FlaggedInstruments, IReadOnlyList<(BookFlags Reason, int Instruments)> FlaggedByReason)
    {
        public static FeedFigures Of(IMarketDataFeed feed, double elapsedSeconds)
        {
            long messages = feed.Decode.Decoded + feed.Decode.Unknown + feed.Decode.WrongLength;
            ref readonly MoldSessionStats st = ref feed.SessionStats;
            long duplicates = st.LineA.DuplicatePackets + st.LineB.DuplicatePackets + st.Retransmit.DuplicatePackets;
            BookFlags[] reasons = Enum.GetValues<BookFlags>().Where(r => r != BookFlags.None).ToArray();
            int[] byReason = new int[reasons.Length];
            int flagged = 0;
            // Counted over the instruments this feed has seen (a directory entry or anything in the
            // book): a declared loss flags every slot, and 65,536 would say nothing about the capture.
            for (int i = 0; i < feed.Books.MaxInstruments; i++)
            {
                var locate = (ushort)i;
                bool seen = feed.Directory.Contains(new StockLocate(locate)) || feed.Books.OrderCount(locate) != 0
                    || feed.Books.LevelCount(locate, (byte)'B') != 0 || feed.Books.LevelCount(locate, (byte)'S') != 0;
                BookFlags flags = seen ? feed.Books.Flags(locate) : BookFlags.None;
                flagged += flags != BookFlags.None ? 1 : 0;
                for (int r = 0; r < reasons.Length; r++)
                {
                    byReason[r] += (flags & reasons[r]) != 0 ? 1 : 0;
                }
            }

            var flaggedByReason = reasons.Select((r, i) => (r, byReason[i])).Where(x => x.Item2 > 0).ToList();
            return new FeedFigures(messages, messages / elapsedSeconds, duplicates, feed.CountMissingMessages(), flagged, flaggedByReason);
        }
    }

    public static void WriteJson(string path, ReplayResult r)
    {
        var s = r.Stats;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("capture", r.Settings.Capture);
        json.WriteString("backend", r.Engine.Options.Feed.Backend);
        json.WriteString("source", r.Source.Description);
        json.WriteString("pace", r.Engine.Options.Feed.Pace);
        json.WriteString("source_state", r.Source.State.ToString().ToLowerInvariant());
        json.WriteBoolean("complete", r.Complete);
        json.WriteBoolean("interrupted", r.Interrupted);
        if (r.Source.FailureMessage is { } failure)
        {
            json.WriteString("source_error", failure);
        }

        json.WriteNumber("packets", s.Packets);
        json.WriteNumber("bytes", s.Bytes);
        json.WriteNumber("datagrams", s.Datagrams);
        json.WriteStartObject("datagrams_by_destination");
        foreach (var (address, port, datagrams, bytes) in s.Destinations.ToList())
        {
            json.WriteStartObject(string.Create(CultureInfo.InvariantCulture, $"{DestinationFilter.FormatAddress(address)}:{port}"));
            json.WriteNumber("datagrams", datagrams);
            json.WriteNumber("bytes", bytes);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteNumber("datagrams_other_destinations", s.Destinations.OverflowDatagrams);
        json.WriteNumber("malformed_frames", s.MalformedFrames);
        json.WriteStartObject("frames_by_reason");
        for (int i = 1; i < s.ByStatus.Length; i++)
        {
            if (s.ByStatus[i] != 0)
            {
                json.WriteNumber(((DecodeStatus)i).ToReportName(), s.ByStatus[i]);
            }
        }

        json.WriteEndObject();
        json.WriteNumber("oversize_frames", s.OversizeFrames);
        json.WriteNumber("snapped_frames", s.SnappedFrames);
        json.WriteNumber("first_timestamp_ns", s.FirstTimestampNs);
        json.WriteNumber("last_timestamp_ns", s.LastTimestampNs);
        if (r.Source is DpdkPortSource dpdk)
        {
            // What the port itself saw: frames the NIC (or PMD) dropped never reach the counters above.
            GwPortStats port = dpdk.PortStats;
            json.WriteNumber("port_rx_packets", (long)port.RxPackets);
            json.WriteNumber("port_rx_missed", (long)port.RxMissed);
            json.WriteNumber("port_rx_nombuf", (long)port.RxNoMbuf);
            json.WriteNumber("port_rx_errors", (long)port.RxErrors);
        }

        if (r.Feed is { } feed)
        {
            FeedFigures f = FeedFigures.Of(feed, r.ElapsedSeconds);
            json.WriteNumber("messages", f.Messages);
            json.WriteStartObject("messages_by_type");
            for (int t = 0; t < 256; t++)
            {
                if (feed.Decode.ByType[t] != 0)
                {
                    json.WriteNumber(((char)t).ToString(), feed.Decode.ByType[t]);
                }
            }

            json.WriteEndObject();
            json.WriteNumber("unknown_messages", feed.Decode.Unknown);
            json.WriteNumber("wrong_length_messages", feed.Decode.WrongLength);
            json.WriteNumber("duplicate_packets", f.DuplicatePackets);
            json.WriteNumber("lost_messages", f.LostMessages);
            json.WriteStartArray("lost_ranges");
            foreach (MoldLossRange range in feed.GetLosses())
            {
                json.WriteStartObject();
                json.WriteNumber("from", range.From);
                json.WriteNumber("to", range.To);
                json.WriteBoolean("given_up", range.GivenUp);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            ref readonly MoldSessionStats st = ref feed.SessionStats;
            WriteMoldMalformed(json, st);
            json.WriteNumber("gaps_detected", st.GapsDetected);
            json.WriteNumber("gap_fills_from_other_line", st.GapFillsFromOtherLine);
            json.WriteNumber("gap_fills_by_retransmission", st.GapFillsByRetransmission);
            json.WriteNumber("rerequests_sent", st.RerequestsSent);
            json.WriteNumber("open_holes_high_water", st.OpenHolesHighWater);
            json.WriteNumber("flagged_instruments", f.FlaggedInstruments);
            json.WriteStartObject("flagged_by_reason");
            foreach ((BookFlags reason, int instruments) in f.FlaggedByReason)
            {
                json.WriteNumber(reason.ToString(), instruments);
            }

            json.WriteEndObject();
            json.WriteNumber("live_orders", feed.Books.LiveOrders);
            json.WriteStartObject("book_lookahead");
            json.WriteString("mode", r.Engine.Options.Feed.Lookahead);
            json.WriteBoolean("active_at_end", feed.Books.LookaheadActive);
            json.WriteNumber("switches", feed.Books.LookaheadSwitches);
            json.WriteEndObject();
            json.WriteStartObject("book_results");
            foreach (BookResult result in Enum.GetValues<BookResult>())
            {
                json.WriteNumber(result.ToString(), (long)feed.Books.Count(result));
            }

            json.WriteEndObject();
            json.WriteNumber("messages_per_second", Math.Round(f.MessagesPerSecond));
        }

        EngineReport.WriteJson(json, r.Engine);
        EngineReport.WriteStartupJson(json, r.Engine);
        QueueReport.WriteJson(json, r.Engine);

        json.WriteNumber("gc_collections", r.GcCollections);
        json.WriteNumber("hot_path_allocated_bytes", r.HotPathAllocatedBytes);
        json.WriteNumber("polling_thread_tid", r.PollingThreadId);
        json.WriteNumber("elapsed_seconds", r.ElapsedSeconds);
        json.WriteNumber("wall_seconds", r.WallSeconds);
        json.WriteNumber("packets_per_second", Math.Round(r.PacketsPerSecond));
        json.WriteEndObject();
    }
}
