using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Sources;

namespace Gateway.Host.Replay;

/// <summary>Opens the packet source a replay asked for. Cold code; messages are for the user.</summary>
internal static class ReplaySources
{
    /// <summary>
    /// Checks that the capture can go through the chosen backend before anything native starts, so
    /// a bad capture is reported as bad input rather than as a DPDK or libpcap failure.
    /// </summary>
    /// <exception cref="PacketSourceException">The capture cannot be read, or not through this backend.</exception>
    public static void Validate(ReplaySettings settings)
    {
        if (settings.Backend == ReplayBackend.File || settings.Vdev is not null)
        {
            return;
        }

        // net_pcap and libpcap read pcap and pcapng frames only: no gzip, no BinaryFILE.
        using (CaptureFileSource probe = CaptureFile.Open(settings.Capture, settings.Format))
        {
            if (probe.Link != LinkKind.Ethernet)
            {
                throw new PacketSourceException(
                    $"{settings.Capture} is a {probe.Format} capture without Ethernet frames; the {Name(settings.Backend)} backend reads pcap and pcapng only (use --backend file)");
            }

            if (probe.IsCompressed)
            {
                throw new PacketSourceException(
                    $"{settings.Capture} is gzip-compressed; the {Name(settings.Backend)} backend cannot read it (use --backend file, or gunzip it first)");
            }

            // DPDK's net_pcap reads a truncated capture to its end without a word and decodes a corrupt
            // record length as a frame: walk the records here first (memory-mapped, headers only).
            if (settings.Backend == ReplayBackend.Dpdk)
            {
                WalkToTheEnd(probe, settings.Capture);
            }
        }
    }

    private static unsafe void WalkToTheEnd(CaptureFileSource probe, string capture)
    {
        PacketDescriptor* batch = stackalloc PacketDescriptor[256];
        long packets = 0;
        int n;
        while ((n = probe.Receive(batch, 256)) > 0)
        {
            packets += n;
            probe.Release(batch, n);
        }

        if (probe.State == SourceState.Failed)
        {
            throw new PacketSourceException(
                $"{probe.FailureMessage} after {packets:N0} whole packets (checked before handing the capture to DPDK's net_pcap, which does not check it; nothing was replayed)");
        }
    }

    /// <exception cref="PacketSourceException">The source could not be opened.</exception>
    /// <exception cref="NativeUnavailableException">The native shim or DPDK could not be loaded.</exception>
    public static IPacketSource Open(ReplaySettings settings)
    {
        switch (settings.Backend)
        {
            case ReplayBackend.Dpdk:
                return OpenDpdk(settings);
            case ReplayBackend.Libpcap:
                GwNative.EnsureLoaded();
                return LibpcapSource.OpenFile(settings.Capture);
            default:
                return CaptureFile.Open(settings.Capture, settings.Format);
        }
    }

    private static DpdkPortSource OpenDpdk(ReplaySettings settings)
    {
        GwNative.EnsureLoaded();
        if (!GwNative.DpdkAvailable)
        {
            throw new NativeUnavailableException("libgwnative.so was built without DPDK (pkg-config libdpdk not found at build time); run tools/bootstrap.sh and rebuild");
        }

        // A vdev spec is "name,key=value,...": the port is looked up by its name.
        string vdev = settings.Vdev ?? $"net_pcap0,rx_pcap={Path.GetFullPath(settings.Capture)}";
        string portName = vdev.Split(',')[0];

        // The EAL pins the calling (main) thread to its main lcore; keep that off the polling CPU.
        int mainLcore = settings.Cpu == 0 && Environment.ProcessorCount > 1 ? 1 : 0;
        var args = new List<string>
        {
            "--no-huge", "--no-pci", "--no-shconf", "-m", "256", "--no-telemetry", "--log-level=error",
            "-l", mainLcore.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"--vdev={vdev}",
        };
        args.AddRange(settings.EalArgs);
        DpdkPortSource.InitEal([.. args]);
        return new DpdkPortSource(portName);
    }

    private static string Name(ReplayBackend backend) => backend.ToString().ToLowerInvariant();
}
