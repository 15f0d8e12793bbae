using System.Globalization;
using System.Text;
using Gateway.Core.Agents;
using Gateway.Core.Concurrent;
using Gateway.Core.Trading;
using Gateway.Engine.Strategies;
using Gateway.OrderEntry.Orders;
using Gateway.Risk;

namespace Gateway.Engine.Journal;

/// <summary>
/// The async end of the journal ring: an agent on its own thread that turns entries into text —
/// the <c>--orders-out</c> CSV (every intent and its decision, in the order emitted) and the audit
/// journal (everything) — and drains the log ring to standard error. Files are written through
/// buffered streams; nothing here runs on the critical path.
/// </summary>
public sealed class JournalWriter : IAgent, IDisposable
{
    /// <summary>The <c>--orders-out</c> header (the output contract).</summary>
    public const string OrdersHeader = "symbol,side,price,qty,tif,decision,clordid,trigger_seq,tick_to_trade_ns";

    /// <summary>The audit journal's header.</summary>
    public const string JournalHeader = "time_ns,record,event,decision,clordid,symbol,side,price,qty,leaves,state,trigger_seq,tick_to_trade_ns";

    private readonly SpscRing<JournalEntry> _ring;
    private readonly SpscRing<string>? _log;
    private readonly SymbolTable _symbols;
    private readonly OrderTable _orders;
    private readonly Output.PendingOutput? _ordersFile;
    private readonly StreamWriter? _ordersOut;
    private readonly StreamWriter? _journal;
    private readonly TextWriter _logOut;
    private readonly byte[] _id = new byte[40];
    private readonly StringBuilder _line = new(256);
    private long _unflushed;

    /// <param name="ordersOut">The <c>--orders-out</c> file, or null.</param>
    /// <param name="journal">The audit journal (appended to), or null.</param>
    public JournalWriter(SpscRing<JournalEntry> ring, SpscRing<string>? log, SymbolTable symbols, OrderTable orders, string? ordersOut, string? journal,
        TextWriter? logOut = null)
    {
        _ring = ring;
        _log = log;
        _symbols = symbols;
        _orders = orders;
        _logOut = logOut ?? Console.Error;
        if (ordersOut is not null)
        {
            // Written under a temporary name and renamed into place when the run is over (OutputFiles).
            _ordersFile = Output.OutputFiles.Begin(ordersOut);
            _ordersOut = new StreamWriter(new FileStream(_ordersFile.WritePath, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false), 1 << 16);
            _ordersOut.NewLine = "\n";
            _ordersOut.WriteLine(OrdersHeader);
        }

        if (journal is not null)
        {
            bool fresh = !File.Exists(journal) || new FileInfo(journal).Length == 0;
            _journal = new StreamWriter(new FileStream(journal, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false), 1 << 16);
            _journal.NewLine = "\n";
            if (fresh)
            {
                _journal.WriteLine(JournalHeader);
            }
        }
    }

    public string Name => "journal-writer";

    /// <summary>Intent lines written to <c>--orders-out</c>.</summary>
    public long IntentLines { get; private set; }

    public long Entries { get; private set; }

    /// <summary>The first write error (a full disk): writing stopped there; the orders file is not renamed into place.</summary>
    public IOException? Error { get; private set; }

    private bool _closed;

    public void OnStart()
    {
    }

    public int DoWork()
    {
        try
        {
            return Step();
        }
        catch (IOException e)
        {
            Error ??= e;
            while (_ring.TryRead(out _))
            {
            }

            return 0;
        }
    }

    private int Step()
    {
        if (Error is not null)
        {
            return 0;
        }

        int work = 0;
        while (work < 4096 && _ring.TryRead(out JournalEntry e))
        {
            Write(in e);
            work++;
        }

        while (_log is not null && work < 8192 && _log.TryRead(out string? line))
        {
            _logOut.WriteLine(line);
            work++;
        }

        _unflushed += work;
        if (work == 0 && _unflushed > 0)
        {
            // Idle: make what was written visible (a tail -f of the journal sees it within the idle period).
            _ordersOut?.Flush();
            _journal?.Flush();
            _unflushed = 0;
        }

        return work;
    }

    /// <summary>Writes whatever is left in the rings (after the critical path has stopped).</summary>
    public void Drain()
    {
        while (DoWork() > 0)
        {
        }

        try
        {
            _ordersOut?.Flush();
            _journal?.Flush();
        }
        catch (IOException e)
        {
            Error ??= e;
        }
    }

