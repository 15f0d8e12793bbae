using Gateway.Core;
using Gateway.Core.Agents;
using Gateway.OrderEntry.Session;

namespace Gateway.Engine.Sessions;

/// <summary>
/// FIX sessions without a feed, as an agent: <c>gw venue</c> (an acceptor) and <c>gw fix-client</c>
/// (an initiator and the client's own order driver). Each <see cref="DoWork"/> pumps the sessions,
/// then the application's step; after <see cref="RequestStop"/>, the time limit, or the
/// application saying it is done, the sessions log out (bounded) and the agent ends.
/// Runs under <see cref="AgentRunner"/> or <see cref="AgentLoop"/> like the gateway engine.
/// </summary>
public sealed class SessionAgent : IAgent
{
    private const long LogoutLimitNs = 3_000_000_000;

    private readonly FixAcceptor? _acceptor;
    private readonly FixInitiator? _initiator;
    private readonly IAgent? _application;
    private readonly long _endNs;
    private readonly string _stopReason;
    private long _logoutDeadline;
    private volatile bool _stopRequested;
    private bool _loggingOut;

    /// <param name="application">Called after the sessions each turn; a negative return means it is done (the sessions then log out).</param>
    /// <param name="timeLimit">Stop after this long (null: until asked).</param>
    public SessionAgent(FixAcceptor? acceptor, FixInitiator? initiator, IAgent? application, TimeSpan? timeLimit, string stopReason)
    {
        if ((acceptor is null) == (initiator is null))
        {
            throw new ArgumentException("a session agent runs either an acceptor or an initiator");
        }

        _acceptor = acceptor;
        _initiator = initiator;
        _application = application;
        _stopReason = stopReason;
        _endNs = timeLimit is { } t ? MonotonicClock.NowNs() + (long)t.TotalNanoseconds : long.MaxValue;
    }

    public string Name => _acceptor?.Name ?? _initiator!.Name;

    public SteadyStateMarks Marks { get; } = new();

    /// <summary>Why the sessions were logged out (set when stopping begins).</summary>
    public string? StopReason { get; private set; }

    /// <summary>From any thread (a signal): log out and end.</summary>
    public void RequestStop() => _stopRequested = true;

    public void OnStart()
    {
        Marks.OnThreadStart();
        _application?.OnStart();
    }

    public int DoWork()
    {
        int work = _acceptor?.DoWork() ?? _initiator!.DoWork();
        if (_loggingOut)
        {
            bool down = _acceptor?.AllDisconnected ?? _initiator!.IsStopped;
            return down || MonotonicClock.NowNs() - _logoutDeadline > 0 ? -1 : work;
        }

        if (_application is not null)
        {
            int step = _application.DoWork();
            if (step < 0)
            {
                BeginLogout(_stopReason);
                return 1;
            }

            work += step;
        }

        if (_stopRequested || MonotonicClock.NowNs() - _endNs > 0)
        {
            BeginLogout(_stopRequested ? "stopped" : "time limit");
        }

        return work;
    }

    private void BeginLogout(string reason)
    {
        Marks.MarkEnd();
        StopReason = reason;
        _loggingOut = true;
        _logoutDeadline = MonotonicClock.NowNs() + LogoutLimitNs;
        if (_acceptor is not null)
        {
            _acceptor.LogoutAll(_stopReason);
        }
        else
        {
            _initiator!.Stop(_stopReason);
        }
    }

    public void OnClose()
    {
        Marks.MarkEnd();
        _application?.OnClose();
    }
}
