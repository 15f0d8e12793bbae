namespace Gateway.Host;

internal static class Program
{
    private static int Main(string[] args)
    {
        // The console streams open their descriptors lazily; opened now, a later log line cannot
        // fail for want of a descriptor when a connection flood has used them all (EMFILE).
        Console.Out.Flush();
        Console.Error.Flush();
        try
        {
            return GwCommand.Run(args);
        }
        catch (IOException e)
        {
            // Typically standard output on a full disk or a closed pipe: the commands handle their own files.
            return Fail(ExitCodes.OutputFailed, $"gw: cannot write output: {e.Message}", e);
        }
        catch (Exception e)
        {
            return Fail(ExitCodes.Internal, $"gw: internal error: {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>One line on stderr (the stack trace too with GW_DEBUG=1), and the exit code.</summary>
    private static int Fail(int code, string line, Exception e)
    {
        try
        {
            Console.Error.WriteLine(line);
            if (Environment.GetEnvironmentVariable("GW_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }
        }
        catch (IOException)
        {
            // standard error is gone too: the exit code is all that is left
        }

        return code;
    }
}
