using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Host.Tests;

/// <summary>
/// A long-running child process (gw venue, qf_peer) whose output the test watches line by line:
/// wait for a line, send a signal, kill -9, read everything it printed.
/// </summary>
internal sealed class LiveProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly string _name;

    private LiveProcess(string file, IEnumerable<string> args)
    {
        _name = Path.GetFileName(file) + " " + string.Join(' ', args);
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stdout)
                {
                    _stdout.AppendLine(e.Data);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The real <c>gw</c> (the test build's gw.dll under dotnet).</summary>
    public static LiveProcess Gw(params string[] args) => new("dotnet", [GwProcess.GwDll, .. args]);

    public static LiveProcess Start(string file, params string[] args) => new(file, args);

    public string StdOut
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StdErr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string[] Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool HasExited => _process.HasExited;

    /// <summary>The process id (to send it a signal).</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until <paramref name="condition"/> holds on the output so far; fails the test with both streams otherwise.</summary>
    public void WaitFor(Func<string[], bool> condition, string what, int timeoutSeconds = 30)
    {
        var sw = Stopwatch.StartNew();
        while (!condition(Lines))
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(timeoutSeconds) || (_process.HasExited && !condition(Lines)))
            {
                _process.WaitForExit(500);
                Assert.Fail($"{_name}: {what} did not happen (exited: {_process.HasExited}).\n{this}");
            }

            Thread.Sleep(20);
        }
    }

    public void WaitForLine(string prefix, int timeoutSeconds = 30) =>
        WaitFor(lines => lines.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)), $"a line starting '{prefix}'", timeoutSeconds);

    /// <summary>Waits for a normal exit and returns the exit code; fails the test on timeout.</summary>
    public int WaitForExit(int timeoutSeconds = 60)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"{_name} did not exit within {timeoutSeconds} s.\n{this}");
        }

        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>SIGTERM: the process is expected to log out and exit by itself.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }
    }

    /// <summary>SIGINT, as Ctrl+C on a terminal sends it.</summary>
    public void Interrupt()
    {
        if (!_process.HasExited)
        {
            using Process kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }
    }

    /// <summary>kill -9: no chance to flush, log out or close anything.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public override string ToString() => $"--- stdout ---\n{StdOut}--- stderr ---\n{StdErr}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    /// <summary>A loopback TCP port nobody listens on right now.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
