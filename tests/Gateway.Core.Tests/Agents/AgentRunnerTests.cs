using Gateway.Core.Agents;

namespace Gateway.Core.Tests.Agents;

public class AgentRunnerTests
{
    private sealed class CountingAgent(int stopAfter, Exception? throwAt = null) : IAgent
    {
        public int Calls;
        public int Started;
        public int Closed;
        public int? ThreadId;

        public string Name => "counting";

        public void OnStart()
        {
            Started++;
            ThreadId = Environment.CurrentManagedThreadId;
        }

        public int DoWork()
        {
            Calls++;
            if (throwAt is not null && Calls == stopAfter)
            {
                throw throwAt;
            }

            return Calls >= stopAfter ? -1 : (Calls % 2);
        }

        public void OnClose() => Closed++;
    }

    [Theory]
    [InlineData(IdleStrategyKind.BusySpin)]
    [InlineData(IdleStrategyKind.Backoff)]
    public void Runs_on_its_own_thread_until_the_agent_says_stop(IdleStrategyKind idle)
    {
        var agent = new CountingAgent(stopAfter: 1000);
        bool hookRan = false;
        using var runner = new AgentRunner(agent, idle, () => hookRan = true);
        runner.Start();

        Assert.True(runner.Join(TimeSpan.FromSeconds(10)));
        Assert.True(hookRan);
        Assert.Equal(1000, agent.Calls);
        Assert.Equal(1, agent.Started);
        Assert.Equal(1, agent.Closed);
        Assert.NotEqual(Environment.CurrentManagedThreadId, agent.ThreadId);
        Assert.Null(runner.Failure);
    }

    [Fact]
    public void Stop_request_ends_a_running_loop()
    {
        var agent = new CountingAgent(stopAfter: int.MaxValue);
        using var runner = new AgentRunner(agent, IdleStrategyKind.Backoff);
        runner.Start();
        SpinWait.SpinUntil(() => Volatile.Read(ref agent.Calls) > 10, TimeSpan.FromSeconds(10));
        runner.RequestStop();

        Assert.True(runner.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, agent.Closed);
    }

    [Fact]
    public void An_exception_in_the_agent_is_kept_and_close_still_runs()
    {
        var boom = new InvalidOperationException("boom");
        var agent = new CountingAgent(stopAfter: 5, throwAt: boom);
        using var runner = new AgentRunner(agent, IdleStrategyKind.Backoff);
        runner.Start();

        Assert.True(runner.Join(TimeSpan.FromSeconds(10)));
        Assert.Same(boom, runner.Failure);
        Assert.Equal(1, agent.Closed);
    }
}
