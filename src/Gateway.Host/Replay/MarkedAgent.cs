using Gateway.Core.Agents;
using Gateway.Interop;
using Gateway.Net.Pipeline;

namespace Gateway.Host.Replay;

/// <summary>
/// Wraps the polling agent so that a <c>gettid</c> syscall marks, on its thread, the moment warm-up
/// ends and the moment polling ends. The thread id goes into the stats (<c>polling_thread_tid</c>);
/// in an strace the two marks bracket the steady-state loop, and the test that proves the loop
/// makes no syscalls reads between them (tests/Gateway.Host.Tests/CriticalPathTests.cs).
/// </summary>
internal sealed class MarkedAgent<THandler>(PacketPump<THandler> inner) : IAgent
    where THandler : struct, IDatagramHandler
{
    private bool _warmMarked;

    public string Name => inner.Name;

    public int ThreadId { get; private set; }

    public void OnStart()
    {
        ThreadId = Libc.GetTid();
        inner.OnStart();
    }

    public int DoWork()
    {
        int work = inner.DoWork();
        if (!_warmMarked && inner.IsWarm)
        {
            MarkWarm();
        }

        return work;
    }

    private void MarkWarm()
    {
        _warmMarked = true;
        _ = Libc.GetTid();
    }

    public void OnClose()
    {
        inner.OnClose();
        _ = Libc.GetTid();
    }
}
