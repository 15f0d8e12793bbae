using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using Gateway.Engine;
using Gateway.Host.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Host.Run;

/// <summary>
/// <c>gw run --config FILE</c>: the production entry point. The configuration is bound and
/// validated before anything starts (a bad value stops start-up with one line naming the key); the
/// gateway then runs as a Microsoft.Extensions.Hosting service, with systemd integration (it
/// notifies readiness and stops cleanly on SIGTERM when systemd runs it).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "gateway configuration (JSON); --Section:Key=value overrides any key" };
        var statsOut = new Option<string?>("--stats-out") { Description = "at exit, write the engine's statistics as JSON to FILE" };
        var command = new Command("run", "Run the gateway: feed, books, strategy, pre-trade risk and the venue session, until SIGTERM") { config, statsOut };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            // Live defaults, under the file: the wall clock for the strategy, a source that never ends on its own.
            var defaults = new Dictionary<string, string?>
            {
                ["Engine:LiveClock"] = "true",
                // Market data flows at once; orders are refused (venue_down) until the venue accepts the logon.
                ["Venue:LogonWaitSeconds"] = "0",
            };
            GatewayOptions? options = GatewayConfiguration.Load(result.GetValue(config), defaults, new Dictionary<string, string?>(),
                [.. result.UnmatchedTokens], out List<string> errors);
            if (options is null)
            {
                foreach (string error in errors)
                {
                    Console.Error.WriteLine($"gw run: {error}");
                }

                return ExitCodes.Usage;
            }

            string? stats = result.GetValue(statsOut);
            string? outputError = Gateway.Engine.Output.OutputFiles.Check(options.Feed.Capture is { } c ? [c] : [],
                [("--stats-out", stats), ("Engine:OrdersOut", options.Engine.OrdersOut), ("Engine:Journal", options.Engine.Journal)]);
            if (outputError is not null)
            {
                Console.Error.WriteLine($"gw run: {outputError}");
                return ExitCodes.Usage;
            }

            return Run(options, new RunSettings(stats));
        });
        return command;
    }

    private static int Run(GatewayOptions options, RunSettings run)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.Engine.DrainSeconds + 20));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(run);
        builder.Services.AddSingleton<GatewayService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GatewayService>());
        using IHost host = builder.Build();
        GatewayService service = host.Services.GetRequiredService<GatewayService>();
        try
        {
            host.Run();
        }
        catch (GatewayStartException)
        {
            // Said already, in one line.
        }

        return service.ExitCode;
    }
}

/// <summary><c>gw control --socket PATH COMMAND</c>: the client of <c>gw run</c>'s control socket (kill, resume, clear-stale, status, stop).</summary>
internal static class ControlCommand
{
    public static Command Create()
    {
        var socket = new Option<string>("--socket") { Description = "the gateway's control socket (Control:Socket)", Required = true };
        var verb = new Argument<string>("command") { Description = "kill (engage the kill switch), resume (release it), clear-stale (allow orders again after a feed loss), status, stop" };
        verb.AcceptOnlyFromAmong("kill", "resume", "clear-stale", "status", "stop");
        var command = new Command("control", "Send a command to a running gateway (gw run)") { socket, verb };
        command.SetAction(r =>
        {
            string path = r.GetValue(socket)!;
            try
            {
                using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                s.Connect(new UnixDomainSocketEndPoint(path));
                s.ReceiveTimeout = 5000;
                s.Send(Encoding.ASCII.GetBytes(r.GetValue(verb) + "\n"));
                byte[] buffer = new byte[1024];
                int n = s.Receive(buffer);
                string answer = Encoding.ASCII.GetString(buffer, 0, n).Trim();
                Console.Out.WriteLine(answer);
                return answer.StartsWith("OK", StringComparison.Ordinal) ? ExitCodes.Ok : ExitCodes.Usage;
            }
            catch (SocketException e)
            {
                Console.Error.WriteLine($"gw control: cannot reach a gateway at {path}: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
