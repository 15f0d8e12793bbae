using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Sources;

namespace Gateway.Net.Tests.Capture;

/// <summary>
/// Randomly damaged captures: opening either throws <see cref="PacketSourceException"/> or yields a
/// source that ends Finished or Failed, and every descriptor stays inside the file.
/// </summary>
public sealed unsafe class CaptureMutationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("pcap")]
    [InlineData("pcapng")]
    [InlineData("itch")]
    public void Damaged_files_never_escape_the_contract(string kind)
    {
        List<Written> frames = TestSupport.MakeFrames(30);
        byte[] good = kind switch
        {
            "pcap" => CaptureBytes.BigEndianPcap(frames, nanosecond: true),
            "pcapng" => CaptureBytes.PcapNg(frames, bigEndian: false, tsresol: 9),
            _ => CaptureBytes.BinaryFile(CaptureBytes.ItchMessages(200)),
        };

        var random = new Random(11);
        string path = _dir.File("damaged." + kind);
        PacketDescriptor* batch = stackalloc PacketDescriptor[16];
        for (int iteration = 0; iteration < 300; iteration++)
        {
            byte[] bytes = (byte[])good.Clone();
            int damage = random.Next(1, 6);
            for (int d = 0; d < damage; d++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            if (random.Next(4) == 0)
            {
                bytes = bytes[..random.Next(1, bytes.Length)];
            }

            File.WriteAllBytes(path, bytes);
            CaptureFileSource source;
            try
            {
                source = CaptureFile.Open(path, kind == "itch" ? CaptureFormat.NasdaqBinaryFile : null);
            }
            catch (PacketSourceException)
            {
                continue;
            }

            using (source)
            {
                byte* start = source.MappingStart;
                int rounds = 0;
                while (source.State == SourceState.Active)
                {
                    int n = source.Receive(batch, 16);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.True(batch[i].Data >= start && batch[i].Data + batch[i].Length <= start + bytes.Length);
                    }

                    source.Release(batch, n);
                    Assert.True(++rounds < 10_000);
                }

                Assert.True(source.State == SourceState.Finished || source.FailureMessage is { Length: > 0 });
            }
        }
    }
}
