using System.CommandLine;
using Gateway.Host.Replay;

namespace Gateway.Host;

/// <summary>The <c>gw</c> command line: one binary, one subcommand per job.</summary>
internal static class GwCommand
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("Gateway: kernel-bypass market-data and order gateway")
        {
            ReplayCommand.Create(),
            GenCommand.Create(),
            MoldServerCommand.Create(),
            Fix.VenueCommand.Create(),
            Fix.FixClientCommand.Create(),
            LatencyCommand.Create(),
            VersionCommand.Create(),
            Gateway.Host.Run.RunCommand.Create(),
            Gateway.Host.Run.ControlCommand.Create(),
        };
        // Exceptions reach Program.Main, which turns them into one line and an exit code (never a
        // stack trace); Ctrl+C and SIGTERM are each command's own business (StopSignal).
        return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }
}
