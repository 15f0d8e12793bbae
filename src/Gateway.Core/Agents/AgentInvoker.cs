namespace Gateway.Core.Agents;

/// <summary>
/// Drives an <see cref="IAgent"/> on the caller's thread: the same agent an <see cref="AgentRunner"/>
/// runs on a thread of its own, stepped by a test or a command-line tool instead. <see cref="Start"/>
/// calls <c>OnStart</c>, each <see cref="Invoke"/> one <c>DoWork</c>, <see cref="Close"/> <c>OnClose</c>.
/// </summary>
public sealed class AgentInvoker : IDisposable
{
    private readonly IAgent _agent;
    private bool _started;
    private bool _closed;

    public AgentInvoker(IAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        _agent = agent;
    }

    public IAgent Agent => _agent;

    /// <summary>True once the agent asked to stop (a negative work count) or <see cref="Close"/> was called.</summary>
    public bool IsClosed => _closed;

    public void Start()
    {
        if (_started)
        {
            ThrowHelper.InvalidOperation("agent already started");
        }

        _started = true;
        _agent.OnStart();
    }

    /// <summary>One <c>DoWork</c>; returns its work count (0 and nothing done once closed). A negative count closes the agent.</summary>
    public int Invoke()
    {
        if (!_started)
        {
            Start();
        }

        if (_closed)
        {
            return 0;
        }

        int work = _agent.DoWork();
        if (work < 0)
        {
            Close();
        }

        return work;
    }

    /// <summary>Invokes until the agent stops or <paramref name="timeout"/> passes, idling with <typeparamref name="TIdle"/>; false on timeout.</summary>
    public bool RunUntilClosed<TIdle>(TIdle idle, TimeSpan timeout)
        where TIdle : struct, IIdleStrategy
    {
        long deadline = MonotonicClock.NowNs() + (long)timeout.TotalNanoseconds;
        while (!_closed)
        {
            idle.Idle(Invoke());
            if (MonotonicClock.NowNs() - deadline > 0)
            {
                return false;
            }
        }

        return true;
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_started)
        {
            _agent.OnClose();
        }
    }

    public void Dispose() => Close();
}
