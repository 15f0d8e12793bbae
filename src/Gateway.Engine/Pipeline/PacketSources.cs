using System.Globalization;
using System.Net;
using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.Net.Sources;

namespace Gateway.Engine.Pipeline;

/// <summary>Opens the packet source the feed settings name. Cold code; messages are for the user.</summary>
public static class PacketSources
{
    /// <summary>
    /// Checks that a capture can go through the chosen backend before anything native starts, so a
    /// bad capture is reported as bad input rather than as a DPDK or libpcap failure.
    /// </summary>
    /// <exception cref="PacketSourceException">The capture cannot be read, or not through this backend.</exception>
    public static void Validate(FeedSettings feed)
    {
        if (feed.Backend is "file" or "socket" || feed.Vdev is not null || feed.Interface is not null || feed.Capture is null)
        {
            return;
        }

        // net_pcap and libpcap read pcap and pcapng frames only: no gzip, no BinaryFILE.
        using CaptureFileSource probe = CaptureFile.Open(feed.Capture, FormatOf(feed));
        if (probe.Link != LinkKind.Ethernet)
        {
            throw new PacketSourceException(
                $"{feed.Capture} is a {probe.Format} capture without Ethernet frames; the {feed.Backend} backend reads pcap and pcapng only (use the file backend)");
        }

        if (probe.IsCompressed)
        {
            throw new PacketSourceException(
                $"{feed.Capture} is gzip-compressed; the {feed.Backend} backend cannot read it (use the file backend, or gunzip it first)");
        }

        // DPDK's net_pcap reads a truncated capture to its end without a word and decodes a corrupt
        // record length as a frame: walk the records here first (memory-mapped, headers only).
        if (feed.Backend == "dpdk")
        {
            WalkToTheEnd(probe);
        }
    }

    private static unsafe void WalkToTheEnd(CaptureFileSource probe)
    {
        const int Burst = 256;
        PacketDescriptor* batch = stackalloc PacketDescriptor[Burst];
        long packets = 0;
        int n;
        while ((n = probe.Receive(batch, Burst)) > 0)
        {
            packets += n;
            probe.Release(batch, n);
        }

        if (probe.State == SourceState.Failed)
        {
            throw new PacketSourceException(string.Create(CultureInfo.InvariantCulture,
                $"{probe.FailureMessage} after {packets:N0} whole packets (checked before handing the capture to DPDK's net_pcap, which does not check it; nothing was replayed)"));
        }
    }

    /// <summary>The capture format forced by Feed:Format, or null to detect it.</summary>
    public static CaptureFormat? FormatOf(FeedSettings feed) => feed.Format switch
    {
        "pcap" => CaptureFormat.Pcap,
        "pcapng" => CaptureFormat.PcapNg,
        "binaryfile" => CaptureFormat.NasdaqBinaryFile,
        _ => null,
    };

    /// <exception cref="PacketSourceException">The source could not be opened.</exception>
    /// <exception cref="NativeUnavailableException">The native shim or DPDK could not be loaded.</exception>
    public static IPacketSource Open(FeedSettings feed, int cpu)
    {
        switch (feed.Backend)
        {
            case "dpdk":
                return OpenDpdk(feed, cpu);
            case "libpcap":
                return feed.Interface is { } iface ? LibpcapSource.OpenLive(iface) : LibpcapSource.OpenFile(feed.Capture!);
            case "socket":
                return OpenSocket(feed);
            default:
                return CaptureFile.Open(feed.Capture!, FormatOf(feed));
        }
    }

    private static DpdkPortSource OpenDpdk(FeedSettings feed, int cpu)
    {
        GwNative.EnsureLoaded();
        if (!GwNative.DpdkAvailable)
        {
            throw new NativeUnavailableException("libgwnative.so was built without DPDK (pkg-config libdpdk not found at build time); run tools/bootstrap.sh and rebuild");
        }

        // A vdev spec is "name,key=value,...": the port is looked up by its name.
        string vdev = feed.Vdev ?? $"net_pcap0,rx_pcap={Path.GetFullPath(feed.Capture!)}";
        string portName = vdev.Split(',')[0];

        // The EAL pins the calling (main) thread to its main lcore; keep that off the polling CPU.
        int mainLcore = cpu == 0 && Environment.ProcessorCount > 1 ? 1 : 0;
        var args = new List<string>
        {
            "--no-huge", "--no-pci", "--no-shconf", "-m", "256", "--no-telemetry", "--log-level=error",
            "-l", mainLcore.ToString(CultureInfo.InvariantCulture),
            $"--vdev={vdev}",
        };
        args.AddRange(feed.Eal);
        DpdkPortSource.InitEal([.. args]);
        return new DpdkPortSource(portName);
    }

    /// <summary>The kernel's UDP socket (the baseline): joins the lines' groups on their port.</summary>
    private static UdpSocketSource OpenSocket(FeedSettings feed)
    {
        if (!ConfigParsing.TryLines(feed.Lines ?? "", out DestinationFilter lines, out string? why))
        {
            throw new PacketSourceException($"Feed:Lines {why}");
        }

        var groups = new List<IPAddress>();
        ushort port = lines[0].Port;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Port != port)
            {
                throw new PacketSourceException("the socket backend receives on one port: both lines must use the same port");
            }

            groups.Add(new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(lines[i].Address))));
        }

        return feed.SocketReceiveBuffer > 0
            ? new UdpSocketSource(IPAddress.Any, port, groups.Where(IsMulticast).ToList(), IPAddress.Any, receiveBufferBytes: feed.SocketReceiveBuffer)
            : new UdpSocketSource(IPAddress.Any, port, groups.Where(IsMulticast).ToList(), IPAddress.Any);
    }

    private static bool IsMulticast(IPAddress a) => a.GetAddressBytes()[0] is >= 224 and <= 239;
}
