using Gateway.MarketData.Itch;

namespace Gateway.Lab.Generation;

/// <summary>Settings of a synthetic ITCH 5.0 day.</summary>
public sealed record ItchGeneratorOptions
{
    public int Seed { get; init; } = 1;

    public int Instruments { get; init; } = 100;

    /// <summary>Messages after the opening directory (S, R, H messages come first and are not counted here).</summary>
    public long Messages { get; init; } = 100_000;

    /// <summary>Mean messages per second outside bursts.</summary>
    public double MeanRate { get; init; } = 200_000;

    /// <summary>Rate multiplier inside a microburst.</summary>
    public double BurstFactor { get; init; } = 10;

    /// <summary>Chance per message that a microburst starts; bursts last about <see cref="BurstLength"/> messages.</summary>
    public double BurstProbability { get; init; } = 0.002;

    public int BurstLength { get; init; } = 300;

    /// <summary>
    /// Activity as on a real day: concentrated on few instruments (instrument drawn as N·u³, so the
    /// busiest tenth gets about half the messages) and on young orders (four in five executions,
    /// cancels, deletes and replaces hit one of the instrument's 32 most recently added orders).
    /// Off: instruments and orders drawn uniformly, the harshest case for the books' caches.
    /// </summary>
    public bool Realistic { get; init; } = true;
}

/// <summary>
/// A deterministic synthetic ITCH 5.0 stream with the real message mix: it keeps a model of every
/// live order so that executions, cancels, deletes and replaces name real orders and never take
/// more shares than the order has. Mix after the opening (per 1,000 messages): A 400, D 380,
/// U 80, E 60, X 40, F 15, P 15, C 5, rare types (Y, L, I, N, H) 5. Arrivals are Poisson at
/// <see cref="ItchGeneratorOptions.MeanRate"/> with microbursts at
/// <see cref="ItchGeneratorOptions.BurstFactor"/> times that rate.
/// </summary>
public sealed class ItchStreamGenerator
{
    /// <summary>09:30:00 in ns since midnight.</summary>
    public const ulong MarketOpenNs = 34_200_000_000_000;

    private readonly ItchGeneratorOptions _options;
    private readonly Random _random;
    private readonly byte[][] _symbols;
    private readonly uint[] _midPrice;
    private readonly List<LiveOrder>[] _live;
    private readonly Queue<Func<Span<byte>, int>> _opening = new();
    private ulong _now = MarketOpenNs - 1_000_000_000;
    private ulong _nextRef = 1;
    private ulong _nextMatch = 1;
    private long _generated;
    private int _burstLeft;
    private bool _closed;

    private struct LiveOrder
    {
        public ulong Ref;
        public ItchSide Side;
        public uint Shares;
        public Price4 Price;
    }

