namespace Gateway.Host.Tests.Conformance;

/// <summary>
/// The scripted conformance suite: every script of tests/conformance (one per behaviour of the FIX
/// Session-level Test Cases) played over TCP against <c>gw venue</c> (the acceptor) and against
/// <c>gw fix-client</c> (the initiator), each run a test of its own with a fresh process and store.
/// </summary>
public sealed class FixConformanceTests
{
    public static TheoryData<string> AcceptorScripts => [.. FixScript.Names("acceptor")];

    public static TheoryData<string> InitiatorScripts => [.. FixScript.Names("initiator")];

    [Theory]
    [MemberData(nameof(AcceptorScripts))]
    public void Against_gw_venue(string script)
    {
        using var runner = new FixScriptRunner(FixScript.Load(script), "acceptor");
        runner.Run();
    }

    [Theory]
    [MemberData(nameof(InitiatorScripts))]
    public void Against_gw_fix_client(string script)
    {
        using var runner = new FixScriptRunner(FixScript.Load(script), "initiator");
        runner.Run();
    }
}
