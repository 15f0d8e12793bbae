using System.Text;

namespace Gateway.OrderEntry.Fix;

/// <summary>
/// The constant part of every message of one type on one session, built once:
/// "35=X|49=SENDER|56=TARGET|". The encoder lays it down ahead of MsgSeqNum and SendingTime when a
/// message is finished; see <see cref="FixEncoder"/> for the layout.
/// </summary>
public sealed class FixMessageTemplate
{
    private readonly byte[] _constant;

    public FixMessageTemplate(string msgType, string senderCompId, string targetCompId,
        FixTimestampPrecision sendingTimePrecision = FixTimestampPrecision.Milliseconds)
    {
        if (msgType.Length is < 1 or > 2 || senderCompId.Length == 0 || targetCompId.Length == 0 ||
            (msgType + senderCompId + targetCompId).Any(c => c <= ' ' || c > '~' || c == '='))
        {
            Gateway.Core.ThrowHelper.Argument(nameof(msgType), "MsgType and CompIDs must be printable ASCII without '='");
        }

        MsgType = msgType;
        _constant = Encoding.ASCII.GetBytes($"35={msgType}\u000149={senderCompId}\u000156={targetCompId}\u0001");
        SendingTimePrecision = sendingTimePrecision;
    }

    public string MsgType { get; }

    public FixTimestampPrecision SendingTimePrecision { get; }

    internal ReadOnlySpan<byte> Constant => _constant;

    /// <summary>Width of "52=" + the timestamp + SOH.</summary>
    internal int SendingTimeFieldLength => 3 + FixFormat.TimestampLength(SendingTimePrecision) + 1;

    /// <summary>Bytes the encoder keeps free before SendingTime for the prefix it writes at the end.</summary>
    internal int Headroom => FixParser.BeginString44.Length + 2 + 7 + 1 + _constant.Length + 3 + 10 + 1;
}
