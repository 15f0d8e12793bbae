namespace Gateway.Host;

internal static class GwCommand
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine($"gw: no commands yet ({args.Length} arguments)");
        return 1;
    }
}
