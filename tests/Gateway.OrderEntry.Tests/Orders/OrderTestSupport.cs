using System.Globalization;
using System.Text;
using Gateway.Core.Trading;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Orders;

namespace Gateway.OrderEntry.Tests.Orders;

/// <summary>
/// The venue's side of the conversation as FIX bytes: ExecutionReports and OrderCancelRejects
/// encoded with the project's <see cref="FixEncoder"/>, checked against the full FIX 4.4 dictionary
/// (unless a test wants a malformed one), then parsed with <see cref="FixParser"/> and applied to
/// the table, so the table is tested against bytes, never against structs made up for it.
/// </summary>
internal sealed class Venue
{
    private readonly FixEncoder _encoder = new(new byte[4096]);
    private readonly FixMessageTemplate _executionReport = new(FixMsgType.ExecutionReport, "VENUE", "GATEWAY");
    private readonly FixMessageTemplate _cancelReject = new(FixMsgType.OrderCancelReject, "VENUE", "GATEWAY");
    private readonly FixMessageTemplate _news = new("B", "VENUE", "GATEWAY");
    private readonly FixParser _parser = new();
    private readonly FixFieldTable _table = new();
    private readonly FixValidator _validator = new(FixDictionary.Fix44);
    private int _seq = 1;
    private int _execId;

    public Venue(OrderTable table) => Table = table;

    public OrderTable Table { get; }

    public string Id(int slot)
    {
        Span<byte> id = stackalloc byte[32];
        return Encoding.ASCII.GetString(id[..Table.FormatClOrdId(slot, id)]);
    }

    /// <summary>
    /// An ExecutionReport for <paramref name="clOrdId"/>. Fields the venue always sends (OrderID,
    /// ExecID, Side, Symbol, LeavesQty, CumQty, AvgPx) are filled in; <paramref name="omit"/> leaves a
    /// tag out and <paramref name="replace"/> writes a raw value instead, for malformed reports.
    /// </summary>
    public byte[] Report(string clOrdId, byte execType, byte ordStatus, long cum, long leaves, long lastQty = 0, decimal lastPx = 0,
        string? origClOrdId = null, Side side = Side.Buy, int omit = 0, (int Tag, string Value)? replace = null)
    {
        FixEncoder e = _encoder;
        e.Begin(_executionReport);
        Str(e, FixTag.OrderID, "V-" + clOrdId, omit, replace);
        Str(e, FixTag.ClOrdID, clOrdId, omit, replace);
        if (origClOrdId is not null)
        {
            Str(e, FixTag.OrigClOrdID, origClOrdId, omit, replace);
        }

        Str(e, FixTag.ExecID, "E" + (++_execId).ToString(CultureInfo.InvariantCulture), omit, replace);
        Str(e, FixTag.ExecType, ((char)execType).ToString(), omit, replace);
        Str(e, FixTag.OrdStatus, ((char)ordStatus).ToString(), omit, replace);
        Str(e, FixTag.Symbol, "AAPL", omit, replace);
        Str(e, FixTag.Side, side == Side.Buy ? "1" : "2", omit, replace);
        if (execType == FixValues.ExecType.Trade)
        {
            Str(e, FixTag.LastQty, lastQty.ToString(CultureInfo.InvariantCulture), omit, replace);
            Str(e, FixTag.LastPx, lastPx.ToString("0.00##", CultureInfo.InvariantCulture), omit, replace);
        }

        Str(e, FixTag.LeavesQty, leaves.ToString(CultureInfo.InvariantCulture), omit, replace);
        Str(e, FixTag.CumQty, cum.ToString(CultureInfo.InvariantCulture), omit, replace);
        Str(e, FixTag.AvgPx, cum == 0 ? "0" : lastPx.ToString("0.00##", CultureInfo.InvariantCulture), omit, replace);
        return Finish(valid: omit == 0 && replace is null);
    }

    /// <summary>An OrderCancelReject (35=9) answering the request <paramref name="clOrdId"/> for the order <paramref name="origClOrdId"/>.</summary>
    public byte[] CancelReject(string clOrdId, string origClOrdId, byte responseTo, byte ordStatus = FixValues.OrdStatus.New)
    {
        FixEncoder e = _encoder;
        e.Begin(_cancelReject);
        e.AppendString(FixTag.OrderID, Encoding.ASCII.GetBytes("V-" + origClOrdId));
        e.AppendString(FixTag.ClOrdID, Encoding.ASCII.GetBytes(clOrdId));
        e.AppendString(FixTag.OrigClOrdID, Encoding.ASCII.GetBytes(origClOrdId));
        e.AppendChar(FixTag.OrdStatus, ordStatus);
        e.AppendChar(FixTag.CxlRejResponseTo, responseTo);
        e.AppendString(FixTag.Text, "too late"u8);
        return Finish(valid: true);
    }

    public byte[] News()
    {
        FixEncoder e = _encoder;
        e.Begin(_news);
        e.AppendString(FixTag.Headline, "hello"u8);
        e.AppendInt(33, 1); // LinesOfText
        e.AppendString(FixTag.Text, "world"u8);
        return Finish(valid: true);
    }

    /// <summary>Parses the bytes and hands them to the table, as the session would.</summary>
    public OrderUpdate Send(byte[] message)
    {
        Assert.Equal(FixParseStatus.Ok, _parser.Parse(message, _table));
        return Table.Apply(new FixMessageView(message, _table));
    }

    private static void Str(FixEncoder e, int tag, string value, int omit, (int Tag, string Value)? replace)
    {
        if (tag == omit)
        {
            return;
        }

        e.AppendString(tag, Encoding.ASCII.GetBytes(replace is { } r && r.Tag == tag ? r.Value : value));
    }

