using CsCheck;
using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

/// <summary>
/// Property: any stream of adds, executes, cancels, deletes and replaces leaves <see cref="OrderBooks"/>
/// exactly as the naive model (every result, then every level and queue). CsCheck shrinks a failing
/// stream to the shortest one it can find, which is what the failure message prints.
/// </summary>
public class BookPropertyTests
{
    private const int Instruments = 5;

    /// <summary>One book operation. Refs come from a small range so that duplicates, unknown refs and reuse happen often.</summary>
    public readonly record struct BookOp(char Kind, ulong Ref, ulong NewRef, ushort Locate, byte Side, uint Shares, uint Price)
    {
        public override string ToString() => Kind switch
        {
            'A' => $"A {Locate} {Ref} {(char)Side} {Shares}@{Price}",
            'U' => $"U {Ref}->{NewRef} {Shares}@{Price}",
            'D' => $"D {Ref}",
            _ => $"{Kind} {Ref} {Shares}",
        };
    }

    private static readonly Gen<ulong> s_ref = Gen.ULong[1, 40];
    private static readonly Gen<uint> s_price = Gen.UInt[0, 9].Select(p => 100_000 + (p * 100));
    private static readonly Gen<uint> s_shares = Gen.Frequency((20, Gen.UInt[1, 500]), (1, Gen.Const(0u)));

    private static readonly Gen<BookOp> s_add =
        Gen.Select(s_ref, Gen.Frequency((30, Gen.UShort[0, Instruments - 1]), (1, Gen.UShort[Instruments, Instruments + 2])),
                   Gen.Frequency((30, Gen.OneOf((byte)'B', (byte)'S')), (1, Gen.Const((byte)'X'))), s_shares, s_price)
           .Select(t => new BookOp('A', t.Item1, 0, t.Item2, t.Item3, t.Item4, t.Item5));

    private static readonly Gen<BookOp> s_reduce =
        Gen.Select(Gen.OneOf('E', 'X'), s_ref, Gen.UInt[0, 600]).Select(t => new BookOp(t.Item1, t.Item2, 0, 0, 0, t.Item3, 0));

    private static readonly Gen<BookOp> s_delete = s_ref.Select(r => new BookOp('D', r, 0, 0, 0, 0, 0));

    private static readonly Gen<BookOp> s_replace =
        Gen.Select(s_ref, s_ref, s_shares, s_price).Select(t => new BookOp('U', t.Item1, t.Item2, 0, 0, t.Item3, t.Item4));

    private static readonly Gen<BookOp[]> s_streams =
        Gen.Frequency((4, s_add), (2, s_delete), (2, s_reduce), (1, s_replace)).Array[1, 400];

    [Fact]
    public void Any_operation_stream_leaves_the_books_as_the_naive_model() =>
        s_streams.Sample(ops =>
        {
            using var books = new OrderBooks(new BookOptions { RefWindow = 16, MaxInstruments = Instruments, MaxOrders = 512, MaxLevels = 512, MaxLevelsPerSide = 64, LevelSlotArena = 2048 });
            var model = new NaiveBook(Instruments);
            for (int i = 0; i < ops.Length; i++)
            {
                BookOp op = ops[i];
                (BookResult expected, BookResult actual) = op.Kind switch
                {
                    'A' => (model.Add(op.Locate, op.Ref, op.Side, op.Shares, op.Price), books.AddOrder(op.Locate, op.Ref, op.Side, op.Shares, new Price4(op.Price))),
                    'E' => (model.Reduce(op.Ref, op.Shares), books.Execute(op.Ref, op.Shares)),
                    'X' => (model.Reduce(op.Ref, op.Shares), books.Cancel(op.Ref, op.Shares)),
                    'D' => (model.Delete(op.Ref), books.Delete(op.Ref)),
                    _ => (model.Replace(op.Ref, op.NewRef, op.Shares, op.Price), books.Replace(op.Ref, op.NewRef, op.Shares, new Price4(op.Price))),
                };
                Assert.True(expected == actual, $"step {i} {op}: model {expected}, books {actual}");
            }

            ModelTests.AssertSame(books, model, "end of stream");
            for (ushort locate = 0; locate < Instruments; locate++)
            {
                Assert.Equal(model.Flagged.Contains(locate), books.IsFlagged(locate));
            }
        }, iter: 300);
}
