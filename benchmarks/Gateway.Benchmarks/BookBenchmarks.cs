using BenchmarkDotNet.Attributes;
using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.Benchmarks;

/// <summary>
/// Book updates alone (no decode) over a pregenerated NASDAQ-like mix: A 40 %, F 1 %, D 38 %,
/// U 8 %, E 7 %, X 4 %, C 2 %; activity skewed to a few instruments and to prices near the top;
/// books prefilled to a steady state before each iteration.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class BookBenchmarks
{
    private const int Instruments = 8192;
    private const int Prefill = 200_000;
    private const int Ops = 2_000_000;

    private BookOp[] _prefill = [];
    private BookOp[] _ops = [];
    private OrderBooks? _books;

    /// <summary>Percent of removals (D, U, E, X) that hit a random live order rather than one of the 2,000 youngest.</summary>
    [Params(30, 0)]
    public int OldPercent { get; set; }

    [GlobalSetup]
    public void Setup() => (_prefill, _ops) = BookStream.Generate(Instruments, Prefill, Ops, OldPercent, seed: 42);

    [IterationSetup]
    public void Fresh()
    {
        _books?.Dispose();
        _books = new OrderBooks(new BookOptions { MaxInstruments = Instruments, MaxOrders = 1 << 20, RefWindow = 1 << 22, MaxLevels = 1 << 19 });
        Apply(_books, _prefill);
    }

    [GlobalCleanup]
    public void Cleanup() => _books?.Dispose();

    [Benchmark(OperationsPerInvoke = Ops)]
    public int Mix() => Apply(_books!, _ops);

    internal static int Apply(OrderBooks books, BookOp[] ops)
    {
        int ok = 0;
        for (int i = 0; i < ops.Length; i++)
        {
            ref readonly BookOp op = ref ops[i];
            BookResult r = op.Kind switch
            {
                BookOpKind.Add => books.AddOrder(op.Locate, op.Ref, op.Side, op.Shares, new Price4(op.Price)),
                BookOpKind.Execute => books.Execute(op.Ref, op.Shares),
                BookOpKind.Cancel => books.Cancel(op.Ref, op.Shares),
                BookOpKind.Delete => books.Delete(op.Ref),
                _ => books.Replace(op.Ref, op.NewRef, op.Shares, new Price4(op.Price)),
            };
            ok += r == BookResult.Ok ? 1 : 0;
        }

        return ok;
    }
}

internal enum BookOpKind : byte
{
    Add,
    Execute,
    Cancel,
    Delete,
    Replace,
}

internal struct BookOp
{
    public BookOpKind Kind;
    public byte Side;
    public ushort Locate;
    public uint Shares;
    public uint Price;
    public ulong Ref;
    public ulong NewRef;
}

/// <summary>A simple market simulator: enough realism for the book's access patterns, nothing more.</summary>
internal static class BookStream
{
    private struct Live
    {
        public ushort Locate;
        public byte Side;
        public uint Shares;
    }

    public static (BookOp[] Prefill, BookOp[] Ops) Generate(int instruments, int prefill, int count, int oldPercent, int seed)
    {
        var rng = new Random(seed);
        var mids = new uint[instruments];
        for (int i = 0; i < mids.Length; i++)
        {
            mids[i] = (uint)(rng.Next(1_000, 200_000) * 100);
        }

        var live = new Dictionary<ulong, Live>();
        var refs = new List<ulong>();
        ulong nextRef = 1_000_000;

        BookOp NewAdd()
        {
            // Cubic skew: low locates are the busy names.
            var locate = (ushort)(instruments * Math.Pow(rng.NextDouble(), 3));
            byte side = rng.Next(2) == 0 ? (byte)'B' : (byte)'S';
            uint price = PriceNear(rng, mids[locate], side);
            uint shares = (uint)(rng.Next(1, 10) * 100);
            ulong r = nextRef++;
            live[r] = new Live { Locate = locate, Side = side, Shares = shares };
            refs.Add(r);
            return new BookOp { Kind = BookOpKind.Add, Locate = locate, Side = side, Shares = shares, Price = price, Ref = r };
        }

        var pre = new BookOp[prefill];
        for (int i = 0; i < prefill; i++)
        {
            pre[i] = NewAdd();
        }

        var ops = new BookOp[count];
        for (int i = 0; i < count; i++)
        {
            int roll = rng.Next(100);
            if (roll < 41 || refs.Count < 1000)
            {
                ops[i] = NewAdd();
                continue;
            }

            // Most orders die young: pick among the newest most of the time.
            int k = rng.Next(100) >= oldPercent ? refs.Count - 1 - rng.Next(Math.Min(refs.Count, 2000)) : rng.Next(refs.Count);
            ulong r = refs[k];
            Live o = live[r];
            if (roll < 79)
            {
                ops[i] = new BookOp { Kind = BookOpKind.Delete, Ref = r };
                Forget(live, refs, k);
            }
            else if (roll < 87)
            {
                ulong n = nextRef++;
                uint shares = (uint)(rng.Next(1, 10) * 100);
                ops[i] = new BookOp { Kind = BookOpKind.Replace, Ref = r, NewRef = n, Shares = shares, Price = PriceNear(rng, mids[o.Locate], o.Side) };
                Forget(live, refs, k);
                live[n] = new Live { Locate = o.Locate, Side = o.Side, Shares = shares };
                refs.Add(n);
            }
            else
            {
                // E, C: execute; X: partial cancel. Half of executions take the whole order.
                bool full = roll < 96 && rng.Next(2) == 0;
                uint shares = full || o.Shares == 1 ? o.Shares : (uint)rng.Next(1, (int)o.Shares);
                ops[i] = new BookOp { Kind = roll < 96 ? BookOpKind.Execute : BookOpKind.Cancel, Ref = r, Shares = shares };
                if (shares == o.Shares)
                {
                    Forget(live, refs, k);
                }
                else
                {
                    live[r] = o with { Shares = o.Shares - shares };
                }
            }
        }

        return (pre, ops);
    }

    private static uint PriceNear(Random rng, uint mid, byte side)
    {
        // Exponential distance from the touch: most orders within a few ticks.
        var ticks = (uint)(-Math.Log(1 - rng.NextDouble()) * 4);
        return side == 'B' ? mid - 100 - (ticks * 100) : mid + 100 + (ticks * 100);
    }

    private static void Forget(Dictionary<ulong, Live> live, List<ulong> refs, int k)
    {
        live.Remove(refs[k]);
        refs[k] = refs[^1];
        refs.RemoveAt(refs.Count - 1);
    }
}
