using Gateway.Engine.Journal;
using Gateway.Risk;

namespace Gateway.Engine;

/// <summary>What the engine did, counted on its thread; other threads read them for reports and metrics (values may be a moment old).</summary>
public sealed class EngineCounters
{
    private readonly long[] _refusals = new long[256];

    /// <summary>New and replace intents the strategy emitted.</summary>
    public long Intents;

    /// <summary>Orders handed to the venue (or the sink).</summary>
    public long OrdersSent;

    public long RiskRejected;

    /// <summary>Intents the engine could not send (venue down, store full, table full).</summary>
    public long EngineRefused;

    public long CancelsSent;
    public long Fills;
    public long FilledQty;
    public long ReportsIgnored;
    public long VenueLogons;
    public long VenueLogouts;
    public long KillSwitchEngagements;
    public long FeedLosses;
    public long JournalDropped;

    public void CountRefusal(byte decision) => _refusals[decision]++;

    /// <summary>Refused intents by decision name (risk reasons and engine refusals).</summary>
    public IEnumerable<(string Reason, long Count)> Refusals()
    {
        for (int i = 1; i < _refusals.Length; i++)
        {
            long n = Volatile.Read(ref _refusals[i]);
            if (n != 0)
            {
                yield return (EngineRefusal.Name((byte)i), n);
            }
        }
    }

    /// <summary>Refusals of one risk reason.</summary>
    public long Refused(RiskReason reason) => Volatile.Read(ref _refusals[(int)reason]);
}
