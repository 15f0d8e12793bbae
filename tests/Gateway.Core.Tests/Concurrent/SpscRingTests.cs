using System.Diagnostics;
using System.Runtime.CompilerServices;
using Gateway.Core.Concurrent;
using Gateway.Tests.Shared;

namespace Gateway.Core.Tests.Concurrent;

public class SpscRingTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 8)]
    [InlineData(1000, 1024)]
    [InlineData(1 << 20, 1 << 20)]
    [InlineData((1 << 20) + 1, 1 << 21)]
    public void Capacity_rounds_up_to_a_power_of_two(int asked, int capacity)
    {
        var ring = new SpscRing<int>(asked);
        Assert.Equal(capacity, ring.Capacity);
        for (int i = 0; i < capacity; i++)
        {
            Assert.True(ring.TryWrite(i));
        }

        Assert.False(ring.TryWrite(-1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData((1 << 30) + 1)]
    [InlineData(int.MaxValue)]
    public void Impossible_capacities_are_refused(int asked) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpscRing<int>(asked));

    [Fact]
    public void Items_come_out_in_the_order_they_went_in_across_many_wraps()
    {
        var ring = new SpscRing<long>(8);
        long next = 0, expected = 0;
        var rng = new Random(1);
        for (int round = 0; round < 10_000; round++)
        {
            int writes = rng.Next(0, 9);
            for (int i = 0; i < writes && ring.TryWrite(next); i++)
            {
                next++;
            }

            int reads = rng.Next(0, 9);
            for (int i = 0; i < reads && ring.TryRead(out long v); i++)
            {
                Assert.Equal(expected++, v);
            }
        }

        while (ring.TryRead(out long v))
        {
            Assert.Equal(expected++, v);
        }

        Assert.Equal(next, expected);
        Assert.Equal(next, ring.Written);
        Assert.Equal(0, ring.Count);
        Assert.True(next > 10_000);
    }

    [Fact]
    public void An_empty_ring_reads_nothing()
    {
        var ring = new SpscRing<string>(4);
        Assert.False(ring.TryRead(out string? s));
        Assert.Null(s);
        Assert.True(ring.TryWrite("a"));
        Assert.True(ring.TryRead(out s));
        Assert.Equal("a", s);
        Assert.False(ring.TryRead(out _));
    }

    [Fact]
    public void A_full_ring_refuses_and_counts_each_refused_item_and_keeps_what_it_has()
    {
        var ring = new SpscRing<int>(4);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(ring.TryWrite(i));
        }

        Assert.False(ring.TryWrite(100));
        Assert.False(ring.TryWrite(101));
        Assert.Equal(2, ring.Dropped);
        Assert.Equal(4, ring.Written);
        Assert.Equal(4, ring.Count);

        Assert.True(ring.TryRead(out int first));
        Assert.Equal(0, first);
        Assert.True(ring.TryWrite(4));
        Assert.False(ring.TryWrite(102));
        Assert.Equal(3, ring.Dropped);
        int[] rest = [.. Drain(ring)];
        Assert.Equal(new[] { 1, 2, 3, 4 }, rest);
    }

    [Fact]
    public void High_water_is_the_most_items_waiting_at_once()
    {
        var ring = new SpscRing<int>(8);
        Assert.Equal(0, ring.HighWater);
        for (int i = 0; i < 5; i++)
        {
            ring.TryWrite(i);
        }

        Assert.Equal(5, ring.HighWater);
        Assert.Equal(5, Drain(ring).Count);
        Assert.Equal(5, ring.HighWater);

        ring.TryWrite(0);
        ring.TryWrite(1);
        Assert.Equal(5, ring.HighWater);
        Drain(ring);

        // Filled, and past full: the high water is the capacity, not more.
        for (int i = 0; i < 10; i++)
        {
            ring.TryWrite(i);
        }

        Assert.Equal(8, ring.HighWater);
    }

    [Fact]
    public void High_water_stays_low_while_the_consumer_keeps_up()
    {
        var ring = new SpscRing<int>(8);
        for (int i = 0; i < 1_000; i++)
        {
            Assert.True(ring.TryWrite(i));
            Assert.True(ring.TryRead(out int v));
            Assert.Equal(i, v);
        }

        // Never more than one item waited, however many times the ring wrapped.
        Assert.Equal(1, ring.HighWater);

        for (int i = 0; i < 1_000; i++)
        {
            ring.TryWrite(i);
            ring.TryWrite(i);
            ring.TryWrite(i);
            Assert.Equal(3, Drain(ring).Count);
        }

        Assert.Equal(3, ring.HighWater);
        Assert.Equal(0, ring.Dropped);
    }

    [Fact]
    public void Reference_items_are_released_once_read()
    {
        var ring = new SpscRing<object>(4);
        WeakReference gone = PassThrough(ring);
        var boxed = new SpscRing<Holder>(4);
        WeakReference goneToo = PassThroughStruct(boxed);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(gone.IsAlive, "the ring kept a reference to an item already read");
        Assert.False(goneToo.IsAlive, "the ring kept a struct item's reference already read");
    }

    private record struct Holder(object Payload, long Seq);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference PassThrough(SpscRing<object> ring)
    {
        var item = new byte[1024];
        Assert.True(ring.TryWrite(item));
        Assert.True(ring.TryRead(out object? back));
        Assert.Same(item, back);
        return new WeakReference(item);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference PassThroughStruct(SpscRing<Holder> ring)
    {
        var item = new byte[1024];
        Assert.True(ring.TryWrite(new Holder(item, 1)));
        Assert.True(ring.TryRead(out Holder back));
        Assert.Same(item, back.Payload);
        return new WeakReference(item);
    }

    private static List<T> Drain<T>(SpscRing<T> ring)
    {
        var items = new List<T>();
        while (ring.TryRead(out T v))
        {
            items.Add(v);
        }

        return items;
    }

    /// <summary>A payload wider than a word, each field derived from the sequence, so a torn or early read shows.</summary>
    private readonly record struct Message(long Seq, long A, long B, long C)
    {
        public static Message Of(long seq) => new(seq, seq * 3, ~seq, seq ^ 0x5A5A5A5A5A5A5A5AL);

        public bool IsWhole => A == Seq * 3 && B == ~Seq && C == (Seq ^ 0x5A5A5A5A5A5A5A5AL);
    }

    /// <summary>
    /// A producer thread and a consumer thread, a few million items through a small ring: the
    /// producer retries when the ring is full (each refusal is counted in Dropped), so nothing is
    /// lost, and the consumer sees every item whole and in order. Bounded in time.
    /// </summary>
    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Two_threads_pass_millions_of_items_in_order_and_whole_when_the_producer_retries()
    {
        const long Items = 4_000_000;
        var ring = new SpscRing<Message>(1024);
        long deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        long refused = 0, received = 0, outOfOrder = 0, torn = 0;
        bool producerTimedOut = false, consumerTimedOut = false;

        var producer = new Thread(() =>
        {
            for (long i = 0; i < Items; i++)
            {
                while (!ring.TryWrite(Message.Of(i)))
                {
                    refused++;
                    Thread.SpinWait(4);
                    if ((refused & 1023) == 0 && Stopwatch.GetTimestamp() > deadline)
                    {
                        producerTimedOut = true;
                        return;
                    }
                }
            }
        });
        var consumer = new Thread(() =>
        {
            long idle = 0;
            while (received < Items)
            {
                if (ring.TryRead(out Message m))
                {
                    outOfOrder += m.Seq == received ? 0 : 1;
                    torn += m.IsWhole ? 0 : 1;
                    received++;
                    continue;
                }

                Thread.SpinWait(4);
                if ((++idle & 1023) == 0 && Stopwatch.GetTimestamp() > deadline)
                {
                    consumerTimedOut = true;
                    return;
                }
            }
        });
        producer.Start();
        consumer.Start();
        Assert.True(producer.Join(TimeSpan.FromSeconds(90)));
        Assert.True(consumer.Join(TimeSpan.FromSeconds(90)));

        Assert.False(producerTimedOut || consumerTimedOut, $"not done within 60 s: {received} of {Items} received");
        Assert.Equal(Items, received);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, torn);
        Assert.Equal(Items, ring.Written);
        Assert.Equal(refused, ring.Dropped);
        Assert.InRange(ring.HighWater, 1, 1024);
        Assert.Equal(0, ring.Count);
    }

    /// <summary>
    /// The critical path's way: the producer never retries. Whatever the ring refused is counted,
    /// whatever it took arrives whole and in order, and the two add up to everything offered.
    /// </summary>
    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Two_threads_without_retry_lose_only_what_was_counted_as_dropped()
    {
        const long Items = 2_000_000;
        var ring = new SpscRing<Message>(256);
        long deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        long received = 0, notIncreasing = 0, torn = 0, last = -1;
        bool producerDone = false, timedOut = false;

        var producer = new Thread(() =>
        {
            for (long i = 0; i < Items; i++)
            {
                ring.TryWrite(Message.Of(i));
                if ((i & 63) == 0)
                {
                    Thread.SpinWait(8); // a producer with other work: the consumer keeps up most of the time
                }
            }

            Volatile.Write(ref producerDone, true);
        });
        var consumer = new Thread(() =>
        {
            long idle = 0;
            while (true)
            {
                if (ring.TryRead(out Message m))
                {
                    notIncreasing += m.Seq > last ? 0 : 1;
                    torn += m.IsWhole ? 0 : 1;
                    last = m.Seq;
                    received++;
                    continue;
                }

                if (Volatile.Read(ref producerDone) && ring.Count == 0)
                {
                    return;
                }

                Thread.SpinWait(4);
                if ((++idle & 1023) == 0 && Stopwatch.GetTimestamp() > deadline)
                {
                    timedOut = true;
                    return;
                }
            }
        });
        producer.Start();
        consumer.Start();
        Assert.True(producer.Join(TimeSpan.FromSeconds(90)));
        Assert.True(consumer.Join(TimeSpan.FromSeconds(90)));

        Assert.False(timedOut, "not done within 60 s");
        Assert.Equal(0, notIncreasing);
        Assert.Equal(0, torn);
        Assert.Equal(Items, received + ring.Dropped);
        Assert.Equal(received, ring.Written);
        Assert.True(received > 0);
    }
}

/// <summary>The ring's indices: each side's fields on a cache line of its own, with a line of padding before, between and after.</summary>
public class RingPositionsLayoutTests
{
    [Fact]
    public void Producer_and_consumer_fields_sit_on_separate_cache_lines()
    {
        Assert.Equal(256, Unsafe.SizeOf<RingPositions>());
        var p = default(RingPositions);
        long Offset(ref long field) => Unsafe.ByteOffset(ref Unsafe.As<RingPositions, byte>(ref p), ref Unsafe.As<long, byte>(ref field));

        long[] producer = [Offset(ref p.Tail), Offset(ref p.HeadCache), Offset(ref p.Dropped), Offset(ref p.HighWater)];
        long[] consumer = [Offset(ref p.Head), Offset(ref p.TailCache), Offset(ref p.ReadHighWater)];
        Assert.All(producer, o => Assert.Equal(1, o / 64));
        Assert.All(consumer, o => Assert.Equal(2, o / 64));
        Assert.Equal(producer.Length + consumer.Length, producer.Concat(consumer).Distinct().Count());
    }
}
