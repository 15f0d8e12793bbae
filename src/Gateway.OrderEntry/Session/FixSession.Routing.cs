using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Session;

/// <summary>
/// Third-party routing (FIX 4.4 Volume 2, "Third Party Addressing"; test case 18): an answer to a
/// message that came on behalf of a third party goes back to it with the roles swapped —
/// OnBehalfOfCompID (115) becomes DeliverToCompID (128) and the other way round, and likewise the
/// SubIDs (116/129) and LocationIDs (144/145). The session does this for its own Rejects and
/// BusinessMessageRejects; an application answering a message uses <see cref="AppendReverseRouting"/>.
/// </summary>
public sealed partial class FixSession
{
    private const int MaxRouteFieldLength = 64;

    // (received tag, tag of the answer)
    private static ReadOnlySpan<int> RouteSwaps =>
    [
        FixTag.OnBehalfOfCompID, FixTag.DeliverToCompID,
        FixTag.DeliverToCompID, FixTag.OnBehalfOfCompID,
        FixTag.OnBehalfOfSubID, FixTag.DeliverToSubID,
        FixTag.DeliverToSubID, FixTag.OnBehalfOfSubID,
        FixTag.OnBehalfOfLocationID, FixTag.DeliverToLocationID,
        FixTag.DeliverToLocationID, FixTag.OnBehalfOfLocationID,
    ];

    // Routing of the message being handled, copied so an answer can carry it after the view is gone.
    private readonly byte[] _route = new byte[6 * MaxRouteFieldLength];
    private readonly int[] _routeTags = new int[6];
    private readonly int[] _routeLengths = new int[6];
    private int _routeCount;

    /// <summary>Appends the reverse routing of <paramref name="received"/> to a message being encoded (right after Begin: header fields).</summary>
    public static void AppendReverseRouting(FixEncoder encoder, in FixMessageView received)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ReadOnlySpan<int> swaps = RouteSwaps;
        for (int i = 0; i < swaps.Length; i += 2)
        {
            if (received.TryGetValue(swaps[i], out ReadOnlySpan<byte> v) && !v.IsEmpty)
            {
                encoder.AppendString(swaps[i + 1], v);
            }
        }
    }

    /// <summary>Remembers the routing of the message being handled (two lookups when it has none).</summary>
    private void CaptureRouting(in FixMessageView m)
    {
        _routeCount = 0;
        if (!m.Has(FixTag.OnBehalfOfCompID) && !m.Has(FixTag.DeliverToCompID))
        {
            return;
        }

        ReadOnlySpan<int> swaps = RouteSwaps;
        for (int i = 0; i < swaps.Length; i += 2)
        {
            if (m.TryGetValue(swaps[i], out ReadOnlySpan<byte> v) && v.Length is > 0 and <= MaxRouteFieldLength)
            {
                v.CopyTo(_route.AsSpan(_routeCount * MaxRouteFieldLength));
                _routeTags[_routeCount] = swaps[i + 1];
                _routeLengths[_routeCount] = v.Length;
                _routeCount++;
            }
        }
    }

    private void AppendCapturedRouting(FixEncoder e)
    {
        for (int i = 0; i < _routeCount; i++)
        {
            e.AppendString(_routeTags[i], _route.AsSpan(i * MaxRouteFieldLength, _routeLengths[i]));
        }
    }
}
