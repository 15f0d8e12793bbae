using Gateway.MarketData.Feed;
using Gateway.MarketData.Itch;
using Gateway.MarketData.MoldUdp64;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;
using Gateway.Net.Sources;

namespace Gateway.Engine.Pipeline;

/// <summary>
/// The symbols a capture's stock directory names, read before a replay starts, so that a
/// strategy configured for a symbol the capture never defines is refused up front with a clear
/// message instead of trading nothing. The directory (R messages) comes before the first order of
/// a day; the scan decodes the capture without books up to the first add order.
/// </summary>
public static class CaptureDirectory
{
    /// <summary>The symbols defined before the first add order (or in the whole capture if it has none), read through the file backend.</summary>
    /// <exception cref="PacketSourceException">The capture cannot be read.</exception>
    public static HashSet<string> Symbols(FeedSettings feed)
    {
        using CaptureFileSource source = CaptureFile.Open(feed.Capture!, PacketSources.FormatOf(feed));
        using var scanned = new MarketDataFeed(new MarketDataFeedOptions { DecodeOnly = true, MaxInstruments = 65536 });
        var pump = new PacketPump<ScanHandler>(source, new ScanHandler(scanned, source.Link == LinkKind.ItchMessage),
            new PacketPumpOptions { Burst = 64 }, new PacketPathStats());
        using (pump)
        {
            pump.OnStart();
            while (pump.DoWork() >= 0
                && scanned.Decode.CountOf(ItchMessageType.AddOrder) + scanned.Decode.CountOf(ItchMessageType.AddOrderMpid) == 0)
            {
            }

            pump.OnClose();
        }

        var symbols = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 65536; i++)
        {
            ReadOnlySpan<byte> s = scanned.Directory.SymbolOf(new StockLocate((ushort)i));
            if (!s.IsEmpty)
            {
                symbols.Add(ItchAlpha.ToTrimmedString(s));
            }
        }

        return symbols;
    }

    private readonly struct ScanHandler(MarketDataFeed feed, bool itchMessages) : IDatagramHandler
    {
        public void OnReceived(long receiveTicks) { }

        public void OnDatagram(in UdpDatagram datagram, ulong timestampNs) => feed.OnDatagram(datagram.DestinationIp, datagram.DestinationPort, datagram.Payload);

        public void OnPayload(ReadOnlySpan<byte> payload, ulong timestampNs)
        {
            if (itchMessages)
            {
                feed.OnMessage(payload);
            }
            else
            {
                feed.OnDatagram(payload, MoldLines.A);
            }
        }

        public void OnPoll(long nowNs) { }

        public void OnLookahead(ReadOnlySpan<byte> upcomingPayload, int stage) { }

        public bool WantsLookahead => false;
    }
}