    public ItchStreamGenerator(ItchGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Instruments is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "instruments must be 1-65535");
        }

        _options = options;
        _random = new Random(options.Seed);
        _symbols = new byte[options.Instruments][];
        _midPrice = new uint[options.Instruments];
        _live = new List<LiveOrder>[options.Instruments];
        for (int i = 0; i < options.Instruments; i++)
        {
            _symbols[i] = SymbolFor(i);
            _midPrice[i] = (uint)_random.Next(5, 500) * 10_000; // $5 to $500
            _live[i] = [];
        }

        QueueOpening();
    }

    /// <summary>Counts of generated messages by type letter.</summary>
    public long[] CountsByType { get; } = new long[256];

    public long TotalMessages { get; private set; }

    public ReadOnlySpan<byte> Symbol(int instrument) => _symbols[instrument];

    /// <summary>Stock locate of an instrument (1-based, as NASDAQ assigns them).</summary>
    public static ushort LocateOf(int instrument) => (ushort)(instrument + 1);

    /// <summary>Writes the next message into <paramref name="destination"/> (at least 64 bytes); 0 when the day is over.</summary>
    public int Next(Span<byte> destination, out ulong timestampNs)
    {
        int n;
        if (_opening.Count > 0)
        {
            _now += 1_000;
            n = _opening.Dequeue()(destination);
        }
        else if (_generated < _options.Messages)
        {
            Advance();
            n = NextTradingMessage(destination);
            _generated++;
        }
        else if (!_closed)
        {
            _closed = true;
            _now += 1_000;
            n = ItchWriter.WriteSystemEvent(destination, new StockLocate(0), 0, _now, (byte)'M');
        }
        else
        {
            timestampNs = _now;
            return 0;
        }

        timestampNs = _now;
        CountsByType[destination[0]]++;
        TotalMessages++;
        return n;
    }

    private static byte[] SymbolFor(int i)
    {
        // AAAA, AAAB, ...: four letters cover 456,976 instruments.
        byte[] s = new byte[4];
        for (int k = 3; k >= 0; k--)
        {
            s[k] = (byte)('A' + (i % 26));
            i /= 26;
        }

        return s;
    }

    private void QueueOpening()
    {
        _opening.Enqueue(d => ItchWriter.WriteSystemEvent(d, new StockLocate(0), 0, _now, (byte)'O'));
        for (int i = 0; i < _options.Instruments; i++)
        {
            int instrument = i;
            _opening.Enqueue(d => ItchWriter.WriteStockDirectory(d, new StockLocate(LocateOf(instrument)), 0, _now, _symbols[instrument],
                (byte)'Q', (byte)'N', 100, (byte)'N', (byte)'C', "Z "u8, (byte)'P', (byte)'N', (byte)'N', (byte)'2', (byte)'N', 0, (byte)'N'));
            _opening.Enqueue(d => ItchWriter.WriteStockTradingAction(d, new StockLocate(LocateOf(instrument)), 0, _now, _symbols[instrument],
                (byte)'T', (byte)' ', "    "u8));
        }

        _opening.Enqueue(d =>
        {
            _now = Math.Max(_now, MarketOpenNs);
            return ItchWriter.WriteSystemEvent(d, new StockLocate(0), 0, _now, (byte)'Q');
        });
    }

    private void Advance()
    {
        if (_burstLeft == 0 && _random.NextDouble() < _options.BurstProbability)
        {
            _burstLeft = _options.BurstLength;
        }

        double rate = _options.MeanRate * (_burstLeft > 0 ? _options.BurstFactor : 1);
        if (_burstLeft > 0)
        {
            _burstLeft--;
        }

        _now += (ulong)Math.Max(1, -Math.Log(1 - _random.NextDouble()) * 1e9 / rate);
    }

    private int NextTradingMessage(Span<byte> d)
    {
        int roll = _random.Next(1000);
        int instrument = _options.Realistic
            ? Math.Min((int)(_options.Instruments * Math.Pow(_random.NextDouble(), 3)), _options.Instruments - 1)
            : _random.Next(_options.Instruments);
        List<LiveOrder> live = _live[instrument];
        bool haveOrder = live.Count > 0;

        // Without a live order to act on, everything becomes an add.
        if (roll < 400 || !haveOrder)
        {
            return Add(d, instrument, mpid: false);
        }

        // Recent orders sit at the end of the list (adds append; a removal moves the last one into its slot).
        int pick = _options.Realistic && _random.Next(5) != 0
            ? live.Count - 1 - _random.Next(Math.Min(32, live.Count))
            : _random.Next(live.Count);
        LiveOrder order = live[pick];
        var locate = new StockLocate(LocateOf(instrument));
        var orderRef = new OrderRef(order.Ref);
        if (roll < 780)
        {
            Remove(instrument, pick);
            return ItchWriter.WriteOrderDelete(d, locate, 0, _now, orderRef);
        }

        if (roll < 860)
        {
            Remove(instrument, pick);
            uint shares = RoundLot();
            Price4 price = Near(instrument, order.Side);
            ulong newRef = _nextRef++;
            Insert(instrument, new LiveOrder { Ref = newRef, Side = order.Side, Shares = shares, Price = price });
            return ItchWriter.WriteOrderReplace(d, locate, 0, _now, orderRef, new OrderRef(newRef), shares, price);
        }

        if (roll < 920 || (roll >= 975 && roll < 980))
        {
            uint executed = Math.Min(order.Shares, (uint)_random.Next(1, 4) * 100);
            Reduce(instrument, pick, executed);
            return roll < 920
                ? ItchWriter.WriteOrderExecuted(d, locate, 0, _now, orderRef, executed, _nextMatch++)
                : ItchWriter.WriteOrderExecutedWithPrice(d, locate, 0, _now, orderRef, executed, _nextMatch++, (byte)'Y', order.Price);
        }

        if (roll < 960)
        {
            uint canceled = Math.Min(order.Shares, (uint)_random.Next(1, 3) * 100);
            Reduce(instrument, pick, canceled);
            return ItchWriter.WriteOrderCancel(d, locate, 0, _now, orderRef, canceled);
        }

        if (roll < 975)
        {
            return Add(d, instrument, mpid: true);
        }

        if (roll < 995)
        {
            // Non-displayed trade: no book change.
            return ItchWriter.WriteTrade(d, locate, 0, _now, new OrderRef(0), ItchSide.Buy, RoundLot(), _symbols[instrument],
                new Price4(_midPrice[instrument]), _nextMatch++);
        }

        return roll switch
        {
            995 => ItchWriter.WriteRegShoRestriction(d, locate, 0, _now, _symbols[instrument], (byte)'0'),
            996 => ItchWriter.WriteRpii(d, locate, 0, _now, _symbols[instrument], (byte)'B'),
            _ => ItchWriter.WriteStockTradingAction(d, locate, 0, _now, _symbols[instrument], (byte)'T', (byte)' ', "    "u8),
        };
    }

    private int Add(Span<byte> d, int instrument, bool mpid)
    {
        var side = _random.Next(2) == 0 ? ItchSide.Buy : ItchSide.Sell;
        var order = new LiveOrder { Ref = _nextRef++, Side = side, Shares = RoundLot(), Price = Near(instrument, side) };
        Insert(instrument, order);
        var locate = new StockLocate(LocateOf(instrument));
        return mpid
            ? ItchWriter.WriteAddOrderMpid(d, locate, 0, _now, new OrderRef(order.Ref), side, order.Shares, _symbols[instrument], order.Price, "GWMM"u8)
            : ItchWriter.WriteAddOrder(d, locate, 0, _now, new OrderRef(order.Ref), side, order.Shares, _symbols[instrument], order.Price);
    }

    private uint RoundLot() => (uint)_random.Next(1, 11) * 100;

    /// <summary>A price 1-20 ticks ($0.01) away from the mid on the order's own side, so books do not cross.</summary>
    private Price4 Near(int instrument, ItchSide side)
    {
        uint ticks = (uint)_random.Next(1, 21) * 100;
        uint mid = _midPrice[instrument];
        return new Price4(side == ItchSide.Buy ? mid - ticks : mid + ticks);
    }

    private void Insert(int instrument, LiveOrder order)
    {
        _live[instrument].Add(order);
    }

    private void Remove(int instrument, int index)
    {
        List<LiveOrder> live = _live[instrument];
        int last = live.Count - 1;
        if (index != last)
        {
            live[index] = live[last];
        }

        live.RemoveAt(last);
    }

    private void Reduce(int instrument, int index, uint shares)
    {
        LiveOrder order = _live[instrument][index];
        if (shares >= order.Shares)
        {
            Remove(instrument, index);
            return;
        }

        order.Shares -= shares;
        _live[instrument][index] = order;
    }
}
