using BenchmarkDotNet.Attributes;
using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;

namespace Gateway.Benchmarks;

/// <summary>
/// The memory-mapped capture reader over a 1,048,576-frame pcap: receive only (zero copy: record
/// headers parsed, descriptors filled), and the whole packet path (receive + decode + count) as
/// <c>gw replay</c> runs it. Per-frame figures; packets/s = 1e9 / ns.
/// </summary>
[MemoryDiagnoser]
public unsafe class FileSourceBenchmarks
{
    private const int Packets = 1 << 20;
    private string _path = "";

    [Params(32)]
    public int Burst { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = SyntheticCapture.Ensure(Packets);
        Receive(); // page the file in: the figure is the reader, not the disk
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long Receive()
    {
        using CaptureFileSource source = CaptureFile.Open(_path);
        PacketDescriptor* batch = stackalloc PacketDescriptor[Burst];
        long bytes = 0;
        int n;
        while ((n = source.Receive(batch, Burst)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                bytes += batch[i].Length;
            }

            source.Release(batch, n);
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long ReceiveDecodeCount()
    {
        using CaptureFileSource source = CaptureFile.Open(_path);
        var stats = new PacketPathStats();
        using var pump = new PacketPump<NullDatagramHandler>(source, default, new PacketPumpOptions { Burst = Burst }, stats);
        pump.OnStart();
        while (pump.DoWork() >= 0)
        {
        }

        return stats.Datagrams;
    }
}
