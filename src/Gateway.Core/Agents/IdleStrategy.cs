using System.Runtime.CompilerServices;

namespace Gateway.Core.Agents;

/// <summary>What a polling thread does when a <c>DoWork</c> call found nothing.</summary>
/// <remarks>
/// Implemented as structs and passed as a generic argument to the runner loop so the JIT
/// specialises the loop per strategy and the idle call inlines (no interface dispatch per poll).
/// </remarks>
public interface IIdleStrategy
{
    void Idle(int workCount);
    void Reset();
}

/// <summary>Production default: spin, never leave the core.</summary>
public struct BusySpinIdle : IIdleStrategy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Idle(int workCount)
    {
        if (workCount <= 0)
        {
            Thread.SpinWait(1);
        }
    }

    public readonly void Reset() { }
}

/// <summary>Spin a little, then yield, then sleep 1 ms: for tests and shared machines.</summary>
public struct BackoffIdle : IIdleStrategy
{
    private const int SpinLimit = 100;
    private const int YieldLimit = 200;
    private int _idleCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Idle(int workCount)
    {
        if (workCount > 0)
        {
            _idleCount = 0;
            return;
        }

        IdleSlow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void IdleSlow()
    {
        int n = ++_idleCount;
        if (n < SpinLimit)
        {
            Thread.SpinWait(4);
        }
        else if (n < YieldLimit)
        {
            Thread.Yield();
        }
        else
        {
            Thread.Sleep(1);
        }
    }

    public void Reset() => _idleCount = 0;
}

/// <summary>The named idle strategies a configuration can choose.</summary>
public enum IdleStrategyKind
{
    BusySpin,
    Backoff,
}
