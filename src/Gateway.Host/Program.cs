namespace Gateway.Host;

internal static class Program
{
    private static int Main(string[] args) => GwCommand.Run(args);
}
