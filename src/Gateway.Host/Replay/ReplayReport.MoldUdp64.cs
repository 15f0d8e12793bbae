using System.Globalization;
using System.Text.Json;
using Gateway.MarketData.MoldUdp64;

namespace Gateway.Host.Replay;

/// <summary>MoldUDP64 packets dropped as malformed, by reason, in the summary and the JSON.</summary>
internal static partial class ReplayReport
{
    private static void WriteMoldMalformed(TextWriter output, in MoldSessionStats st)
    {
        var reasons = new List<string>();
        foreach (MoldPacketStatus reason in MoldPacketStatusNames.Malformations)
        {
            if (st.MalformedBy(reason) != 0)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{reason.ToReportName()} {st.MalformedBy(reason):N0}"));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mold64 bad   {st.Malformed:N0} malformed packets dropped{(reasons.Count > 0 ? " (" + string.Join(", ", reasons) + ")" : "")}{(st.ForwardJumpsConfirmed > 0 ? $"; {st.ForwardJumpsConfirmed:N0} far sequence jumps confirmed and applied" : "")}"));
    }

    private static void WriteMoldMalformed(Utf8JsonWriter json, in MoldSessionStats st)
    {
        json.WriteNumber("moldudp64_malformed", st.Malformed);
        json.WriteStartObject("moldudp64_malformed_by_reason");
        foreach (MoldPacketStatus reason in MoldPacketStatusNames.Malformations)
        {
            json.WriteNumber(reason.ToReportName(), st.MalformedBy(reason));
        }

        json.WriteEndObject();
        json.WriteNumber("moldudp64_forward_jumps_confirmed", st.ForwardJumpsConfirmed);
    }
}
