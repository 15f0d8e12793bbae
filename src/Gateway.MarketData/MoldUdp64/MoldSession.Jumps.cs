using System.Runtime.CompilerServices;

namespace Gateway.MarketData.MoldUdp64;

/// <summary>
/// Implausible forward jumps (<see cref="MoldSessionOptions.MaxForwardJump"/>): a packet whose
/// sequence number lies far beyond anything seen is held, not applied, until the packets after it
/// decide. One that lands near it confirms the jump (a real outage on both lines): the held packet is
/// applied, then the confirming one. One that brings new messages in the normal range contradicts it
/// (a corrupted sequence number): the held packet is dropped and counted as malformed. Duplicates of
/// old packets (a lagging line) decide nothing. One packet is held at a time, in a buffer allocated
/// with the session; a second far packet that does not confirm the first replaces it.
/// </summary>
public sealed partial class MoldSession<THandler>
{
    private readonly byte[] _heldBytes = new byte[65535];
    private int _heldLength;
    private int _heldLine;
    private ulong _heldFirst;
    private ulong _heldEnd;
    private bool _held;

    /// <summary>A packet is held as an implausible jump, waiting for the next packets to decide.</summary>
    public bool HoldsImplausibleJump => _held;

    /// <summary>Decides a packet while a jump is held or when this packet is one; true when the caller should apply it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool CheckJump(MoldPacket packet, ulong first, ulong end, int line)
    {
        bool far = first > _highestSeen && first - _highestSeen > _options.MaxForwardJump;
        if (_held)
        {
            bool nearHeld = first <= SaturatingAdd(_heldEnd, _options.MaxForwardJump) && SaturatingAdd(first, _options.MaxForwardJump) >= _heldFirst;
            if (far && nearHeld)
            {
                // Confirmed: apply the held packet first (its sequence is the lower one, usually), then this one.
                _held = false;
                _stats.ForwardJumpsConfirmed++;
                MoldPacket held = MoldPacket.Trusted(_heldBytes.AsSpan(0, _heldLength));
                Apply(held, _heldFirst, _heldEnd, held.DataMessageCount, _heldLine, ref LineStats(_heldLine));
                return true;
            }

            if (!far)
            {
                if (end > _highestSeen)
                {
                    // New messages (or a heartbeat announcing some) in the normal range: the jump was a lie.
                    _held = false;
                    _stats.MalformedImplausibleJump++;
                }

                return true;
            }

            // Far, but nowhere near the held one: the earlier one was contradicted; hold this one instead.
            _stats.MalformedImplausibleJump++;
        }

        packet.Bytes.CopyTo(_heldBytes);
        _heldLength = packet.Bytes.Length;
        _heldLine = line;
        _heldFirst = first;
        _heldEnd = end;
        _held = true;
        return false;
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;
}
