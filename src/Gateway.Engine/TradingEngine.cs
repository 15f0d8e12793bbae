using System.Runtime.CompilerServices;
using Gateway.Core;
using Gateway.Core.Concurrent;
using Gateway.Core.Trading;
using Gateway.Engine.Journal;
using Gateway.Engine.Orders;
using Gateway.Engine.Strategies;
using Gateway.Engine.Timing;
using Gateway.Interop;
using Gateway.MarketData.Books;
using Gateway.MarketData.Feed;
using Gateway.MarketData.Itch;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Orders;
using Gateway.OrderEntry.Session;
using Gateway.Risk;

namespace Gateway.Engine;

/// <summary>
/// The trading half of the critical path, compiled for one strategy type: book change → strategy →
/// pre-trade risk → order state → FIX encode → journal → send, and back: the venue's reports →
/// order state → positions → strategy. Everything runs on the engine's one thread; the feed calls
/// in through <see cref="EngineBookListener{TStrategy}"/>, the order session through
/// <see cref="IFixApplication"/>. The audit trail leaves through a ring the thread never waits on.
/// <para>Tick-to-trade of an order runs from its triggering packet's receive stamp to the moment its
/// bytes are handed to the send call; the stages in between are stamped with <see cref="CycleClock"/>
/// (set <see cref="EngineSettings.StageTiming"/> off to stamp only the two ends).</para>
/// </summary>
public sealed class TradingEngine<TStrategy> : IFixApplication, IDisposable
    where TStrategy : struct, IStrategy
{
    private const int MaxInstruments = 65536;

    private TStrategy _strategy;
    private readonly IntentBuffer _intents = new();
    private readonly PreTradeRisk _risk;
    private readonly OrderTable _orders;
    private readonly OrderGateway _gateway;
    private readonly TickToTrade _latency = new();
    private readonly SpscRing<JournalEntry> _journal;
    private readonly SymbolTable _symbols;
    private readonly bool[] _followed = Prefault.Touch(new bool[MaxInstruments]);
    private readonly Touch[] _touch = Prefault.Touch(new Touch[MaxInstruments]);
    private readonly byte[] _clOrdId = new byte[40];
    private readonly byte[] _origClOrdId = new byte[40];
    private readonly long[] _stageNs = new long[TickToTrade.StageCount];
    private readonly bool _stageTiming;
    private readonly bool _liveClock;
    private readonly long _wallBaseNs;
    private readonly long _tickBase;
    private OrderBooks? _books;
    private Gateway.MarketData.Itch.InstrumentDirectory? _directory;
    private IMarketDataFeed? _feed;
    private FeedEvents? _feedEvents;
    private readonly int _triggerTag;
    private long _triggerEpoch;

    // The packet being handled, and the followed message being applied.
    private long _rxTicks;
    private long _captureNs;
    private long _bookStartTicks;
    private volatile int _killRequest;
    private bool _strategyStopped;

    public TradingEngine(TStrategy strategy, PreTradeRisk risk, OrderTable orders, OrderGateway gateway, EngineSettings settings,
        SpscRing<JournalEntry> journal, SymbolTable symbols)
    {
        _strategy = strategy;
        _risk = risk;
        _orders = orders;
        _gateway = gateway;
        _journal = journal;
        _symbols = symbols;
        _stageTiming = settings.StageTiming;
        FollowedFirst = settings.FollowedFirst && typeof(TStrategy) != typeof(NoStrategy);
        _liveClock = settings.LiveClock;
        _triggerTag = settings.TriggerTag;
        _gateway.SetTrigger(_triggerTag, default);
        _wallBaseNs = SystemFixClock.Instance.UtcNowNanos;
        _tickBase = CycleClock.Now();
    }

    public ref TStrategy Strategy => ref _strategy;

    public PreTradeRisk Risk => _risk;

    public OrderTable Orders => _orders;

    public OrderGateway Gateway => _gateway;

    public TickToTrade Latency => _latency;

    public EngineCounters Counters { get; } = new();

    public IntentBuffer Intents => _intents;

    /// <summary>The feed whose books the engine reads and whose session its orders name (set once the feed exists: it is built around this engine's listener).</summary>
    public void Attach(IMarketDataFeed feed)
    {
        _feed = feed;
        _books = feed.Books;
        _directory = feed.Directory;
        _feedEvents = feed.Events;
        _triggerEpoch = _feedEvents.SessionEpoch;
        _gateway.SetTrigger(_triggerTag, feed.SessionId);
    }

    /// <summary>Cold: the feed started or changed its MoldUDP64 session; orders name the new one from now on.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnFeedSessionChanged()
    {
        _triggerEpoch = _feedEvents!.SessionEpoch;
        _gateway.SetTrigger(_triggerTag, _feed!.SessionId);
    }

    /// <summary>The engine's clock: the capture's timestamps in a replay, the wall clock live (ns).</summary>
    public long NowNs => _liveClock ? _wallBaseNs + CycleClock.ToNs(CycleClock.Now() - _tickBase) : _captureNs;

    // ---- From the packet path ----------------------------------------------------------------------

    /// <summary>A packet left the source: its receive stamp (cycle clock) and its capture timestamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnPacket(long rxTicks, ulong captureNs)
    {
        _rxTicks = rxTicks;
        _captureNs = (long)captureNs;
    }

    // ---- From the feed (EngineBookListener) ---------------------------------------------------------

    /// <summary>Followed instruments' messages go ahead of the rest of their packet (Engine:FollowedFirst).</summary>
    internal bool FollowedFirst { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Follows(ushort locate) => _followed[locate];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool OnBookChanging(ushort locate)
    {
        if (!_followed[locate])
        {
            return false;
        }

        if (_stageTiming)
        {
            _bookStartTicks = CycleClock.Now();
        }

        return true;
    }

    internal void OnBookChanged(ushort locate, byte itchSide, byte messageType, ulong sequence)
    {
        long bookEnd = _stageTiming ? CycleClock.Now() : 0;
        TopOfBook top = _books!.TopOfBook(locate);
        var after = new Touch(top.BidPrice.Raw, (long)top.BidShares, top.AskPrice.Raw, (long)top.AskShares);
        ref Touch slot = ref _touch[locate];
        Touch before = slot;
        slot = after;
        _risk.OnMark(locate, after.BidPrice, after.AskPrice);
        if (_strategyStopped)
        {
            return;
        }

        Side side = itchSide == (byte)'B' ? Side.Buy : itchSide == (byte)'S' ? Side.Sell : 0;
        _strategy.OnBookChange(new BookChange(locate, side, messageType, sequence, NowNs, before, after), _intents);
        if (_intents.Count != 0)
        {
            ActOnIntents(sequence, bookEnd, triggered: true);
        }
    }

    internal void OnTrade(ushort locate, byte itchSide, uint shares, uint price, ulong sequence)
    {
        if (_strategyStopped)
        {
            return;
        }

        Side side = itchSide == (byte)'B' ? Side.Buy : Side.Sell;
        _strategy.OnTrade(new TradeEvent(locate, side, shares, price, sequence, NowNs), _intents);
        if (_intents.Count != 0)
        {
            ActOnIntents(sequence, _stageTiming ? CycleClock.Now() : 0, triggered: true);
        }
    }

    /// <summary>Cold: the directory named an instrument; the strategy decides whether to follow it.</summary>
    internal void OnInstrumentDefined(ushort locate)
    {
        ReadOnlySpan<byte> padded = _directory!.SymbolOf(new StockLocate(locate));
        ReadOnlySpan<byte> symbol = padded.TrimEnd((byte)' ');
        if (symbol.IsEmpty)
        {
            return;
        }

        _symbols.Define(locate, symbol);
        _risk.DefineInstrument(locate, _symbols.Name(locate)!);
        _followed[locate] = _strategy.OnInstrument(locate, symbol);
    }

    internal void OnMessagesLost() => Counters.FeedLosses++;

    // ---- Intents -----------------------------------------------------------------------------------

    /// <summary>
    /// Acts on what the strategy asked for, in order. <paramref name="startTicks"/> is when the
    /// strategy was called (the book stage's end); with <paramref name="triggered"/> the orders'
    /// tick-to-trade is measured from the current packet.
    /// </summary>
    private void ActOnIntents(ulong trigger, long startTicks, bool triggered)
    {
        long stageStart = _stageTiming ? CycleClock.Now() : 0;
        if (_stageTiming && triggered)
        {
            _stageNs[(int)Stage.Decode] = CycleClock.ToNs(_bookStartTicks - _rxTicks);
            _stageNs[(int)Stage.Book] = CycleClock.ToNs(startTicks - _bookStartTicks);
            _stageNs[(int)Stage.Strategy] = CycleClock.ToNs(stageStart - startTicks);
        }

        int n = _intents.Count;
        for (int i = 0; i < n; i++)
        {
            ref readonly OrderIntent intent = ref _intents[i];
            switch (intent.Kind)
            {
                case IntentKind.New:
                    stageStart = SendNew(in intent, trigger, stageStart, triggered);
                    break;
                case IntentKind.Cancel:
                    Cancel(intent.OrderId, trigger, isStrategy: true);
                    break;
                case IntentKind.Replace:
                    Replace(in intent, trigger);
                    break;
            }
        }

        _intents.Clear();
        if (_risk.TakeKillSwitchEngaged())
        {
            OnKillSwitch();
        }
    }

    /// <summary>Risk, order state, encode, journal, send: one new order. Returns the time the next intent's risk stage starts.</summary>
    private long SendNew(in OrderIntent intent, ulong trigger, long riskStart, bool triggered)
    {
        Counters.Intents++;
        ushort instrument = intent.Instrument;
        ref Touch touch = ref _touch[instrument];
        int slot = _orders.Count;
        RiskReason reason = _risk.Evaluate(instrument, intent.Side, intent.Price, intent.Qty, touch.BidPrice, touch.AskPrice, NowNs,
            OrderTable.IdNumber(slot));
        if (reason != RiskReason.Accepted)
        {
            Counters.RiskRejected++;
            RecordIntent(in intent, (byte)reason, -1, trigger, -1);
            return _stageTiming ? CycleClock.Now() : 0;
        }

        if (!_gateway.IsReady)
        {
            return Refuse(in intent, EngineRefusal.VenueDown, trigger);
        }

        slot = _orders.TryCreateOrder(instrument, intent.Side, intent.Price, intent.Qty, intent.TimeInForce, trigger, NowNs);
        if (slot < 0)
        {
            return Refuse(in intent, EngineRefusal.OrderTableFull, trigger);
        }

        long riskEnd = _stageTiming ? CycleClock.Now() : 0;
        if (_feedEvents is { } events && events.SessionEpoch != _triggerEpoch)
        {
            OnFeedSessionChanged();
        }

        int idLength = _orders.FormatClOrdId(slot, _clOrdId);
        ReadOnlySpan<byte> message = _gateway.EncodeNew(_clOrdId.AsSpan(0, idLength), _symbols.Bytes(instrument), intent.Side, intent.Qty,
            intent.Price, intent.TimeInForce, trigger);
        long encodeEnd = _stageTiming ? CycleClock.Now() : 0;
        FixSendResult journaled = _gateway.Journal(message);
        if (journaled != FixSendResult.Sent)
        {
            Release(_orders.NotSent(slot));
            Counters.EngineRefused++;
            RecordIntent(in intent, journaled == FixSendResult.NotLoggedOn ? EngineRefusal.VenueDown : EngineRefusal.StoreFailed, slot, trigger, -1);
            return _stageTiming ? CycleClock.Now() : 0;
        }

        long handed = CycleClock.Now();
        FixSendResult sent = _gateway.Transmit(message);
        long sendEnd = _stageTiming ? CycleClock.Now() : 0;
        Counters.OrdersSent++;
        long tickToTrade = -1;
        if (triggered)
        {
            tickToTrade = CycleClock.ToNs(handed - _rxTicks);
            if (_stageTiming)
            {
                _stageNs[(int)Stage.Risk] = CycleClock.ToNs(riskEnd - riskStart);
                _stageNs[(int)Stage.Encode] = CycleClock.ToNs(encodeEnd - riskEnd);
                _stageNs[(int)Stage.Journal] = CycleClock.ToNs(handed - encodeEnd);
                _stageNs[(int)Stage.Send] = CycleClock.ToNs(sendEnd - handed);
                _latency.Record(tickToTrade, _stageNs);
            }
            else
            {
                _latency.Record(tickToTrade, default);
            }
        }

        RecordIntent(in intent, sent == FixSendResult.Sent ? (byte)RiskReason.Accepted : EngineRefusal.ConnectionLost, slot, trigger, tickToTrade);
        if (!_gateway.HasVenue)
        {
            // The sink never answers: the order ends at once, unfilled, as an IOC with no match would.
            Release(_orders.NotSent(slot, unanswered: true));
        }

        return _stageTiming ? CycleClock.Now() : 0;
    }

    private long Refuse(in OrderIntent intent, byte refusal, ulong trigger)
    {
        _risk.Release(intent.Instrument, intent.Side, intent.Price, intent.Qty);
        Counters.EngineRefused++;
        RecordIntent(in intent, refusal, -1, trigger, -1);
        return _stageTiming ? CycleClock.Now() : 0;
    }

    private void Cancel(int orderId, ulong trigger, bool isStrategy)
    {
        if ((uint)orderId >= (uint)_orders.Count)
        {
            Counters.EngineRefused++;
            RecordCancelIntent(orderId, EngineRefusal.NoSuchOrder, -1, trigger, isStrategy);
            return;
        }

        ref readonly OrderRecord o = ref _orders[orderId];
        if (!_gateway.IsReady)
        {
            RecordCancelIntent(orderId, EngineRefusal.VenueDown, -1, trigger, isStrategy);
            return;
        }

        int request = _orders.TryCreateCancel(orderId, NowNs);
        if (request < 0)
        {
            RecordCancelIntent(orderId, EngineRefusal.NoSuchOrder, -1, trigger, isStrategy);
            return;
        }

        int idLength = _orders.FormatClOrdId(request, _clOrdId);
        int origLength = _orders.FormatClOrdId(orderId, _origClOrdId);
        FixSendResult r = _gateway.SendCancel(_clOrdId.AsSpan(0, idLength), _origClOrdId.AsSpan(0, origLength), _symbols.Bytes(o.Instrument),
            o.Side, o.Qty);
        if (r is FixSendResult.NotLoggedOn or FixSendResult.StoreFailed)
        {
            Release(_orders.NotSent(request));
        }

        Counters.CancelsSent += r == FixSendResult.Sent ? 1 : 0;
        RecordCancelIntent(orderId, r == FixSendResult.Sent ? (byte)RiskReason.Accepted : EngineRefusal.VenueDown, request, trigger, isStrategy);
    }

    private void Replace(in OrderIntent intent, ulong trigger)
    {
        Counters.Intents++;
        int orderId = intent.OrderId;
        if ((uint)orderId >= (uint)_orders.Count || !_orders[orderId].IsOpen || !_gateway.IsReady)
        {
            Counters.EngineRefused++;
            RecordIntent(in intent, _gateway.IsReady ? EngineRefusal.NoSuchOrder : EngineRefusal.VenueDown, -1, trigger, -1);
            return;
        }

        ref readonly OrderRecord o = ref _orders[orderId];
        ushort instrument = (ushort)o.Instrument;
        ref Touch touch = ref _touch[instrument];
        int slot = _orders.Count;
        long newLeaves = intent.Qty - o.CumQty;
        RiskReason reason = _risk.Evaluate(instrument, o.Side, intent.Price, newLeaves, touch.BidPrice, touch.AskPrice, NowNs, OrderTable.IdNumber(slot));
        var asked = new OrderIntent
        {
            Kind = IntentKind.Replace, Instrument = instrument, Side = o.Side, Price = intent.Price, Qty = intent.Qty, TimeInForce = o.TimeInForce,
            OrderId = orderId,
        };
        if (reason != RiskReason.Accepted)
        {
            Counters.RiskRejected++;
            RecordIntent(in asked, (byte)reason, -1, trigger, -1);
            return;
        }

        int request = _orders.TryCreateReplace(orderId, intent.Price, intent.Qty, NowNs);
        if (request < 0)
        {
            _risk.Release(instrument, o.Side, intent.Price, newLeaves);
            Counters.EngineRefused++;
            RecordIntent(in asked, EngineRefusal.NoSuchOrder, -1, trigger, -1);
            return;
        }

        int idLength = _orders.FormatClOrdId(request, _clOrdId);
        int origLength = _orders.FormatClOrdId(orderId, _origClOrdId);
        FixSendResult r = _gateway.SendReplace(_clOrdId.AsSpan(0, idLength), _origClOrdId.AsSpan(0, origLength), _symbols.Bytes(instrument), o.Side,
            intent.Qty, intent.Price, o.TimeInForce);
        if (r is FixSendResult.NotLoggedOn or FixSendResult.StoreFailed)
        {
            Release(_orders.NotSent(request));
        }

        RecordIntent(in asked, r == FixSendResult.Sent ? (byte)RiskReason.Accepted : EngineRefusal.VenueDown, request, trigger, -1);
    }

    // ---- From the venue (the order session, polled on this thread) ---------------------------------

    public void OnLogon(FixSession session) => Counters.VenueLogons++;

    public void OnLogout(FixSession session, string reason) => Counters.VenueLogouts++;

    public void OnMessage(FixSession session, in FixMessageView message)
    {
        OrderUpdate u = _orders.Apply(message);
        Release(u);
        if (u.Kind == OrderEventKind.Ignored)
        {
            Counters.ReportsIgnored++;
            Record(new JournalEntry { Kind = JournalKind.OrderEvent, Event = (byte)u.Kind, Slot = u.Slot, TimeNs = NowNs, TickToTradeNs = -1 });
            return;
        }

        if (u.Kind == OrderEventKind.Fill)
        {
            Counters.Fills++;
            Counters.FilledQty += u.FillQty;
            _risk.OnFill(u.Instrument, u.Side, u.FillQty, u.FillPrice);
        }

        ref readonly OrderRecord o = ref _orders[u.Slot];
        long now = NowNs;
        Record(new JournalEntry
        {
            Kind = JournalKind.OrderEvent, Event = (byte)u.Kind, Slot = u.Slot, Instrument = (ushort)u.Instrument, Side = u.Side,
            State = u.State, Price = u.Kind == OrderEventKind.Fill ? u.FillPrice : o.Price, Qty = u.FillQty, Leaves = u.LeavesQty,
            TimeInForce = o.TimeInForce, TriggerSeq = o.TriggerSeq, TimeNs = now, TickToTradeNs = -1,
        });
        if (!_strategyStopped)
        {
            _strategy.OnOrderEvent(new OrderEvent(u.Kind, u.Slot, (ushort)u.Instrument, u.Side, u.FillQty, u.FillPrice, u.LeavesQty, u.State, now), _intents);
            if (_intents.Count != 0)
            {
                ActOnIntents(0, 0, triggered: false);
            }
        }

        if (_risk.TakeKillSwitchEngaged())
        {
            OnKillSwitch();
        }
    }

    private void Release(in OrderUpdate u)
    {
        if (u.ReleasedQty > 0)
        {
            _risk.Release(u.Instrument, u.Side, u.ReleasedPrice, u.ReleasedQty);
        }

        if (u.ExtraReleasedQty > 0)
        {
            _risk.Release(u.Instrument, u.Side, u.ExtraReleasedPrice, u.ExtraReleasedQty);
        }
    }

    // ---- Keeping the order path warm -----------------------------------------------------------------

    /// <summary>
    /// Runs the order path's risk check and encoder on a throw-away order (nothing is booked, sent or
    /// recorded): an order that comes once in thousands of messages would otherwise find their code
    /// and data evicted by the books and pay the cache misses inside its tick-to-trade. Called by the
    /// engine's loop every Engine:WarmOrderPathMicros; costs about what one order's risk and encode do.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int WarmOrderPath()
    {
        int slot = _orders.Count;
        _warmSink += (int)_risk.Probe(0, Side.Buy, 1, 1, 0, 1, _captureNs, OrderTable.IdNumber(slot));
        _warmSink += _orders.Warm(slot);
        int idLength = _orders.FormatClOrdId(slot, _clOrdId);
        _warmSink += _gateway.WarmEncode(_clOrdId.AsSpan(0, idLength), "WARM"u8);
        return 0;
    }

    private int _warmSink;
    private long _lastWarmTicks;

    /// <summary>Cycle-counter ticks between two warm-ups of the order path (0: never); set by the engine's loop.</summary>
    internal long WarmEveryTicks { get; set; }

    /// <summary>Warms the order path if <see cref="WarmEveryTicks"/> have passed since the last time (one timer for the packet and idle checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WarmIfDue(long nowTicks)
    {
        if (WarmEveryTicks > 0 && nowTicks - _lastWarmTicks >= WarmEveryTicks)
        {
            _lastWarmTicks = nowTicks;
            WarmOrderPath();
        }
    }

    /// <summary>
    /// After each packet: warm the order path if it is due. A burst of packets can hold a thousand
    /// messages, so a check between bursts alone leaves the order path to go cold inside one. Done
    /// after the packet, so the packet's own orders never wait for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AfterPacket() => WarmIfDue(_rxTicks);

    // ---- Timers, control, kill switch ---------------------------------------------------------------

    /// <summary>The strategy's timer and requests from other threads (kill switch). Cheap when idle.</summary>
    public int Poll()
    {
        int work = 0;
        if (_killRequest != 0)
        {
            work = 1;
            HandleKillRequest();
        }

        if (_strategyStopped)
        {
            return work;
        }

        _strategy.OnTimer(NowNs, _intents);
        if (_intents.Count != 0)
        {
            ActOnIntents(0, 0, triggered: false);
            work = 1;
        }

        return work;
    }

    /// <summary>Shutdown: the strategy is not called again (the books and the venue's answers go on).</summary>
    public void StopStrategy() => _strategyStopped = true;

    /// <summary>From any thread (control command, SIGUSR1): engage the kill switch at the engine's next turn.</summary>
    public void RequestKillSwitch(KillSwitchCause cause) => _killRequest = (int)cause;

    /// <summary>From any thread: re-enable trading at the engine's next turn.</summary>
    public void RequestKillSwitchReset() => _killRequest = -1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HandleKillRequest()
    {
        int request = Interlocked.Exchange(ref _killRequest, 0);
        if (request < 0)
        {
            _risk.ResetKillSwitch();
            return;
        }

        _risk.Engage((KillSwitchCause)request);
        if (_risk.TakeKillSwitchEngaged())
        {
            OnKillSwitch();
        }
    }

    /// <summary>The kill switch engaged: journal it, cancel every open order.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnKillSwitch()
    {
        Counters.KillSwitchEngagements++;
        Record(new JournalEntry { Kind = JournalKind.KillSwitch, Decision = (byte)_risk.KillSwitch, Slot = -1, TimeNs = NowNs, TickToTradeNs = -1 });
        CancelAllOpen();
    }

    /// <summary>Sends a cancel for every open order that has no cancel pending; returns how many.</summary>
    public int CancelAllOpen()
    {
        int n = 0;
        for (int i = 0; i < _orders.Count; i++)
        {
            ref readonly OrderRecord o = ref _orders[i];
            if (o.Kind == OrderKind.Order && o.State is OrderState.PendingNew or OrderState.New or OrderState.PartiallyFilled)
            {
                Cancel(i, o.TriggerSeq, isStrategy: false);
                n++;
            }
        }

        return n;
    }

    // ---- Journal -----------------------------------------------------------------------------------

    private void RecordIntent(in OrderIntent intent, byte decision, int slot, ulong trigger, long tickToTrade)
    {
        if (decision != (byte)RiskReason.Accepted)
        {
            Counters.CountRefusal(decision);
        }

        Record(new JournalEntry
        {
            Kind = JournalKind.Intent, Event = (byte)intent.Kind, Decision = decision, Side = intent.Side, TimeInForce = intent.TimeInForce,
            Instrument = intent.Instrument, Slot = slot, Price = intent.Price, Qty = intent.Qty, TriggerSeq = trigger,
            TickToTradeNs = tickToTrade, TimeNs = NowNs,
        });
    }

    private void RecordCancelIntent(int orderId, byte decision, int request, ulong trigger, bool isStrategy)
    {
        bool known = (uint)orderId < (uint)_orders.Count;
        OrderRecord o = known ? _orders[orderId] : default;
        if (decision != (byte)RiskReason.Accepted && isStrategy)
        {
            Counters.CountRefusal(decision);
        }

        Record(new JournalEntry
        {
            Kind = isStrategy ? JournalKind.Intent : JournalKind.EngineCancel, Event = (byte)IntentKind.Cancel, Decision = decision,
            Side = o.Side, TimeInForce = o.TimeInForce, Instrument = (ushort)o.Instrument, Slot = request, Price = o.Price, Qty = o.LeavesQty,
            TriggerSeq = trigger, TickToTradeNs = -1, TimeNs = NowNs,
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Record(in JournalEntry entry)
    {
        if (!_journal.TryWrite(in entry))
        {
            Counters.JournalDropped++;
        }
    }

    public void Dispose() => _gateway.Dispose();
}
