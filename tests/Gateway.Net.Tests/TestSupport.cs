using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Frames;
using Gateway.Net.Sinks;
using Gateway.Net.Sources;

namespace Gateway.Net.Tests;

/// <summary>One received packet, copied out of the source.</summary>
internal sealed record Received(byte[] Data, ulong TimestampNs, uint Flags);

internal sealed record ReadResult(List<Received> Packets, SourceState State, string? FailureMessage);

/// <summary>A frame the tests wrote, with the timestamp it was written with.</summary>
internal sealed record Written(byte[] Frame, ulong TimestampNs, int VlanTags, ushort DestinationPort);

/// <summary>A scratch directory per test class, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("gw-capture-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static unsafe class TestSupport
{
    /// <summary>A timestamp with non-zero sub-µs digits, so µs conversions show.</summary>
    public const ulong BaseTimestampNs = 1_700_000_000_123_456_789UL;

    /// <summary>Varied frames: 0-2 VLAN tags, QinQ, IP options, DF, payload sizes from 0 to 1400.</summary>
    public static List<Written> MakeFrames(int count, int seed = 1)
    {
        var random = new Random(seed);
        var frames = new List<Written>(count);
        byte[] buffer = new byte[2048];
        for (int i = 0; i < count; i++)
        {
            int tags = i % 3;
            UdpFrameSpec spec = UdpFrameSpec.Default with
            {
                VlanTags = tags,
                OuterTpid = tags == 2 && i % 2 == 0 ? FrameBuilder.TpidServiceVlan : FrameBuilder.TpidCustomerVlan,
                OuterTci = (ushort)(100 + i % 7),
                InnerTci = (ushort)(200 + i % 5),
                IpOptionsLength = i % 5 == 0 ? 4 * (i % 11 % 10) : 0,
                DontFragment = i % 2 == 1,
                Identification = (ushort)i,
                Ttl = (byte)(1 + i % 200),
                DestinationPort = (ushort)(26400 + i % 100),
                UdpChecksum = i % 4 != 3,
            };
            byte[] payload = new byte[i % 13 == 0 ? 0 : random.Next(1, 1400)];
            random.NextBytes(payload);
            int length = FrameBuilder.BuildUdp(buffer, spec, payload);
            frames.Add(new Written(buffer[..length], BaseTimestampNs + ((ulong)i * 1_234_567UL), tags, spec.DestinationPort));
        }

        return frames;
    }

    public static void WritePcap(string path, IEnumerable<Written> frames, PcapTimestampResolution resolution = PcapTimestampResolution.Nanosecond)
    {
        using PcapWriter writer = PcapWriter.Create(path, resolution);
        foreach (Written w in frames)
        {
            writer.WriteFrame(w.Frame, w.TimestampNs);
        }
    }

    public static void Gzip(string source, string destination)
    {
        using FileStream input = System.IO.File.OpenRead(source);
        using FileStream output = System.IO.File.Create(destination);
        using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        input.CopyTo(gzip);
    }

    public static ReadResult ReadAll(string path, CaptureFormat? format = null, int? gzipBuffer = null, int batch = 64)
    {
        using CaptureFileSource source = gzipBuffer is int size
            ? CaptureFile.Open(path, format, size)
            : CaptureFile.Open(path, format);
        return ReadAll(source, batch);
    }

    public static ReadResult ReadAll(IPacketSource source, int batch = 64)
    {
        var packets = new List<Received>();
        PacketDescriptor* descriptors = (PacketDescriptor*)NativeMemory.Alloc((nuint)(batch * PacketDescriptor.Size));
        try
        {
            int idle = 0;
            while (source.State == SourceState.Active && idle < 1000)
            {
                int n = source.Receive(descriptors, batch);
                idle = n == 0 ? idle + 1 : 0;
                for (int i = 0; i < n; i++)
                {
                    packets.Add(new Received(descriptors[i].Span.ToArray(), descriptors[i].TimestampNs, descriptors[i].Flags));
                }

                source.Release(descriptors, n);
            }

            Assert.NotEqual(SourceState.Active, source.State);
            return new ReadResult(packets, source.State, source.FailureMessage);
        }
        finally
        {
            NativeMemory.Free(descriptors);
        }
    }

    public static void AssertSameFrames(IReadOnlyList<Written> expected, ReadResult actual, ulong timestampDivisor = 1)
    {
        Assert.Equal(SourceState.Finished, actual.State);
        Assert.Null(actual.FailureMessage);
        Assert.Equal(expected.Count, actual.Packets.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Frame, actual.Packets[i].Data);
            Assert.Equal(expected[i].TimestampNs / timestampDivisor * timestampDivisor, actual.Packets[i].TimestampNs);
        }
    }

    /// <summary>Runs a Wireshark tool; a missing tool fails the test (CI installs them), it does not skip.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        string path = "/usr/bin/" + tool;
        if (!System.IO.File.Exists(path))
        {
            Assert.Fail($"{path} is missing: install Wireshark's command-line tools (apt-get install tshark)");
        }

        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
