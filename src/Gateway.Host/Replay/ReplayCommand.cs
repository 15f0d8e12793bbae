using System.CommandLine;
using System.CommandLine.Parsing;
using Gateway.Core.Agents;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;

namespace Gateway.Host.Replay;

/// <summary><c>gw replay CAPTURE</c>: the command-line surface; the work is in <see cref="ReplayRunner"/>.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var capture = new Argument<string>("capture")
        {
            Description = "pcap (µs or ns), pcapng, or NASDAQ BinaryFILE (plain or gzip)",
        };
        var backend = new Option<string>("--backend")
        {
            Description = "packet source: file (memory-mapped), dpdk (net_pcap vdev), libpcap",
            DefaultValueFactory = _ => "file",
        };
        backend.AcceptOnlyFromAmong("file", "dpdk", "libpcap");
        var format = new Option<string>("--format")
        {
            Description = "file backend: capture format, detected by default (binaryfile has no magic number)",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong("auto", "pcap", "pcapng", "binaryfile");
        var pace = new Option<string>("--pace")
        {
            Description = "max, recorded, or a multiple of the recorded pace such as 10x",
            DefaultValueFactory = _ => "max",
        };
        var statsOut = new Option<string?>("--stats-out") { Description = "write run statistics as JSON to FILE" };
        var payloadsOut = new Option<string?>("--payloads-out")
        {
            Description = "write every UDP payload (or BinaryFILE record) as [u32 LE length][bytes] to FILE",
        };
        var filter = new Option<string?>("--filter")
        {
            Description = "only datagrams to these destinations, e.g. 233.54.12.111:26477,*:26478",
        };
        var verify = new Option<bool>("--verify-ip-checksum") { Description = "check IPv4 header checksums (off by default)" };
        var maxFrame = new Option<int>("--max-frame")
        {
            Description = "largest frame accepted in bytes; longer (jumbo) frames are skipped and counted",
            DefaultValueFactory = _ => 1526,
        };
        var burst = new Option<int>("--burst")
        {
            // The file backend hands out records already in memory: a longer burst lets the feed's
            // look-ahead run over more of them (benchmarks/RESULTS.md); a NIC burst stays at 32.
            Description = "descriptors per receive (default: 256 for the file backend, 32 otherwise)",
        };
        var cpu = new Option<int>("--cpu")
        {
            Description = "CPU to pin the polling thread to (-1: do not pin; default: the last CPU)",
            DefaultValueFactory = _ => Environment.ProcessorCount - 1,
        };
        var idle = new Option<string>("--idle")
        {
            Description = "idle strategy of the polling thread: spin (production) or backoff",
            DefaultValueFactory = _ => "spin",
        };
        idle.AcceptOnlyFromAmong("spin", "backoff");
        var vdev = new Option<string?>("--vdev")
        {
            Description = "dpdk: the virtual device to read (default: net_pcap0,rx_pcap=CAPTURE)",
        };
        var eal = new Option<string?>("--eal") { Description = "dpdk: extra EAL arguments, space separated" };
        var noFeed = new Option<bool>("--no-feed") { Description = "packet path only: no MoldUDP64, ITCH decode or books" };
        var decodeOnly = new Option<bool>("--decode-only") { Description = "MoldUDP64 and ITCH decode, but no book updates (measures the decoder)" };
        var bookOut = new Option<string?>("--book-out") { Description = "write every non-empty price level at the end as CSV" };
        var lines = new Option<string?>("--lines")
        {
            Description = "the feed's A and B lines, e.g. 233.54.12.111:26477,233.54.12.112:26477 (default: the first two destinations seen)",
        };
        var rerequest = new Option<string?>("--rerequest") { Description = "MoldUDP64 re-request server ADDRESS:PORT for holes neither line fills" };
        var noProgress = new Option<bool>("--no-progress") { Description = "never draw a progress bar" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "print nothing but errors" };

        var command = new Command("replay", "Replay a capture through the packet path and report what happened and how fast")
        {
            capture, backend, format, pace, statsOut, payloadsOut, filter, verify, maxFrame, burst, cpu, idle, vdev, eal, noFeed, decodeOnly, bookOut, lines, rerequest, noProgress, quiet,
        };

        command.SetAction(result =>
        {
            ReplaySettings settings;
            try
            {
                settings = new ReplaySettings
                {
                    Capture = result.GetValue(capture)!,
                    Backend = result.GetValue(backend) switch
                    {
                        "dpdk" => ReplayBackend.Dpdk,
                        "libpcap" => ReplayBackend.Libpcap,
                        _ => ReplayBackend.File,
                    },
                    Format = result.GetValue(format) switch
                    {
                        "pcap" => CaptureFormat.Pcap,
                        "pcapng" => CaptureFormat.PcapNg,
                        "binaryfile" => CaptureFormat.NasdaqBinaryFile,
                        _ => null,
                    },
                    Pacing = Pacing.Parse(result.GetValue(pace)!),
                    StatsOut = result.GetValue(statsOut),
                    PayloadsOut = result.GetValue(payloadsOut),
                    Filter = result.GetValue(filter) is { } f ? DestinationFilter.Parse(f) : DestinationFilter.AcceptAll,
                    VerifyIpChecksum = result.GetValue(verify),
                    MaxFrameBytes = Positive(result.GetValue(maxFrame), "--max-frame", 64, 65535),
                    Burst = result.GetResult(burst) is null
                        ? (result.GetValue(backend) == "file" ? 256 : 32)
                        : Positive(result.GetValue(burst), "--burst", 1, 4096),
                    Cpu = CpuOrNone(result.GetValue(cpu)),
                    Idle = result.GetValue(idle) == "backoff" ? IdleStrategyKind.Backoff : IdleStrategyKind.BusySpin,
                    Vdev = result.GetValue(vdev),
                    EalArgs = result.GetValue(eal)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
                    Progress = !result.GetValue(noProgress),
                    Quiet = result.GetValue(quiet),
                    NoFeed = result.GetValue(noFeed),
                    DecodeOnly = result.GetValue(decodeOnly),
                    BookOut = result.GetValue(bookOut),
                    Lines = result.GetValue(lines) is { } l ? ParseLines(l) : null,
                    Rerequest = result.GetValue(rerequest) is { } r ? ParseEndpoint(r) : null,
                };
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine($"gw replay: {ex.Message}");
                return ExitCodes.Usage;
            }

            return ReplayRunner.Run(settings);
        });
        return command;
    }

    private static DestinationFilter ParseLines(string text)
    {
        DestinationFilter lines = DestinationFilter.Parse(text);
        if (lines.Count is not (1 or 2))
        {
            throw new FormatException($"--lines '{text}' must name one or two ADDRESS:PORT destinations");
        }

        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Address == 0 || lines[i].Port == 0)
            {
                throw new FormatException($"--lines '{text}': a line is one address and one port (no *, no port 0)");
            }
        }

        return lines.Count == 2 && lines[0] == lines[1]
            ? throw new FormatException($"--lines '{text}': the A and B lines are the same destination")
            : lines;
    }

    private static System.Net.IPEndPoint ParseEndpoint(string text) =>
        System.Net.IPEndPoint.TryParse(text, out System.Net.IPEndPoint? endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new FormatException($"--rerequest '{text}' is not ADDRESS:PORT");

    private static int Positive(int value, string name, int min, int max) =>
        value >= min && value <= max ? value : throw new FormatException($"{name} {value} is out of range ({min}-{max})");

    private static int CpuOrNone(int cpu) =>
        cpu == -1 || (cpu >= 0 && cpu < Environment.ProcessorCount)
            ? cpu
            : throw new FormatException($"--cpu {cpu}: this machine has CPUs 0-{Environment.ProcessorCount - 1} (or -1 for no pinning)");
}
