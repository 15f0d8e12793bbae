using System.Diagnostics;

namespace Gateway.Core.Agents;

/// <summary>
/// Runs one <see cref="IAgent"/> on a dedicated thread until stopped or the agent returns a
/// negative work count. Cold wiring only: the loop itself is <see cref="RunLoop{TIdle}"/>.
/// </summary>
public sealed class AgentRunner : IDisposable
{
    private readonly IAgent _agent;
    private readonly IdleStrategyKind _idle;
    private readonly Action? _onThreadStart;
    private readonly Thread _thread;
    private volatile bool _running;
    private Exception? _failure;

    /// <param name="onThreadStart">Runs first on the new thread (pinning, mlock).</param>
    public AgentRunner(IAgent agent, IdleStrategyKind idle, Action? onThreadStart = null)
    {
        _agent = agent;
        _idle = idle;
        _onThreadStart = onThreadStart;
        _thread = new Thread(Run) { Name = agent.Name, IsBackground = true };
    }

    public IAgent Agent => _agent;

    /// <summary>The exception that ended the agent, if one did.</summary>
    public Exception? Failure => _failure;

    public bool IsRunning => _thread.IsAlive;

    public void Start()
    {
        _running = true;
        _thread.Start();
    }

    /// <summary>Asks the loop to stop after the current <c>DoWork</c>.</summary>
    public void RequestStop() => _running = false;

    /// <summary>Waits for the thread to end; false if it did not within the timeout.</summary>
    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    public void Dispose()
    {
        RequestStop();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        try
        {
            _onThreadStart?.Invoke();
            _agent.OnStart();
            switch (_idle)
            {
                case IdleStrategyKind.BusySpin:
                    RunLoop(_agent, new BusySpinIdle());
                    break;
                default:
                    RunLoop(_agent, new BackoffIdle());
                    break;
            }
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
        finally
        {
            try
            {
                _agent.OnClose();
            }
            catch (Exception ex)
            {
                _failure ??= ex;
            }

            _running = false;
        }
    }

    private void RunLoop<TIdle>(IAgent agent, TIdle idle)
        where TIdle : struct, IIdleStrategy
    {
        while (_running)
        {
            int work = agent.DoWork();
            if (work < 0)
            {
                return;
            }

            idle.Idle(work);
        }
    }

    /// <summary>Elapsed time helper for callers that time a run.</summary>
    public static double SecondsSince(long startTimestamp) =>
        Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
