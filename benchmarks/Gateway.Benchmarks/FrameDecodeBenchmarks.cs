using BenchmarkDotNet.Attributes;
using Gateway.Net.Decode;
using Gateway.Net.Frames;

namespace Gateway.Benchmarks;

/// <summary>L2-L4 decode of one frame: the per-packet cost every backend pays after receive.</summary>
[MemoryDiagnoser]
public class FrameDecodeBenchmarks
{
    private const int Frames = 1024;
    private readonly byte[][] _frames = new byte[Frames][];

    [Params(0, 1, 2)]
    public int VlanTags { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] payload = new byte[1024];
        UdpFrameSpec spec = UdpFrameSpec.Default with { VlanTags = VlanTags, OuterTpid = VlanTags == 2 ? FrameBuilder.TpidServiceVlan : FrameBuilder.TpidCustomerVlan };
        for (int i = 0; i < Frames; i++)
        {
            byte[] f = new byte[1200];
            int n = FrameBuilder.BuildUdp(f, spec with { DestinationPort = (ushort)(26477 + (i & 3)) }, payload.AsSpan(0, 100 + (i % 900)));
            _frames[i] = f[..n];
        }
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int Decode()
    {
        int sum = 0;
        byte[][] frames = _frames;
        for (int i = 0; i < frames.Length; i++)
        {
            if (FrameDecoder.DecodeEthernet(frames[i], false, out UdpDatagram d) == DecodeStatus.Ok)
            {
                sum += d.Payload.Length;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int DecodeVerifyChecksum()
    {
        int sum = 0;
        byte[][] frames = _frames;
        for (int i = 0; i < frames.Length; i++)
        {
            if (FrameDecoder.DecodeEthernet(frames[i], true, out UdpDatagram d) == DecodeStatus.Ok)
            {
                sum += d.Payload.Length;
            }
        }

        return sum;
    }
}
