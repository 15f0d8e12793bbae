using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.OrderEntry.Fix;

namespace Gateway.Host.Tests.Conformance;

/// <summary>
/// One script of the conformance suite (tests/conformance/*.fixs): a FIX Session-level Test Case
/// written as the counterparty's side of the conversation, played over TCP against the real
/// <c>gw venue</c> (role acceptor: the script connects) or <c>gw fix-client</c> (role initiator: the
/// script listens). The format is in tests/conformance/README.md.
/// </summary>
internal sealed class FixScript
{
    private FixScript(string name) => Name = name;

    public string Name { get; }

    public string Title { get; private set; } = "";

    public HashSet<string> Roles { get; } = [];

    public Dictionary<string, List<string>> Args { get; } = new() { ["acceptor"] = [], ["initiator"] = [] };

    public Dictionary<string, string> Env { get; } = [];

    public int Heartbeat { get; private set; } = 30;

    public List<(int Line, string Text)> Steps { get; } = [];

    public static string Directory => Path.Combine(Repo.Root, "tests", "conformance");

    public static IEnumerable<string> Names(string role) =>
        System.IO.Directory.GetFiles(Directory, "*.fixs").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)
            .Where(n => Load(n!).Roles.Contains(role))!;

    public static FixScript Load(string name)
    {
        var script = new FixScript(name);
        int n = 0;
        foreach (string raw in File.ReadAllLines(Path.Combine(Directory, name + ".fixs")))
        {
            n++;
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                if (script.Title.Length == 0)
                {
                    script.Title = line.TrimStart('#', ' ');
                }

                continue;
            }

            if (line.StartsWith("roles:", StringComparison.Ordinal))
            {
                foreach (string r in line[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    script.Roles.Add(r);
                }
            }
            else if (line.StartsWith("args ", StringComparison.Ordinal))
            {
                // args <role>: --option value ...
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                script.Args[line[5..colon].Trim()].AddRange(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (line.StartsWith("env ", StringComparison.Ordinal))
            {
                string[] kv = line[4..].Split('=', 2);
                script.Env[kv[0].Trim()] = kv[1].Trim();
            }
            else if (line.StartsWith("heartbeat ", StringComparison.Ordinal))
            {
                script.Heartbeat = int.Parse(line[10..], CultureInfo.InvariantCulture);
            }
            else
            {
                script.Steps.Add((n, line));
            }
        }

        if (script.Roles.Count == 0)
        {
            throw new InvalidDataException($"{name}.fixs: no 'roles:' line");
        }

        return script;
    }
}

/// <summary>Plays a <see cref="FixScript"/> against a freshly started target; fails with the transcript.</summary>
internal sealed class FixScriptRunner : IDisposable
{
    private const string Soh = "\u0001";
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(5);

    private readonly FixScript _script;
    private readonly string _role;
    private readonly TempDir _dir = new();
    private readonly StringBuilder _transcript = new();
    private readonly string _us;
    private readonly string _them;
    private LiveProcess? _target;
    private TcpListener? _listener;
    private Socket? _socket;
    private List<byte> _rx = [];
    private readonly Dictionary<string, (Socket? Socket, List<byte> Rx)> _connections = [];
    private string _current = "main";
    private long _seq = 1;
    private int _port;
    private int _lastLine;

    public FixScriptRunner(FixScript script, string role)
    {
        _script = script;
        _role = role;
        // The script plays the counterparty: GATEWAY against gw venue, VENUE against gw fix-client.
        (_us, _them) = role == "acceptor" ? ("GATEWAY", "VENUE") : ("VENUE", "GATEWAY");
    }

    /// <summary>gw itself: the NativeAOT build when tools/build.sh made one, the test build's gw.dll otherwise.</summary>
    private static LiveProcess StartGw(IEnumerable<string> args, IDictionary<string, string> env)
    {
        string aot = Path.Combine(Repo.Root, "build", "aot", "gw");
        foreach ((string k, string v) in env)
        {
            Environment.SetEnvironmentVariable(k, v); // inherited by the child; cleared in Dispose
        }

        return File.Exists(aot) ? LiveProcess.Start(aot, [.. args]) : LiveProcess.Gw([.. args]);
    }

    public void Run()
    {
        try
        {
            Start();
            foreach ((int line, string text) in _script.Steps)
            {
                _lastLine = line;
                Log($"   {line,3}  {text}");
                Step(text);
            }
        }
        catch (ScriptFailure f)
        {
            Assert.Fail($"{_script.Name} ({_role}) line {_lastLine}: {f.Message}\n--- transcript ---\n{_transcript}\n--- target ---\n{_target}");
        }
    }

    /// <summary>
    /// GW_CONFORMANCE_PEER=quickfix plays the same scripts against QuickFIX C++ (build/native/qf_peer)
    /// instead of gw: the comparison the suite exists for. Options only gw has are not passed on.
    /// </summary>
    private static bool AgainstQuickFix => Environment.GetEnvironmentVariable("GW_CONFORMANCE_PEER") == "quickfix";

    private void StartQuickFix(string store)
    {
        string peer = Path.Combine(Repo.Root, "build", "native", "qf_peer");
        List<string> args = _script.Args[_role];
        int mode = args.IndexOf("--mode");
        string[] common = ["--store", store, "--heartbeat", Num(_script.Heartbeat), "--timeout", "120"];
        if (_role == "acceptor")
        {
            _port = LiveProcess.FreePort();
            _target = LiveProcess.Start(peer, ["--role", "acceptor", "--port", Num(_port), "--sender", "VENUE", "--target", "GATEWAY",
                "--mode", mode >= 0 ? args[mode + 1] : "echo", "--reset-on-logon", args.Contains("--reset-on-logon") ? "Y" : "N", .. common]);
            _target.WaitForLine("READY");
        }
        else
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _target = LiveProcess.Start(peer, ["--role", "initiator", "--port", Num(_port), "--sender", "GATEWAY", "--target", "VENUE", "--orders", "0", .. common]);
        }
    }

    private void Start()
    {
        string store = _dir.File("store");
        if (AgainstQuickFix)
        {
            StartQuickFix(store);
        }
        else if (_role == "acceptor")
        {
            _port = LiveProcess.FreePort();
            _target = StartGw(
                ["venue", "--port", Num(_port), "--store", store,
                 .. (_script.Args["acceptor"].Contains("--mode") ? (string[])[] : ["--mode", "echo"]), .. _script.Args["acceptor"]], _script.Env);
            _target.WaitForLine("LISTENING");
        }
        else
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _target = StartGw(
                ["fix-client", "--port", Num(_port), "--store", store, "--orders", "0", "--linger", "300", "--timeout", "300",
                 "--heartbeat", Num(_script.Heartbeat), .. _script.Args["initiator"]], _script.Env);
        }
    }

    private void Step(string text)
    {
        string op = text.Split(' ', 2)[0];
        string rest = text.Length > op.Length ? text[(op.Length + 1)..].Trim() : "";
        switch (op)
        {
            case "connect":
                Park();
                _current = rest.Length == 0 ? "main" : rest;
                _rx = [];
                Connect();
                break;
            case "use":
                // Switch to another connection opened with "connect NAME" ("main" is the first).
                Park();
                _current = rest;
                (_socket, _rx) = _connections[rest];
                break;
            case "close":
                _socket?.Dispose();
                _socket = null;
                _rx.Clear();
                break;
            case "logon":
                Logon(rest);
                break;
            case "seq":
                _seq = long.Parse(rest, CultureInfo.InvariantCulture);
                break;
            case "wait":
                Thread.Sleep(TimeSpan.FromSeconds(double.Parse(rest, CultureInfo.InvariantCulture)));
                break;
            case "terminate":
                _target!.Terminate();
                break;
            case ">":
                SendFields(rest);
                break;
            case ">raw":
                SendRaw(rest, 0, 0);
                break;
            case ">rawlen":
                SendRaw(rest.Split(' ', 2)[1], int.Parse(rest.Split(' ', 2)[0], CultureInfo.InvariantCulture), 0);
                break;
            case ">rawcs":
                SendRaw(rest.Split(' ', 2)[1], 0, int.Parse(rest.Split(' ', 2)[0], CultureInfo.InvariantCulture));
                break;
            case ">bytes":
                Send(Encoding.ASCII.GetBytes(Expand(rest).Replace("|", Soh, StringComparison.Ordinal)));
                break;
            case "<":
                Expect(rest);
                break;
            case "<disconnect":
                ExpectDisconnect(rest.Length == 0 ? DefaultWait : TimeSpan.FromSeconds(double.Parse(rest, CultureInfo.InvariantCulture)));
                break;
            case "<silence":
                ExpectSilence(TimeSpan.FromSeconds(double.Parse(rest, CultureInfo.InvariantCulture)));
                break;
            default:
                throw new ScriptFailure($"unknown step '{op}'");
        }
    }

    private void Park() => _connections[_current] = (_socket, _rx);

    private void Connect()
    {
        _rx.Clear();
        if (_role == "acceptor")
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            s.Connect(IPAddress.Loopback, _port);
            _socket = s;
        }
        else
        {
            Task<Socket> accept = _listener!.AcceptSocketAsync();
            if (!accept.Wait(TimeSpan.FromSeconds(15)))
            {
                throw new ScriptFailure("gw fix-client did not connect within 15 s");
            }

            _socket = accept.Result;
            _socket.NoDelay = true;
        }

        Log("       (connected)");
    }

    /// <summary>Acceptor target: our Logon, then its answer. Initiator target: its Logon, then our answer.</summary>
    private void Logon(string extra)
    {
        string tail = extra.Length == 0 ? "" : "|" + extra;
        if (_role == "acceptor")
        {
            SendFields($"35=A|98=0|108={_script.Heartbeat}{tail}");
            Expect("35=A");
        }
        else
        {
            Dictionary<int, string> theirs = Expect("35=A|98=0");
            SendFields($"35=A|98=0|108={theirs[108]}{tail}");
        }
    }

    // ---- sending ------------------------------------------------------------------------------

    /// <summary>"35=X|..." with 49, 56, 34 and 52 filled in where the script leaves them out.</summary>
    private void SendFields(string fields)
    {
        List<string> list = [.. Expand(fields).Split('|', StringSplitOptions.RemoveEmptyEntries)];
        bool Has(string tag) => list.Exists(f => f.StartsWith(tag + "=", StringComparison.Ordinal));
        var header = new List<string>();
        if (!Has("49"))
        {
            header.Add("49=" + _us);
        }

        if (!Has("56"))
        {
            header.Add("56=" + _them);
        }

        if (!Has("34"))
        {
            header.Add("34=" + Num(_seq++));
        }

        if (!Has("52"))
        {
            header.Add("52=" + Timestamp(0));
        }

        list.InsertRange(1, header);
        SendRaw(string.Join('|', list) + "|", 0, 0, expanded: true);
    }

    /// <summary>The body as written (from 35= on, or from 8= to choose the BeginString); BodyLength and CheckSum computed, optionally off by a delta.</summary>
    private void SendRaw(string body, int lengthDelta, int checksumDelta, bool expanded = false)
    {
        string text = expanded ? body : Expand(body);
        if (!text.EndsWith('|'))
        {
            text += "|";
        }

        string begin = "8=FIX.4.4";
        if (text.StartsWith("8=", StringComparison.Ordinal))
        {
            int bar = text.IndexOf('|', StringComparison.Ordinal);
            begin = text[..bar];
            text = text[(bar + 1)..];
        }

        byte[] b = Encoding.ASCII.GetBytes(text.Replace("|", Soh, StringComparison.Ordinal).Replace("{SOH}", Soh, StringComparison.Ordinal));
        // {SOH} stood for an SOH inside a value: the '|' replacement above left its braces alone.
        byte[] head = Encoding.ASCII.GetBytes($"{begin}{Soh}9={b.Length + lengthDelta}{Soh}");
        int sum = head.Sum(x => x) + b.Sum(x => x) + checksumDelta;
        byte[] trailer = Encoding.ASCII.GetBytes($"10={((sum % 256) + 256) % 256:D3}{Soh}");
        Send([.. head, .. b, .. trailer]);
    }

    private void Send(byte[] bytes)
    {
        if (_socket is null)
        {
            throw new ScriptFailure("send without a connection");
        }

        Log("    >> " + Show(bytes));
        try
        {
            _socket.Send(bytes);
        }
        catch (SocketException e)
        {
            throw new ScriptFailure($"send failed: {e.SocketErrorCode}");
        }
    }

    private string Expand(string text)
    {
        text = text.Replace("{us}", _us, StringComparison.Ordinal).Replace("{them}", _them, StringComparison.Ordinal);
        var sb = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf("{now", i, StringComparison.Ordinal);
            if (open < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }

            int close = text.IndexOf('}', open);
            sb.Append(text, i, open - i);
            string offset = text[(open + 4)..close];
            sb.Append(Timestamp(offset.Length == 0 ? 0 : double.Parse(offset, CultureInfo.InvariantCulture)));
            i = close + 1;
        }

        return sb.ToString();
    }

    private static string Timestamp(double offsetSeconds) =>
        DateTime.UtcNow.AddSeconds(offsetSeconds).ToString("yyyyMMdd-HH:mm:ss.fff", CultureInfo.InvariantCulture);

    // ---- receiving ----------------------------------------------------------------------------

    /// <summary>The next message other than a plain Heartbeat (unless a Heartbeat is expected) must match.</summary>
    private Dictionary<int, string> Expect(string expectation)
    {
        List<(int Tag, string Value)> want = Parse(expectation);
        bool heartbeat = want.Exists(w => w.Tag == 35 && w.Value == "0");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Dictionary<int, string>? got = Read(DefaultWait - deadline.Elapsed);
            if (got is null)
            {
                throw new ScriptFailure($"expected {expectation}: nothing arrived within {DefaultWait.TotalSeconds} s");
            }

            if (got.Count == 0)
            {
                throw new ScriptFailure($"expected {expectation}: the target disconnected");
            }

            if (!heartbeat && IsPlainHeartbeat(got))
            {
                continue;
            }

            foreach ((int tag, string value) in want)
            {
                bool has = got.TryGetValue(tag, out string? actual);
                bool ok = value switch
                {
                    "*" => has,
                    "!" => !has,
                    _ when value.StartsWith('~') => has && actual!.Contains(value[1..], StringComparison.OrdinalIgnoreCase),
                    _ => has && actual == value,
                };
                if (!ok)
                {
                    throw new ScriptFailure($"expected {expectation}: tag {tag} is {(has ? "'" + actual + "'" : "absent")}");
                }
            }

            return got;
        }
    }

    private void ExpectDisconnect(TimeSpan within)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            Dictionary<int, string>? got = Read(within - sw.Elapsed);
            if (got is null)
            {
                throw new ScriptFailure($"expected a disconnect within {within.TotalSeconds} s; the connection is still open");
            }

            if (got.Count == 0)
            {
                _socket!.Dispose();
                _socket = null;
                return;
            }

            if (!IsPlainHeartbeat(got))
            {
                throw new ScriptFailure($"expected a disconnect, got 35={got.GetValueOrDefault(35)}");
            }
        }
    }

    private void ExpectSilence(TimeSpan span)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < span)
        {
            Dictionary<int, string>? got = Read(span - sw.Elapsed);
            if (got is null)
            {
                return;
            }

            if (got.Count == 0)
            {
                throw new ScriptFailure("expected silence: the target disconnected");
            }

            if (!IsPlainHeartbeat(got))
            {
                throw new ScriptFailure($"expected silence, got 35={got.GetValueOrDefault(35)}");
            }
        }
    }

    private static bool IsPlainHeartbeat(Dictionary<int, string> m) => m.GetValueOrDefault(35) == "0" && !m.ContainsKey(112);

    /// <summary>The next whole message as tag -> first value; empty on EOF; null when nothing came in time.</summary>
    private Dictionary<int, string>? Read(TimeSpan timeout)
    {
        if (_socket is null)
        {
            throw new ScriptFailure("receive without a connection");
        }

        var sw = Stopwatch.StartNew();
        byte[] buffer = new byte[8192];
        while (true)
        {
            byte[] pending = [.. _rx];
            FixFrame frame = FixFramer.Next(pending);
            if (frame.Status == FixFrameStatus.Complete)
            {
                byte[] message = pending[..frame.Length];
                _rx.RemoveRange(0, frame.Length);
                Log("    << " + Show(message));
                return Fields(message);
            }

            if (frame.Status == FixFrameStatus.Garbled)
            {
                throw new ScriptFailure("the target sent bytes that do not frame: " + Show(pending));
            }

            TimeSpan left = timeout - sw.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            if (!_socket.Poll((int)Math.Min(int.MaxValue, left.TotalMicroseconds), SelectMode.SelectRead))
            {
                return null;
            }

            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                n = 0;
            }

            if (n == 0)
            {
                Log("    << (disconnected)");
                return [];
            }

            _rx.AddRange(buffer.AsSpan(0, n));
        }
    }

    private static Dictionary<int, string> Fields(byte[] message)
    {
        var fields = new Dictionary<int, string>();
        foreach (string f in Encoding.ASCII.GetString(message).Split(Soh, StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = f.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && int.TryParse(f.AsSpan(0, eq), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int tag))
            {
                fields.TryAdd(tag, f[(eq + 1)..]);
            }
        }

        return fields;
    }

    private static List<(int Tag, string Value)> Parse(string expectation) =>
        [.. expectation.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(f =>
        {
            int eq = f.IndexOf('=', StringComparison.Ordinal);
            return (int.Parse(f.AsSpan(0, eq), CultureInfo.InvariantCulture), f[(eq + 1)..]);
        })];

    private static string Show(byte[] b) => Encoding.ASCII.GetString(b).Replace(Soh, "|", StringComparison.Ordinal);

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private void Log(string line) => _transcript.AppendLine(line);

    public void Dispose()
    {
        _socket?.Dispose();
        foreach ((Socket? socket, _) in _connections.Values)
        {
            socket?.Dispose();
        }

        _listener?.Stop();
        if (_target is { HasExited: false })
        {
            _target.KillHard();
        }

        _target?.Dispose();
        foreach (string k in _script.Env.Keys)
        {
            Environment.SetEnvironmentVariable(k, null);
        }

        _dir.Dispose();
    }

    private sealed class ScriptFailure(string message) : Exception(message);
}
