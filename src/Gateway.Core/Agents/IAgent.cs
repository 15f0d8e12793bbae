namespace Gateway.Core.Agents;

/// <summary>
/// A unit of work driven by one thread. <see cref="DoWork"/> polls a bounded burst and returns how
/// much it did; the runner hands a zero to the idle strategy. No blocking, no async inside.
/// </summary>
public interface IAgent
{
    string Name { get; }

    /// <summary>Called once on the agent's own thread before the first <see cref="DoWork"/>.</summary>
    void OnStart();

    /// <returns>Work done this call (0 = idle). A negative value asks the runner to stop.</returns>
    int DoWork();

    /// <summary>Called once on the agent's own thread after the last <see cref="DoWork"/>.</summary>
    void OnClose();
}
