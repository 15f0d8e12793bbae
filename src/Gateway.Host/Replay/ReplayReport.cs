using System.Globalization;
using System.Text.Json;
using Gateway.Interop;
using Gateway.Net.Decode;
using Gateway.Net.Sources;

namespace Gateway.Host.Replay;

/// <summary>The human summary and the <c>--stats-out</c> JSON of a replay.</summary>
internal static class ReplayReport
{
    public static void WriteSummary(TextWriter output, ReplayResult r)
    {
        var s = r.Stats;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"source        {r.Source.Description}"));
        output.WriteLine(string.Create(inv, $"pace          {r.Settings.Pacing}"));
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
        if (r.Source.State == SourceState.Failed)
        {
            output.WriteLine($"stopped       {r.Source.FailureMessage}");
        }
    }

    public static void WriteJson(string path, ReplayResult r)
    {
        var s = r.Stats;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("capture", r.Settings.Capture);
        json.WriteString("backend", r.Settings.Backend.ToString().ToLowerInvariant());
        json.WriteString("source", r.Source.Description);
        json.WriteString("pace", r.Settings.Pacing.ToString());
        json.WriteString("source_state", r.Source.State.ToString().ToLowerInvariant());
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

        json.WriteNumber("gc_collections", r.GcCollections);
        json.WriteNumber("hot_path_allocated_bytes", r.HotPathAllocatedBytes);
        json.WriteNumber("polling_thread_tid", r.PollingThreadId);
        json.WriteNumber("elapsed_seconds", r.ElapsedSeconds);
        json.WriteNumber("wall_seconds", r.WallSeconds);
        json.WriteNumber("packets_per_second", Math.Round(r.PacketsPerSecond));
        json.WriteEndObject();
    }
}
