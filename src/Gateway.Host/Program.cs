namespace Gateway.Host;

internal static class Program
{
    private static int Main(string[] args)
    {
        // The console streams open their descriptors lazily; opened now, a later log line cannot
        // fail for want of a descriptor when a connection flood has used them all (EMFILE).
        Console.Out.Flush();
        Console.Error.Flush();
        return GwCommand.Run(args);
    }
}
