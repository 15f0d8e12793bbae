using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Lab.MoldUdp64;
using Gateway.MarketData.MoldUdp64;
using Gateway.Net.Sources;

namespace Gateway.Host;

/// <summary>
/// <c>gw mold-server CAPTURE --port N</c>: a MoldUDP64 re-request server answering from a capture,
/// for labs and for testing feed handlers' gap recovery.
/// </summary>
internal static class MoldServerCommand
{
    public static Command Create()
    {
        var capture = new Argument<string>("CAPTURE") { Description = "pcap/pcapng capture holding the MoldUDP64 session" };
        var port = new Option<int>("--port", "-p") { Description = "UDP port to answer re-requests on", Required = true };
        var bind = new Option<string>("--bind") { Description = "address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var session = new Option<string?>("--session") { Description = "session to serve (default: the first one in the capture)" };
        var feedPort = new Option<int?>("--feed-port") { Description = "only load datagrams sent to this UDP port" };
        var maxPerRequest = new Option<int>("--max-per-request") { Description = "messages served per request at most", DefaultValueFactory = _ => 1000 };
        var secondsOption = new Option<double?>("--seconds") { Description = "stop after this long (default: until Ctrl+C)" };

        var command = new Command("mold-server", "Answer MoldUDP64 re-requests from a capture")
        {
            capture, port, bind, session, feedPort, maxPerRequest, secondsOption,
        };
        command.SetAction(r =>
        {
            int listenPort = r.GetValue(port);
            int? onlyPort = r.GetValue(feedPort);
            int max = r.GetValue(maxPerRequest);
            string? name = r.GetValue(session);
            double? seconds = r.GetValue(secondsOption);
            bool bound = IPAddress.TryParse(r.GetValue(bind), out IPAddress? address);
            string? error = listenPort is < 0 or > 65535 ? $"--port {listenPort}: must be 0-65535"
                : onlyPort is < 0 or > 65535 ? $"--feed-port {onlyPort}: must be 0-65535"
                : max < 1 ? $"--max-per-request {max}: must be positive"
                : !bound ? $"--bind {r.GetValue(bind)}: not an IP address"
                : name is { Length: > MoldPacket.SessionLength } ? $"--session '{name}': at most {MoldPacket.SessionLength} characters"
                : seconds is < 0 or double.NaN ? $"--seconds {seconds}: must be 0 or more"
                : null;
            if (error is not null || address is null)
            {
                Console.Error.WriteLine($"gw mold-server: {error}");
                return ExitCodes.Usage;
            }

            MoldMessageStore store;
            try
            {
                store = MoldMessageStore.FromCapture(r.GetValue(capture)!, name, onlyPort is null ? null : (ushort)onlyPort.Value);
            }
            catch (PacketSourceException ex)
            {
                Console.Error.WriteLine($"gw mold-server: {ex.Message}");
                return ExitCodes.BadInput;
            }

            if (store.Count == 0)
            {
                Console.Error.WriteLine("gw mold-server: no MoldUDP64 messages of that session in the capture");
                return ExitCodes.BadInput;
            }

            var options = new MoldRerequestServerOptions { Listen = new IPEndPoint(address, listenPort), MaxMessagesPerRequest = max };
            MoldRerequestServer server;
            try
            {
                server = new MoldRerequestServer(store, options);
            }
            catch (SocketException ex)
            {
                Console.Error.WriteLine($"gw mold-server: cannot listen on {options.Listen}: {ex.Message}");
                return ExitCodes.Usage;
            }

            using (server)
            using (var stop = new ManualResetEventSlim())
            {
                ConsoleCancelEventHandler onCancel = (_, e) =>
                {
                    e.Cancel = true;
                    stop.Set();
                };
                Console.CancelKeyPress += onCancel;
                server.Start();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"serving {store.Count:N0} messages of session '{MoldSessionName.ToText(store.Session)}' ({store.MemoryBytes / 1048576.0:N1} MiB) on {server.LocalEndPoint}"));
                if (seconds is double s)
                {
                    stop.Wait(TimeSpan.FromSeconds(s));
                }
                else
                {
                    stop.Wait();
                }

                Console.CancelKeyPress -= onCancel;
                server.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"requests {server.Requests:N0}, garbled {server.GarbledRequests:N0}, packets sent {server.PacketsSent:N0}, messages sent {server.MessagesSent:N0}"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
