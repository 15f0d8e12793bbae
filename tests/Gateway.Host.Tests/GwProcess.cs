using System.Diagnostics;
using System.Text.Json;

namespace Gateway.Host.Tests;

/// <summary>Runs the real <c>gw</c> as a child process: DPDK's EAL can start once per process, and exit codes are part of the contract.</summary>
internal static class GwProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
    }

    public static string GwDll => Path.Combine(AppContext.BaseDirectory, "gw.dll");

    public static Result Run(IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutSeconds = 120) =>
        RunProgram("dotnet", [GwDll, .. args], environment, timeoutSeconds);

    /// <summary>Any program, its exit code and both streams (unlike <see cref="Tool"/>, a failure is a result, not an exception).</summary>
    public static Result RunProgram(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                start.Environment[k] = v;
            }
        }

        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }

        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Run(params string[] args) => Run((IEnumerable<string>)args);

    public static JsonElement ReadJson(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>Reads a <c>--payloads-out</c> file: [u32 LE length][bytes] records.</summary>
    public static List<byte[]> ReadPayloads(string path)
    {
        byte[] all = File.ReadAllBytes(path);
        var list = new List<byte[]>();
        int o = 0;
        while (o < all.Length)
        {
            int len = BitConverter.ToInt32(all, o);
            list.Add(all.AsSpan(o + 4, len).ToArray());
            o += 4 + len;
        }

        return list;
    }

    /// <summary>Runs an external tool (tshark, editcap) and returns its stdout; fails the test if it fails.</summary>
    public static string Tool(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}");
        }

        return stdout.Result;
    }
}

/// <summary>A temporary folder per test class, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gw-host-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Files in the repository (the bundled captures).</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Gateway.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Pcap(string name) => Path.Combine(Root, "pcaps", name);
}
