using System.Runtime.CompilerServices;
using Gateway.Core;
using Gateway.Core.Trading;

namespace Gateway.Risk;

/// <summary>
/// Pre-trade risk in the spirit of SEC Rule 15c3-5: every new order is checked here before it
/// leaves, and the order's exposure is booked when it is accepted. Also the keeper of positions,
/// average cost, realized and unrealized P&amp;L per instrument (marked to the book), and of the
/// kill switch.
/// <para>Instruments are dense indices below <c>maxInstruments</c> (the engine uses the feed's
/// stock locate). Limits start as the global ones; <see cref="DefineInstrument"/> applies an
/// instrument's own overrides once its symbol is known.</para>
/// <para>Single-threaded: the engine's critical-path thread calls everything except the read-only
/// properties, which other threads may read for reports (values may be a moment old).
/// <see cref="Evaluate"/>, the fill and mark updates neither allocate nor throw.</para>
/// </summary>
public sealed class PreTradeRisk
{
    private const long NsPerSecond = 1_000_000_000;

    private readonly InstrumentLimits[] _limits;
    private readonly InstrumentRisk[] _state;
    private readonly long _maxGross;
    private readonly long _creditLimit;
    private readonly long _maxLoss;
    private readonly long[] _sentAt;
    private readonly ClOrdIdSet _clOrdIds;
    private readonly long[] _rejects = new long[RiskReasons.Count];
    private int _rateNext;
    private long _rateCount;

    // Totals kept incrementally, so a check reads four numbers instead of summing instruments.
    private long _openNotional;
    private long _grossPositions;
    private long _positionCost;
    private long _realized;
    private long _unrealized;
    private KillSwitchCause _kill;
    private bool _killPending;

    // The stale-feed flag: losses declared (engine thread) against losses an operator cleared (any
    // thread); stale while they differ. One writer each, no lock; a compare on the order path.
    private readonly bool _refuseOnStaleFeed;
    private long _feedLosses;
    private long _feedLossesCleared;
    private long _feedLostMessages;
    private ulong _staleSinceSequence;
    private long _acceptedOnStaleFeed;