    /// <summary>The critical path has stopped: write the rest, close the files, put the orders file in place.</summary>
    public void OnClose() => Close();

    private void Close()
    {
        if (_closed)
        {
            return;
        }

        Drain();
        _closed = true;
        try
        {
            _ordersOut?.Dispose();
            _journal?.Dispose();
            if (Error is null)
            {
                _ordersFile?.Commit();
            }
        }
        catch (IOException e)
        {
            Error ??= e;
        }

        _ordersFile?.Dispose();
    }

    private void Write(in JournalEntry e)
    {
        Entries++;
        if (e.Kind == JournalKind.Intent && _ordersOut is not null)
        {
            WriteIntent(in e);
        }

        if (_journal is not null)
        {
            WriteAudit(in e);
        }
    }

    private void WriteIntent(in JournalEntry e)
    {
        IntentLines++;
        StringBuilder b = _line.Clear();
        b.Append(_symbols.Name(e.Instrument)).Append(',')
            .Append(e.Side == Side.Buy ? 'B' : 'S').Append(',');
        AppendPrice(b, e.Price).Append(',')
            .Append(e.Qty.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(TifColumn(in e)).Append(',')
            .Append(EngineRefusal.Name(e.Decision)).Append(',');
        AppendClOrdId(b, e.Slot).Append(',')
            .Append(e.TriggerSeq.ToString(CultureInfo.InvariantCulture)).Append(',');
        if (e.TickToTradeNs >= 0)
        {
            b.Append(e.TickToTradeNs.ToString(CultureInfo.InvariantCulture));
        }

        _ordersOut!.WriteLine(b);
    }

    /// <summary>A new order's time in force; cancel and replace intents say CXL and RPL in that column.</summary>
    private static string TifColumn(in JournalEntry e) => (IntentKind)e.Event switch
    {
        IntentKind.Cancel => "CXL",
        IntentKind.Replace => "RPL",
        _ => TimeInForces.Name(e.TimeInForce),
    };

    private void WriteAudit(in JournalEntry e)
    {
        StringBuilder b = _line.Clear();
        b.Append(e.TimeNs.ToString(CultureInfo.InvariantCulture)).Append(',');
        switch (e.Kind)
        {
            case JournalKind.Intent:
                b.Append("intent,").Append(((IntentKind)e.Event).ToString().ToLowerInvariant()).Append(',').Append(EngineRefusal.Name(e.Decision));
                break;
            case JournalKind.OrderEvent:
                b.Append("report,").Append(((OrderEventKind)e.Event).ToString().ToLowerInvariant()).Append(',');
                break;
            case JournalKind.EngineCancel:
                b.Append("engine_cancel,cancel,").Append(EngineRefusal.Name(e.Decision));
                break;
            case JournalKind.KillSwitch:
                b.Append("kill_switch,engaged,").Append(((KillSwitchCause)e.Decision).ToString().ToLowerInvariant());
                break;
        }

        b.Append(',');
        AppendClOrdId(b, e.Slot).Append(',');
        if (e.Kind != JournalKind.KillSwitch && e.Side != 0)
        {
            b.Append(_symbols.Name(e.Instrument)).Append(',').Append(e.Side == Side.Buy ? 'B' : 'S').Append(',');
            AppendPrice(b, e.Price).Append(',').Append(e.Qty.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(e.Leaves.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(e.Kind == JournalKind.OrderEvent ? e.State.ToString() : "").Append(',');
        }
        else
        {
            b.Append(",,,,,,");
        }

        b.Append(e.TriggerSeq.ToString(CultureInfo.InvariantCulture)).Append(',');
        if (e.TickToTradeNs >= 0)
        {
            b.Append(e.TickToTradeNs.ToString(CultureInfo.InvariantCulture));
        }

        _journal!.WriteLine(b);
    }

    private StringBuilder AppendClOrdId(StringBuilder b, int slot)
    {
        if (slot >= 0)
        {
            int n = _orders.FormatClOrdId(slot, _id);
            for (int i = 0; i < n; i++)
            {
                b.Append((char)_id[i]);
            }
        }

        return b;
    }

    /// <summary>Price units with exactly four decimals.</summary>
    internal static StringBuilder AppendPrice(StringBuilder b, long units)
    {
        if (units < 0)
        {
            b.Append('-');
            units = -units;
        }

        return b.Append((units / PriceUnits.PerUnit).ToString(CultureInfo.InvariantCulture)).Append('.')
            .Append((units % PriceUnits.PerUnit).ToString("D4", CultureInfo.InvariantCulture));
    }

    public void Dispose() => Close();
}
