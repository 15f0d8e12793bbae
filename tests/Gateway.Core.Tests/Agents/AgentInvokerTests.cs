using Gateway.Core.Agents;

namespace Gateway.Core.Tests.Agents;

public class AgentInvokerTests
{
    private sealed class ScriptedAgent(params int[] work) : IAgent
    {
        public readonly List<string> Calls = [];
        public readonly List<int> Threads = [];

        public string Name => "scripted";

        public void OnStart()
        {
            Calls.Add("start");
            Threads.Add(Environment.CurrentManagedThreadId);
        }

        public int DoWork()
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            int n = Calls.Count(c => c == "work");
            Calls.Add("work");
            return n < work.Length ? work[n] : 0;
        }

        public void OnClose() => Calls.Add("close");
    }

    [Fact]
    public void Invoke_runs_one_DoWork_on_the_callers_thread_starting_the_agent_first()
    {
        var agent = new ScriptedAgent(3, 0, 5);
        using var invoker = new AgentInvoker(agent);
        Assert.Same(agent, invoker.Agent);
        Assert.Equal(3, invoker.Invoke());
        Assert.Equal(0, invoker.Invoke());
        Assert.Equal(5, invoker.Invoke());
        Assert.Equal(["start", "work", "work", "work"], agent.Calls);
        Assert.All(agent.Threads, t => Assert.Equal(Environment.CurrentManagedThreadId, t));
        Assert.False(invoker.IsClosed);
    }

    [Fact]
    public void Start_runs_OnStart_once_and_a_second_Start_is_refused()
    {
        var agent = new ScriptedAgent();
        using var invoker = new AgentInvoker(agent);
        invoker.Start();
        Assert.Throws<InvalidOperationException>(invoker.Start);
        invoker.Invoke();
        Assert.Equal(["start", "work"], agent.Calls);
    }

    [Fact]
    public void A_negative_work_count_closes_the_agent_once_and_later_invokes_do_nothing()
    {
        var agent = new ScriptedAgent(1, -1, 7);
        var invoker = new AgentInvoker(agent);
        Assert.Equal(1, invoker.Invoke());
        Assert.Equal(-1, invoker.Invoke());
        Assert.True(invoker.IsClosed);
        Assert.Equal(0, invoker.Invoke());
        invoker.Close();
        invoker.Dispose();
        Assert.Equal(["start", "work", "work", "close"], agent.Calls);
    }

    [Fact]
    public void Close_before_start_never_calls_the_agent()
    {
        var agent = new ScriptedAgent();
        var invoker = new AgentInvoker(agent);
        invoker.Dispose();
        Assert.True(invoker.IsClosed);
        Assert.Empty(agent.Calls);
    }

    [Fact]
    public void Dispose_closes_a_started_agent()
    {
        var agent = new ScriptedAgent();
        using (var invoker = new AgentInvoker(agent))
        {
            invoker.Invoke();
        }

        Assert.Equal(["start", "work", "close"], agent.Calls);
    }

    [Fact]
    public void RunUntilClosed_drives_the_agent_until_it_stops()
    {
        int[] script = [.. Enumerable.Repeat(0, 50), 1, 1, -1];
        var agent = new ScriptedAgent(script);
        using var invoker = new AgentInvoker(agent);
        Assert.True(invoker.RunUntilClosed(new BackoffIdle(), TimeSpan.FromSeconds(30)));
        Assert.Equal(script.Length, agent.Calls.Count(c => c == "work"));
        Assert.Equal("close", agent.Calls[^1]);
    }

    [Fact]
    public void RunUntilClosed_gives_up_after_its_timeout()
    {
        var agent = new ScriptedAgent(); // never asks to stop
        using var invoker = new AgentInvoker(agent);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(invoker.RunUntilClosed(new BackoffIdle(), TimeSpan.FromMilliseconds(100)));
        Assert.InRange(clock.ElapsedMilliseconds, 100, 20_000);
        Assert.False(invoker.IsClosed);
        Assert.True(agent.Calls.Count(c => c == "work") > 1);
    }

    [Fact]
    public void A_null_agent_is_refused() => Assert.Throws<ArgumentNullException>(() => new AgentInvoker(null!));
}