    public PreTradeRisk(RiskSettings settings, int maxInstruments, int maxOrders)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<string> errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(errors[0], nameof(settings));
        }

        if (maxInstruments is < 1 or > 65536 || maxOrders < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(maxInstruments), "1 to 65536 instruments, at least one order");
        }

        Settings = settings;
        _limits = new InstrumentLimits[maxInstruments];
        _state = Prefault.Touch(new InstrumentRisk[maxInstruments]);
        InstrumentLimits global = settings.LimitsFor("");
        global.Restricted = false;
        Array.Fill(_limits, global);
        _maxGross = PriceUnits.FromDecimal(settings.MaxGrossExposure);
        _creditLimit = PriceUnits.FromDecimal(settings.CreditLimit);
        _maxLoss = PriceUnits.FromDecimal(settings.MaxLoss);
        _sentAt = Prefault.Touch(new long[settings.MaxOrdersPerSecond]);
        _clOrdIds = new ClOrdIdSet(maxOrders);
        _refuseOnStaleFeed = settings.StaleFeedPolicy == StaleFeedPolicy.Refuse;
    }

    public RiskSettings Settings { get; }

    public int MaxInstruments => _limits.Length;

    // ---- Reports (any thread) ------------------------------------------------------------------

    /// <summary>Orders refused for <paramref name="reason"/>.</summary>
    public long Rejected(RiskReason reason) => Volatile.Read(ref _rejects[(int)reason]);

    /// <summary>Orders accepted.</summary>
    public long Accepted => Volatile.Read(ref _rejects[(int)RiskReason.Accepted]);

    public bool IsKillSwitchEngaged => _kill != KillSwitchCause.None;

    // ---- The stale-feed flag ----------------------------------------------------------------------

    /// <summary>True from a declared feed loss until <see cref="ClearStaleFeed"/>: the books may be wrong.</summary>
    public bool IsFeedStale => Volatile.Read(ref _feedLosses) != Volatile.Read(ref _feedLossesCleared);

    /// <summary>Loss events declared by the feed in this run (each a range of lost messages).</summary>
    public long FeedLossEvents => Volatile.Read(ref _feedLosses);

    /// <summary>Messages the feed declared lost in this run.</summary>
    public long FeedLostMessages => Volatile.Read(ref _feedLostMessages);

    /// <summary>First lost sequence number of the first loss since the flag was last clear (0: not stale).</summary>
    public ulong StaleSinceSequence => IsFeedStale ? Volatile.Read(ref _staleSinceSequence) : 0;

    /// <summary>Orders and replaces risk accepted while the feed was stale (only under <see cref="StaleFeedPolicy.Flag"/>: <c>refuse</c> lets none through).</summary>
    public long AcceptedOnStaleFeed => Volatile.Read(ref _acceptedOnStaleFeed);

    /// <summary>What <c>Risk:OnStaleFeed</c> says to do with new orders while the feed is stale.</summary>
    public StaleFeedPolicy StaleFeedPolicy => _refuseOnStaleFeed ? StaleFeedPolicy.Refuse : StaleFeedPolicy.Flag;

    /// <summary>
    /// The engine's thread, cold: the feed declared <paramref name="count"/> messages from
    /// <paramref name="firstSequence"/> lost. The feed is stale from here until an operator clears it.
    /// </summary>
    public void OnFeedLoss(ulong firstSequence, ulong count)
    {
        if (!IsFeedStale)
        {
            Volatile.Write(ref _staleSinceSequence, firstSequence);
        }

        Volatile.Write(ref _feedLostMessages, _feedLostMessages + (long)count);
        Volatile.Write(ref _feedLosses, _feedLosses + 1);
    }

    /// <summary>
    /// Any thread (the control socket): the operator has checked the books (or accepts the risk);
    /// clears the flag for every loss declared so far. A loss declared afterwards raises it again.
    /// Returns whether the feed was stale.
    /// </summary>
    public bool ClearStaleFeed()
    {
        long declared = Volatile.Read(ref _feedLosses);
        bool wasStale = declared != Volatile.Read(ref _feedLossesCleared);
        Volatile.Write(ref _feedLossesCleared, declared);
        return wasStale;
    }

    public KillSwitchCause KillSwitch => _kill;

    /// <summary>Realized P&amp;L over all instruments, price units.</summary>
    public long RealizedPnl => _realized;

    /// <summary>Unrealized P&amp;L over all instruments (positions marked to the book), price units.</summary>
    public long UnrealizedPnl => _unrealized;

    /// <summary>Notional of every open order (leaves times limit price), price units.</summary>
    public long OpenNotional => _openNotional;

    /// <summary>Marked value of every position, absolute, price units.</summary>
    public long GrossPositionValue => _grossPositions;

    /// <summary>Cost of every position, absolute, price units.</summary>
    public long PositionCost => _positionCost;

    public ref readonly InstrumentRisk Instrument(int instrument) => ref _state[instrument];

    public ref readonly InstrumentLimits Limits(int instrument) => ref _limits[instrument];

    /// <summary>Instruments with a position or P&amp;L (cold: for reports).</summary>
    public IEnumerable<int> ActiveInstruments()
    {
        for (int i = 0; i < _state.Length; i++)
        {
            if (_state[i].Position != 0 || _state[i].RealizedPnl != 0 || _state[i].Fills != 0)
            {
                yield return i;
            }
        }
    }

    // ---- Configuration (cold) -------------------------------------------------------------------

    /// <summary>The instrument's symbol is known: its overrides and restriction apply from now on.</summary>
    public void DefineInstrument(int instrument, string symbol) => _limits[instrument] = Settings.LimitsFor(symbol);

    // ---- The check ------------------------------------------------------------------------------

    /// <summary>
    /// Checks a new order and, when every check passes, books it: its leaves count as open on its
    /// side and in the totals, it counts toward the order rate, and its ClOrdID is used up.
    /// </summary>
    /// <param name="bestBid">The instrument's best bid now (0: none), for the price collar.</param>
    /// <param name="bestAsk">The instrument's best ask now (0: none).</param>
    /// <param name="nowNs">The engine's clock (capture time in a replay), for the order rate.</param>
    /// <param name="clOrdId">The ClOrdID's number: the engine numbers them 1 to maxOrders (see <see cref="ClOrdIdSet"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RiskReason Evaluate(int instrument, Side side, long price, long qty, long bestBid, long bestAsk, long nowNs, ulong clOrdId)
    {
        RiskReason r = Check(instrument, side, price, qty, bestBid, bestAsk, nowNs, clOrdId);
        _rejects[(int)r]++;
        if (r == RiskReason.Accepted)
        {
            Book(instrument, side, price, qty, nowNs, clOrdId);
            if (_feedLosses != Volatile.Read(ref _feedLossesCleared))
            {
                _acceptedOnStaleFeed++;
            }
        }

        return r;
    }

    /// <summary>
    /// Runs every check without counting or booking anything: the engine calls it between orders
    /// to keep the risk path's code and data in cache (an order that comes rarely finds them cold).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public RiskReason Probe(int instrument, Side side, long price, long qty, long bestBid, long bestAsk, long nowNs, ulong clOrdId) =>
        Check(instrument, side, price, qty, bestBid, bestAsk, nowNs, clOrdId);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private RiskReason Check(int instrument, Side side, long price, long qty, long bestBid, long bestAsk, long nowNs, ulong clOrdId)
    {
        if (_kill != KillSwitchCause.None)
        {
            return RiskReason.KillSwitch;
        }

        if (_refuseOnStaleFeed && _feedLosses != Volatile.Read(ref _feedLossesCleared))
        {
            return RiskReason.StaleFeed;
        }

        if ((uint)instrument >= (uint)_limits.Length)
        {
            return RiskReason.InvalidOrder;
        }

        ref InstrumentLimits limits = ref _limits[instrument];
        if (limits.Restricted)
        {
            return RiskReason.Restricted;
        }

        // Bounded so that price times quantity (and the collar's products) cannot overflow.
        if ((ulong)(qty - 1) >= int.MaxValue || (ulong)(price - 1) >= uint.MaxValue || side is not (Side.Buy or Side.Sell))
        {
            return RiskReason.InvalidOrder;
        }

        if (qty > limits.MaxOrderQty)
        {
            return RiskReason.MaxOrderQty;
        }

        long notional = price * qty;
        if (notional > limits.MaxOrderNotional)
        {
            return RiskReason.MaxOrderNotional;
        }

        if (!WithinCollar(side, price, bestBid, bestAsk, limits.PriceCollarBps))
        {
            return RiskReason.PriceCollar;
        }

        ref InstrumentRisk s = ref _state[instrument];
        long projected = side == Side.Buy ? s.Position + s.OpenBuyQty + qty : s.OpenSellQty + qty - s.Position;
        if (projected > limits.MaxPosition)
        {
            return RiskReason.MaxPosition;
        }

        if (_grossPositions + _openNotional + notional > _maxGross)
        {
            return RiskReason.MaxGrossExposure;
        }

        if (_positionCost + _openNotional + notional > _creditLimit)
        {
            return RiskReason.CreditLimit;
        }

        // The N-th previous order (N = MaxOrdersPerSecond) must be a second old or more.
        if (_rateCount >= _sentAt.Length && nowNs - _sentAt[_rateNext] < NsPerSecond)
        {
            return RiskReason.OrderRate;
        }

        if (_clOrdIds.Contains(clOrdId))
        {
            return RiskReason.DuplicateClOrdId;
        }

        return RiskReason.Accepted;
    }

    /// <summary>
    /// A buy may not pay more than the best ask plus the collar, a sell may not take less than the
    /// best bid minus it. With the opposite side empty the same side's touch is the reference; with
    /// no touch at all there is nothing to collar against and the order is refused.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool WithinCollar(Side side, long price, long bestBid, long bestAsk, int bps)
    {
        if (side == Side.Buy)
        {
            long reference = bestAsk > 0 ? bestAsk : bestBid;
            return reference > 0 && price * 10_000 <= reference * (10_000 + bps);
        }

        long r = bestBid > 0 ? bestBid : bestAsk;
        return r > 0 && price * 10_000 >= r * (10_000 - bps);
    }

    private void Book(int instrument, Side side, long price, long qty, long nowNs, ulong clOrdId)
    {
        ref InstrumentRisk s = ref _state[instrument];
        if (side == Side.Buy)
        {
            s.OpenBuyQty += qty;
        }
        else
        {
            s.OpenSellQty += qty;
        }

        _openNotional += price * qty;
        _sentAt[_rateNext] = nowNs;
        _rateNext = _rateNext + 1 == _sentAt.Length ? 0 : _rateNext + 1;
        _rateCount++;
        _clOrdIds.Add(clOrdId);
    }

    // ---- What happens to booked orders ----------------------------------------------------------

    /// <summary>
    /// Shares of a booked order are no longer open: filled (call <see cref="OnFill"/> as well),
    /// cancelled, expired, rejected, or never sent. <paramref name="price"/> is the order's limit,
    /// as booked.
    /// </summary>
    public void Release(int instrument, Side side, long price, long qty)
    {
        if ((uint)instrument >= (uint)_state.Length || qty <= 0)
        {
            return;
        }

        ref InstrumentRisk s = ref _state[instrument];
        if (side == Side.Buy)
        {
            long q = Math.Min(qty, s.OpenBuyQty);
            s.OpenBuyQty -= q;
            _openNotional -= price * q;
        }
        else
        {
            long q = Math.Min(qty, s.OpenSellQty);
            s.OpenSellQty -= q;
            _openNotional -= price * q;
        }

        if (_openNotional < 0)
        {
            _openNotional = 0;
        }
    }

    /// <summary>
    /// An execution: the position moves by <paramref name="qty"/> at <paramref name="price"/>
    /// (average cost; closing shares realize P&amp;L against it). Fills are applied exactly as the
    /// venue reports them, whatever the order's state, so the position always equals the fills.
    /// </summary>
    public void OnFill(int instrument, Side side, long qty, long price)
    {
        if ((uint)instrument >= (uint)_state.Length || qty <= 0)
        {
            return;
        }

        ref InstrumentRisk s = ref _state[instrument];
        RemoveValuation(ref s);
        long signed = side == Side.Buy ? qty : -qty;
        s.Fills++;
        s.BoughtQty += side == Side.Buy ? qty : 0;
        s.SoldQty += side == Side.Sell ? qty : 0;
        if (s.Position == 0 || (s.Position > 0) == (signed > 0))
        {
            s.Position += signed;
            s.Cost += signed * price;
        }
        else
        {
            long closing = Math.Min(qty, Math.Abs(s.Position));
            // Cost of the closed shares at average cost; exact when the whole position closes.
            long removed = closing == Math.Abs(s.Position) ? s.Cost : (long)((Int128)s.Cost * closing / Math.Abs(s.Position));
            long sign = s.Position > 0 ? 1 : -1;
            long realized = sign * ((closing * price) - (sign * removed));
            s.RealizedPnl += realized;
            _realized += realized;
            s.Cost -= removed;
            s.Position += sign == 1 ? -closing : closing;
            long rest = qty - closing;
            if (rest > 0)
            {
                long opened = side == Side.Buy ? rest : -rest;
                s.Position += opened;
                s.Cost += opened * price;
            }
        }

        if (s.Bid == 0 && s.Ask == 0)
        {
            s.LastPrice = price;
        }

        AddValuation(ref s);
        CheckLoss();
    }

    /// <summary>The instrument's touch changed: revalue its position (long at the bid, short at the ask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnMark(int instrument, long bestBid, long bestAsk)
    {
        ref InstrumentRisk s = ref _state[instrument];
        if (s.Position == 0)
        {
            s.Bid = bestBid;
            s.Ask = bestAsk;
            return;
        }

        Revalue(ref s, instrument, bestBid, bestAsk);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Revalue(ref InstrumentRisk s, int instrument, long bestBid, long bestAsk)
    {
        RemoveValuation(ref s);
        s.Bid = bestBid;
        s.Ask = bestAsk;
        AddValuation(ref s);
        CheckLoss();
    }

    private void RemoveValuation(ref InstrumentRisk s)
    {
        _unrealized -= s.Unrealized;
        _grossPositions -= s.MarkedValue;
        _positionCost -= Math.Abs(s.Cost);
    }

    private void AddValuation(ref InstrumentRisk s)
    {
        long mark = s.Position > 0 ? (s.Bid > 0 ? s.Bid : s.Ask) : (s.Ask > 0 ? s.Ask : s.Bid);
        if (mark == 0)
        {
            mark = s.LastPrice;
        }

        s.Mark = mark;
        s.Unrealized = mark == 0 ? 0 : (s.Position * mark) - s.Cost;
        s.MarkedValue = Math.Abs(mark == 0 ? s.Cost : s.Position * mark);
        _unrealized += s.Unrealized;
        _grossPositions += s.MarkedValue;
        _positionCost += Math.Abs(s.Cost);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckLoss()
    {
        if (_realized + _unrealized < -_maxLoss && _kill == KillSwitchCause.None)
        {
            Engage(KillSwitchCause.LossLimit);
        }
    }

    // ---- Kill switch ----------------------------------------------------------------------------

    /// <summary>
    /// Stops every new order until <see cref="ResetKillSwitch"/>. The engine sees
    /// <see cref="TakeKillSwitchEngaged"/> once and cancels the open orders.
    /// </summary>
    public void Engage(KillSwitchCause cause)
    {
        if (_kill != KillSwitchCause.None || cause == KillSwitchCause.None)
        {
            return;
        }

        _kill = cause;
        _killPending = true;
    }

    /// <summary>True once after the kill switch engages (the engine's cue to cancel open orders).</summary>
    public bool TakeKillSwitchEngaged()
    {
        if (!_killPending)
        {
            return false;
        }

        _killPending = false;
        return true;
    }

    /// <summary>An operator re-enables trading. A loss past the limit engages the switch again at the next fill or mark.</summary>
    public void ResetKillSwitch()
    {
        _kill = KillSwitchCause.None;
        _killPending = false;
    }
}

/// <summary>Risk state of one instrument: position, cost, P&amp;L, open orders, the touch it is marked to.</summary>
public struct InstrumentRisk
{
    /// <summary>Signed shares: positive long, negative short.</summary>
    public long Position;

    /// <summary>Signed cost of the position at average cost, price units (negative for a short: the proceeds).</summary>
    public long Cost;

    public long RealizedPnl;

    /// <summary>Position marked to <see cref="Mark"/> minus cost, price units.</summary>
    public long Unrealized;

    /// <summary>Absolute marked value of the position, price units.</summary>
    public long MarkedValue;

    public long OpenBuyQty;
    public long OpenSellQty;
    public long Bid;
    public long Ask;

    /// <summary>Price the position is marked at: the bid for a long, the ask for a short, else the last fill.</summary>
    public long Mark;

    public long LastPrice;
    public long Fills;
    public long BoughtQty;
    public long SoldQty;
}
