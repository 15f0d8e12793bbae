namespace Gateway.Core.Agents;

/// <summary>Runs an agent on the calling thread (through an <see cref="AgentInvoker"/>) until it ends, with a named idle strategy.</summary>
public static class AgentLoop
{
    /// <summary>Invokes <paramref name="agent"/> until its work count goes negative.</summary>
    public static void Run(IAgent agent, IdleStrategyKind idle)
    {
        using var invoker = new AgentInvoker(agent);
        invoker.Start();
        if (idle == IdleStrategyKind.BusySpin)
        {
            Loop(invoker, new BusySpinIdle());
        }
        else
        {
            Loop(invoker, new BackoffIdle());
        }
    }

    private static void Loop<TIdle>(AgentInvoker invoker, TIdle idle)
        where TIdle : struct, IIdleStrategy
    {
        while (!invoker.IsClosed)
        {
            idle.Idle(invoker.Invoke());
        }
    }
}
