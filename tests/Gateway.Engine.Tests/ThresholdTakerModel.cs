using System.Buffers.Binary;
using System.Text;

namespace Gateway.Engine.Tests;

/// <summary>
/// An independent model of threshold-taker, written from the rule in the issue and nothing of the
/// engine: a naive order book per stock locate built from a NASDAQ BinaryFILE (dictionaries, no
/// pools, no look-ahead), and the rule applied after each A F E C X D U message of a configured
/// instrument. Message n of the file is MoldUDP64 sequence n.
/// </summary>
internal static class ThresholdTakerModel
{
    public sealed record Intent(string Symbol, char Side, long Price, long Qty, ulong TriggerSeq);

    public sealed record Spec(string Symbol, long BuyAtOrBelow, long SellAtOrAbove, long MaxQty);

    private sealed record Order(ushort Locate, char Side, long Price, long Shares);

    /// <summary>Every intent, in order, for <paramref name="specs"/> (prices in 1/10,000).</summary>
    public static List<Intent> Run(string binaryFile, IReadOnlyList<Spec> specs)
    {
        var intents = new List<Intent>();
        var symbols = new Dictionary<ushort, string>();
        var orders = new Dictionary<ulong, Order>();
        var bids = new Dictionary<ushort, SortedDictionary<long, long>>();
        var asks = new Dictionary<ushort, SortedDictionary<long, long>>();
        var lastAsk = new Dictionary<ushort, long>();
        var lastBid = new Dictionary<ushort, long>();
        byte[] all = File.ReadAllBytes(binaryFile);
        int pos = 0;
        ulong seq = 0;
        while (pos + 2 <= all.Length)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(all.AsSpan(pos));
            ReadOnlySpan<byte> m = all.AsSpan(pos + 2, length);
            pos += 2 + length;
            seq++;
            char type = (char)m[0];
            ushort locate = BinaryPrimitives.ReadUInt16BigEndian(m.Slice(1));
            switch (type)
            {
                case 'R':
                    symbols[locate] = Encoding.ASCII.GetString(m.Slice(11, 8)).TrimEnd(' ');
                    continue;
                case 'A':
                case 'F':
                    Add(BinaryPrimitives.ReadUInt64BigEndian(m.Slice(11)), new Order(locate, (char)m[19],
                        BinaryPrimitives.ReadUInt32BigEndian(m.Slice(32)), BinaryPrimitives.ReadUInt32BigEndian(m.Slice(20))));
                    break;
                case 'E':
                case 'C':
                case 'X':
                    Reduce(BinaryPrimitives.ReadUInt64BigEndian(m.Slice(11)), BinaryPrimitives.ReadUInt32BigEndian(m.Slice(19)));
                    break;
                case 'D':
                    Remove(BinaryPrimitives.ReadUInt64BigEndian(m.Slice(11)));
                    break;
                case 'U':
                    ulong old = BinaryPrimitives.ReadUInt64BigEndian(m.Slice(11));
                    if (orders.TryGetValue(old, out Order? o))
                    {
                        Remove(old);
                        Add(BinaryPrimitives.ReadUInt64BigEndian(m.Slice(19)), new Order(o.Locate, o.Side,
                            BinaryPrimitives.ReadUInt32BigEndian(m.Slice(31)), BinaryPrimitives.ReadUInt32BigEndian(m.Slice(27))));
                    }

                    break;
                default:
                    continue;
            }

            if (!symbols.TryGetValue(locate, out string? symbol) || specs.FirstOrDefault(s => s.Symbol == symbol) is not { } spec)
            {
                continue;
            }

            (long ask, long askShares) = Best(asks, locate, lowest: true);
            if (ask != lastAsk.GetValueOrDefault(locate))
            {
                lastAsk[locate] = ask;
                if (ask != 0 && ask <= spec.BuyAtOrBelow)
                {
                    intents.Add(new Intent(symbol, 'B', ask, Math.Min(spec.MaxQty, askShares), seq));
                }
            }

            (long bid, long bidShares) = Best(bids, locate, lowest: false);
            if (bid != lastBid.GetValueOrDefault(locate))
            {
                lastBid[locate] = bid;
                if (bid != 0 && bid >= spec.SellAtOrAbove)
                {
                    intents.Add(new Intent(symbol, 'S', bid, Math.Min(spec.MaxQty, bidShares), seq));
                }
            }
        }

        return intents;

        void Add(ulong reference, Order order)
        {
            orders[reference] = order;
            SortedDictionary<long, long> side = Side(order.Side == 'B' ? bids : asks, order.Locate);
            side[order.Price] = side.GetValueOrDefault(order.Price) + order.Shares;
        }

        void Reduce(ulong reference, long shares)
        {
            if (!orders.TryGetValue(reference, out Order? o))
            {
                return;
            }

            long take = Math.Min(shares, o.Shares);
            Level(o, -take);
            if (o.Shares - take == 0)
            {
                orders.Remove(reference);
            }
            else
            {
                orders[reference] = o with { Shares = o.Shares - take };
            }
        }

        void Remove(ulong reference)
        {
            if (orders.Remove(reference, out Order? o))
            {
                Level(o, -o.Shares);
            }
        }

        void Level(Order o, long delta)
        {
            SortedDictionary<long, long> side = Side(o.Side == 'B' ? bids : asks, o.Locate);
            long left = side.GetValueOrDefault(o.Price) + delta;
            if (left <= 0)
            {
                side.Remove(o.Price);
            }
            else
            {
                side[o.Price] = left;
            }
        }
    }

    private static SortedDictionary<long, long> Side(Dictionary<ushort, SortedDictionary<long, long>> sides, ushort locate)
    {
        if (!sides.TryGetValue(locate, out SortedDictionary<long, long>? side))
        {
            side = [];
            sides[locate] = side;
        }

        return side;
    }

    private static (long Price, long Shares) Best(Dictionary<ushort, SortedDictionary<long, long>> sides, ushort locate, bool lowest)
    {
        if (!sides.TryGetValue(locate, out SortedDictionary<long, long>? side) || side.Count == 0)
        {
            return (0, 0);
        }

        KeyValuePair<long, long> best = lowest ? side.First() : side.Last();
        return (best.Key, best.Value);
    }
}