    private byte[] Finish(bool valid)
    {
        byte[] message = _encoder.Finish(_seq++, 1_772_443_800_000_000_000).ToArray();
        Assert.Equal(FixParseStatus.Ok, _parser.Parse(message, _table));
        FixValidationResult result = _validator.Validate(new FixMessageView(message, _table));
        if (valid)
        {
            Assert.True(result.Outcome == FixValidationOutcome.Valid,
                $"test report not valid FIX 4.4 ({result.Reason}, tag {result.RefTagId}): {Fix.Fix.Text(message)}");
        }

        return message;
    }
}

/// <summary>
/// What pre-trade risk holds for the table's orders, kept the way the engine keeps it: an order
/// books its quantity at its limit, a replace books its new leaves at its new limit, and every
/// update's released quantities come off. Whatever is left must be exactly what is still open.
/// </summary>
internal sealed class RiskLedger
{
    public long OpenQty { get; private set; }

    public long OpenNotional { get; private set; }

    public long Filled { get; private set; }

    public void Book(long qty, long price)
    {
        OpenQty += qty;
        OpenNotional += qty * price;
    }

    public void Apply(in OrderUpdate u)
    {
        OpenQty -= u.ReleasedQty + u.ExtraReleasedQty;
        OpenNotional -= (u.ReleasedQty * u.ReleasedPrice) + (u.ExtraReleasedQty * u.ExtraReleasedPrice);
        Filled += u.Kind == OrderEventKind.Fill ? u.FillQty : 0;
    }

    /// <summary>Booked less released equals the leaves of every live order and every replace still pending, at their prices.</summary>
    public void AssertMatches(OrderTable table)
    {
        long qty = 0, notional = 0;
        for (int i = 0; i < table.Count; i++)
        {
            ref readonly OrderRecord r = ref table[i];
            bool liveOrder = r.Kind == OrderKind.Order && !r.IsTerminal;
            bool pendingReplace = r.Kind == OrderKind.ReplaceRequest && r.State == OrderState.PendingNew;
            if (liveOrder || pendingReplace)
            {
                qty += r.LeavesQty;
                notional += r.LeavesQty * r.Price;
            }
        }

        Assert.Equal(qty, OpenQty);
        Assert.Equal(notional, OpenNotional);
        Assert.True(OpenQty >= 0 && OpenNotional >= 0, "released more than was booked");
    }
}

/// <summary>One table, its venue and its risk ledger, with the engine's bookkeeping around order creation.</summary>
internal sealed class OrderDesk
{
    public const string Prefix = "T-";

    public OrderDesk(int capacity = 64)
    {
        Table = new OrderTable(capacity, Prefix);
        Venue = new Venue(Table);
    }

    public OrderTable Table { get; }

    public Venue Venue { get; }

    public RiskLedger Risk { get; } = new();

    public OrderTableCounters Counters => Table.Counters;

    public int NewOrder(long qty = 100, decimal price = 10m, Side side = Side.Buy, TimeInForce tif = TimeInForce.Day)
    {
        long units = PriceUnits.FromDecimal(price);
        int slot = Table.TryCreateOrder(3, side, units, qty, tif, 77, 1_000);
        Assert.True(slot >= 0);
        Risk.Book(qty, units);
        return slot;
    }

    public int Replace(int order, long qty, decimal price)
    {
        long units = PriceUnits.FromDecimal(price);
        int slot = Table.TryCreateReplace(order, units, qty, 2_000);
        Assert.True(slot >= 0);
        Risk.Book(Table[slot].LeavesQty, units);
        return slot;
    }

    public int Cancel(int order)
    {
        int slot = Table.TryCreateCancel(order, 2_000);
        Assert.True(slot >= 0);
        return slot;
    }

    public OrderUpdate Send(byte[] message)
    {
        OrderUpdate u = Venue.Send(message);
        Risk.Apply(u);
        Risk.AssertMatches(Table);
        return u;
    }

    public string Id(int slot) => Venue.Id(slot);

    // Reports by kind, with the order's own ClOrdID unless a request's is given.
    public OrderUpdate Ack(int slot, long leaves = 100) =>
        Send(Venue.Report(Id(slot), FixValues.ExecType.New, FixValues.OrdStatus.New, 0, leaves));

    public OrderUpdate Fill(int slot, long lastQty, long cum, long leaves, decimal price = 10m) =>
        Send(Venue.Report(Id(slot), FixValues.ExecType.Trade, leaves == 0 ? FixValues.OrdStatus.Filled : FixValues.OrdStatus.PartiallyFilled,
            cum, leaves, lastQty, price));

    public OrderUpdate Cancelled(int slot, long cum, string? orig = null) =>
        Send(Venue.Report(Id(slot), FixValues.ExecType.Canceled, FixValues.OrdStatus.Canceled, cum, 0, origClOrdId: orig));

    /// <summary>The update must be Ignored with nothing to release and no fill.</summary>
    public static void AssertIgnored(in OrderUpdate u)
    {
        Assert.Equal(OrderEventKind.Ignored, u.Kind);
        Assert.Equal(0, u.ReleasedQty);
        Assert.Equal(0, u.ExtraReleasedQty);
        Assert.Equal(0, u.FillQty);
    }

    /// <summary>Every counter of the table, by name: the ones named are expected at the value given, every other at zero.</summary>
    public void AssertCounters(params (string Name, long Value)[] expected)
    {
        foreach (System.Reflection.FieldInfo f in typeof(OrderTableCounters).GetFields())
        {
            long want = expected.FirstOrDefault(e => e.Name == f.Name).Value;
            Assert.True(want == (long)f.GetValue(Counters)!, $"OrderTableCounters.{f.Name}: expected {want}, got {f.GetValue(Counters)}");
        }
    }
}
