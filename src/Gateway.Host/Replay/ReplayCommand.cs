using System.CommandLine;
using System.CommandLine.Parsing;
using Gateway.Engine;
using Gateway.Net.Decode;

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
        var config = new Option<string?>("--config") { Description = "gateway configuration (JSON); --Section:Key=value overrides any key" };
        var strategy = new Option<string?>("--strategy") { Description = "none, or threshold-taker (the engine trades)" };
        var taker = new Option<string[]>("--taker")
        {
            Description = "threshold-taker instrument SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY (repeat, or separate with commas)",
            AllowMultipleArgumentsPerToken = false,
        };
        var venue = new Option<string?>("--venue") { Description = "send orders over FIX 4.4 to HOST:PORT (gw venue, QuickFIX); default: a counting sink" };
        var sender = new Option<string?>("--sender-comp-id") { Description = "our SenderCompID toward the venue (default GATEWAY)" };
        var target = new Option<string?>("--target-comp-id") { Description = "the venue's CompID (default VENUE)" };
        var store = new Option<string?>("--store") { Description = "the venue session's store directory (default gateway-store)" };
        var ordersOut = new Option<string?>("--orders-out") { Description = "write every intent and its decision as CSV to FILE" };
        var journalOut = new Option<string?>("--journal") { Description = "append the audit journal (intents, decisions, execution reports) as CSV to FILE" };

        var command = new Command("replay", "Replay a capture through the whole pipeline (feed, books, and with a strategy: risk, orders, venue) and report")
        {
            capture, backend, format, pace, statsOut, payloadsOut, filter, verify, maxFrame, burst, cpu, idle, vdev, eal, noFeed, decodeOnly, bookOut, lines, rerequest,
            noProgress, quiet, config, strategy, taker, venue, sender, target, store, ordersOut, journalOut,
        };
        // Anything else on the line is a configuration override: --Risk:MaxPosition=5000.
        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(result =>
        {
            ReplaySettings settings;
            var explicitKeys = new Dictionary<string, string?>();
            void Map<T>(Option<T> option, string key, Func<T, string?> text)
            {
                if (result.GetResult(option) is { Implicit: false })
                {
                    explicitKeys[key] = text(result.GetValue(option)!);
                }
            }

            try
            {
                settings = new ReplaySettings
                {
                    Capture = result.GetValue(capture)!,
                    StatsOut = result.GetValue(statsOut),
                    BookOut = result.GetValue(bookOut),
                    Progress = !result.GetValue(noProgress),
                    Quiet = result.GetValue(quiet),
                    Extras = new PipelineExtras
                    {
                        NoFeed = result.GetValue(noFeed),
                        DecodeOnly = result.GetValue(decodeOnly),
                        PayloadsOut = result.GetValue(payloadsOut),
                        Filter = result.GetValue(filter) is { } f ? DestinationFilter.Parse(f) : DestinationFilter.AcceptAll,
                        VerifyIpChecksum = result.GetValue(verify),
                        MaxFrameBytes = Positive(result.GetValue(maxFrame), "--max-frame", 64, 65535),
                    },
                };
                if (result.GetResult(burst) is { Implicit: false })
                {
                    Positive(result.GetValue(burst), "--burst", 1, 4096);
                }

                if (result.GetResult(cpu) is { Implicit: false })
                {
                    CpuOrNone(result.GetValue(cpu));
                }

                if (result.GetValue(lines) is { } l)
                {
                    ParseLines(l);
                }

                if (result.GetValue(rerequest) is { } r)
                {
                    ParseEndpoint(r, "--rerequest");
                }

                if (result.GetValue(venue) is { } v)
                {
                    System.Net.IPEndPoint endpoint = ParseEndpoint(v, "--venue");
                    explicitKeys["Venue:Host"] = endpoint.Address.ToString();
                    explicitKeys["Venue:Port"] = endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine($"gw replay: {ex.Message}");
                return ExitCodes.Usage;
            }

            // The replay's own defaults sit under the configuration file; options given on the line sit over it.
            var defaults = new Dictionary<string, string?>
            {
                ["Engine:Cpu"] = (Environment.ProcessorCount - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                // A DPDK port never says "end of file": a replay through it ends this long after the last packet.
                ["Feed:EndAfterIdleSeconds"] = "0.3",
            };
            explicitKeys["Feed:Capture"] = settings.Capture;
            Map(backend, "Feed:Backend", x => x);
            Map(format, "Feed:Format", x => x);
            Map(pace, "Feed:Pace", x => x);
            Map(burst, "Feed:Burst", x => x.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Map(cpu, "Engine:Cpu", x => x.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Map(idle, "Engine:Idle", x => x);
            Map(vdev, "Feed:Vdev", x => x);
            Map(lines, "Feed:Lines", x => x);
            Map(rerequest, "Feed:Rerequest", x => x);
            Map(strategy, "Strategy:Name", x => x);
            Map(sender, "Venue:SenderCompId", x => x);
            Map(target, "Venue:TargetCompId", x => x);
            Map(store, "Venue:Store", x => x);
            Map(ordersOut, "Engine:OrdersOut", x => x);
            Map(journalOut, "Engine:Journal", x => x);
            if (result.GetValue(eal) is { } ealText)
            {
                string[] ealArgs = ealText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i < ealArgs.Length; i++)
                {
                    explicitKeys[$"Feed:Eal:{i}"] = ealArgs[i];
                }
            }

            string[] takers = result.GetValue(taker) ?? [];
            for (int i = 0; i < takers.Length; i++)
            {
                explicitKeys[$"Strategy:Taker:{i}"] = takers[i];
            }

            if (takers.Length > 0 && result.GetResult(strategy) is not { Implicit: false })
            {
                explicitKeys["Strategy:Name"] = "threshold-taker";
            }

            GatewayOptions? options = Configuration.GatewayConfiguration.Load(result.GetValue(config), defaults, explicitKeys,
                [.. result.UnmatchedTokens], out List<string> errors);
            if (options is null)
            {
                foreach (string error in errors)
                {
                    Console.Error.WriteLine($"gw replay: {error}");
                }

                return ExitCodes.Usage;
            }

            return ReplayRunner.Run(settings, options);
        });
        return command;
    }

    private static DestinationFilter ParseLines(string text) =>
        ConfigParsing.TryLines(text, out DestinationFilter lines, out string? why) ? lines : throw new FormatException($"--lines {why}");

    private static System.Net.IPEndPoint ParseEndpoint(string text, string option) =>
        System.Net.IPEndPoint.TryParse(text, out System.Net.IPEndPoint? endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new FormatException($"{option} '{text}' is not ADDRESS:PORT");

    private static int Positive(int value, string name, int min, int max) =>
        value >= min && value <= max ? value : throw new FormatException($"{name} {value} is out of range ({min}-{max})");

    private static int CpuOrNone(int cpu) =>
        cpu == -1 || (cpu >= 0 && cpu < Environment.ProcessorCount)
            ? cpu
            : throw new FormatException($"--cpu {cpu}: this machine has CPUs 0-{Environment.ProcessorCount - 1} (or -1 for no pinning)");
}
