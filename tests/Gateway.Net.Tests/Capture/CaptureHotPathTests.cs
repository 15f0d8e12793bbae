using System.Diagnostics;
using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Frames;
using Gateway.Net.Sinks;
using Gateway.Net.Sources;
using Xunit.Abstractions;
using Gateway.Tests.Shared;

namespace Gateway.Net.Tests.Capture;

/// <summary>The mapped pcap Receive loop: no allocation, and a rough rate for the record.</summary>
public sealed unsafe class CaptureHotPathTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteMinimalFrames(int count)
    {
        string path = _dir.File($"min{count}.pcap");
        byte[] frame = new byte[FrameBuilder.MinFrameLength];
        int length = FrameBuilder.BuildUdp(frame, UdpFrameSpec.Default, "payload"u8);
        using PcapWriter writer = PcapWriter.Create(path);
        for (int i = 0; i < count; i++)
        {
            writer.WriteFrame(frame.AsSpan(0, length), TestSupport.BaseTimestampNs + (ulong)i);
        }

        return path;
    }

    private static long Drain(CaptureFileSource source, PacketDescriptor* batch, int max)
    {
        long total = 0;
        ulong check = 0;
        int n;
        while ((n = source.Receive(batch, max)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                check += batch[i].Length;
            }

            total += n;
            source.Release(batch, n);
        }

        return check == 0 ? -1 : total;
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Receive_and_release_allocate_nothing_after_warm_up()
    {
        string path = WriteMinimalFrames(10_000);
        using CaptureFileSource source = CaptureFile.Open(path);
        PacketDescriptor* batch = stackalloc PacketDescriptor[32];
        for (int i = 0; i < 20; i++)
        {
            int n = source.Receive(batch, 32);
            source.Release(batch, n);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long received = Drain(source, batch, 32);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(10_000 - (20 * 32), received);
        Assert.Equal(SourceState.Finished, source.State);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Throughput_of_the_mapped_pcap_loop_is_reported()
    {
        const int Frames = 1_000_000;
        string path = WriteMinimalFrames(Frames);
        PacketDescriptor* batch = stackalloc PacketDescriptor[256];
        double best = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            using CaptureFileSource source = CaptureFile.Open(path);
            var stopwatch = Stopwatch.StartNew();
            long received = Drain(source, batch, 256);
            stopwatch.Stop();
            Assert.Equal(Frames, received);
            double rate = Frames / stopwatch.Elapsed.TotalSeconds;
            best = Math.Max(best, rate);
            output.WriteLine($"pass {pass}: {Frames} descriptors in {stopwatch.Elapsed.TotalMilliseconds:F1} ms = {rate / 1e6:F1} M/s");
        }

        // Loose floor: Debug builds, a shared 2-core box. The number that matters is in the output.
        Assert.True(best > 1e6, $"only {best / 1e6:F2} M descriptors/s");
    }
}
