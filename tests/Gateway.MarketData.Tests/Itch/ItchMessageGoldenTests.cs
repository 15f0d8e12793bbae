// Generated from one table of the ITCH 5.0 layouts, then reviewed by hand against the spec's
// field tables. The bytes are built field by field in spec order with WireBytes (independent of the
// views' offset constants and of ItchWriter); the writer must reproduce them exactly.
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Itch;

public class ItchMessageGoldenTests
{
    private static string Ascii(ReadOnlySpan<byte> s) => System.Text.Encoding.ASCII.GetString(s);

    [Fact]
    public void SystemEvent_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('S')                          // Message Type
            .U16(0x0100)                        // Stock Locate
            .U16(0x0200)                        // Tracking Number
            .U48(0x112233440000)                // Timestamp
            .Char('Q')                          // EventCode (1)
            .ToArray();
        Assert.Equal(12, bytes.Length);

        var m = new SystemEvent(bytes);
        Assert.Equal((byte)'S', m.MessageType);
        Assert.Equal(new StockLocate(0x0100), m.StockLocate);
        Assert.Equal(0x0200, m.TrackingNumber);
        Assert.Equal(0x112233440000UL, m.Timestamp);
        Assert.Equal((byte)'Q', m.EventCode);

        var written = new byte[12 + 8];
        Assert.Equal(12, ItchWriter.WriteSystemEvent(written, new StockLocate(0x0100), 0x0200, 0x112233440000UL, (byte)'Q'));
        Assert.Equal(bytes, written.AsSpan(0, 12).ToArray());
        Assert.All(written.AsSpan(12).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnSystemEvent), handler.LastMethod);
    }

    [Fact]
    public void StockDirectory_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('R')                          // Message Type
            .U16(0x0101)                        // Stock Locate
            .U16(0x0201)                        // Tracking Number
            .U48(0x112233440001)                // Timestamp
            .Alpha("MSFT", 8)                   // Stock (8)
            .Char('S')                          // MarketCategory (1)
            .Char('T')                          // FinancialStatusIndicator (1)
            .U32(0x04020406)                    // RoundLotSize (4)
            .Char('V')                          // RoundLotsOnly (1)
            .Char('W')                          // IssueClassification (1)
            .Alpha("Z", 2)                      // IssueSubType (2)
            .Char('Y')                          // Authenticity (1)
            .Char('Z')                          // ShortSaleThresholdIndicator (1)
            .Char('Q')                          // IpoFlag (1)
            .Char('R')                          // LuldReferencePriceTier (1)
            .Char('S')                          // EtpFlag (1)
            .U32(0x0D020406)                    // EtpLeverageFactor (4)
            .Char('U')                          // InverseIndicator (1)
            .ToArray();
        Assert.Equal(39, bytes.Length);

        var m = new StockDirectory(bytes);
        Assert.Equal((byte)'R', m.MessageType);
        Assert.Equal(new StockLocate(0x0101), m.StockLocate);
        Assert.Equal(0x0201, m.TrackingNumber);
        Assert.Equal(0x112233440001UL, m.Timestamp);
        Assert.Equal("MSFT    ", Ascii(m.Stock));
        Assert.Equal("MSFT    ".TrimEnd(), m.StockSymbol());
        Assert.Equal((byte)'S', m.MarketCategory);
        Assert.Equal((byte)'T', m.FinancialStatusIndicator);
        Assert.Equal(0x04020406u, m.RoundLotSize);
        Assert.Equal((byte)'V', m.RoundLotsOnly);
        Assert.Equal((byte)'W', m.IssueClassification);
        Assert.Equal("Z ", Ascii(m.IssueSubType));
        Assert.Equal((byte)'Y', m.Authenticity);
        Assert.Equal((byte)'Z', m.ShortSaleThresholdIndicator);
        Assert.Equal((byte)'Q', m.IpoFlag);
        Assert.Equal((byte)'R', m.LuldReferencePriceTier);
        Assert.Equal((byte)'S', m.EtpFlag);
        Assert.Equal(0x0D020406u, m.EtpLeverageFactor);
        Assert.Equal((byte)'U', m.InverseIndicator);

        var written = new byte[39 + 8];
        Assert.Equal(39, ItchWriter.WriteStockDirectory(written, new StockLocate(0x0101), 0x0201, 0x112233440001UL, "MSFT"u8, (byte)'S', (byte)'T', 0x04020406u, (byte)'V', (byte)'W', "Z"u8, (byte)'Y', (byte)'Z', (byte)'Q', (byte)'R', (byte)'S', 0x0D020406u, (byte)'U'));
        Assert.Equal(bytes, written.AsSpan(0, 39).ToArray());
        Assert.All(written.AsSpan(39).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnStockDirectory), handler.LastMethod);
    }

    [Fact]
    public void StockTradingAction_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('H')                          // Message Type
            .U16(0x0102)                        // Stock Locate
            .U16(0x0202)                        // Tracking Number
            .U48(0x112233440002)                // Timestamp
            .Alpha("ZVZZT", 8)                  // Stock (8)
            .Char('T')                          // TradingState (1)
            .Char('U')                          // Reserved (1)
            .Alpha("MSCO", 4)                   // Reason (4)
            .ToArray();
        Assert.Equal(25, bytes.Length);

        var m = new StockTradingAction(bytes);
        Assert.Equal((byte)'H', m.MessageType);
        Assert.Equal(new StockLocate(0x0102), m.StockLocate);
        Assert.Equal(0x0202, m.TrackingNumber);
        Assert.Equal(0x112233440002UL, m.Timestamp);
        Assert.Equal("ZVZZT   ", Ascii(m.Stock));
        Assert.Equal("ZVZZT   ".TrimEnd(), m.StockSymbol());
        Assert.Equal((byte)'T', m.TradingState);
        Assert.Equal((byte)'U', m.Reserved);
        Assert.Equal("MSCO", Ascii(m.Reason));

        var written = new byte[25 + 8];
        Assert.Equal(25, ItchWriter.WriteStockTradingAction(written, new StockLocate(0x0102), 0x0202, 0x112233440002UL, "ZVZZT"u8, (byte)'T', (byte)'U', "MSCO"u8));
        Assert.Equal(bytes, written.AsSpan(0, 25).ToArray());
        Assert.All(written.AsSpan(25).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnStockTradingAction), handler.LastMethod);
    }

    [Fact]
    public void RegShoRestriction_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('Y')                          // Message Type
            .U16(0x0103)                        // Stock Locate
            .U16(0x0203)                        // Tracking Number
            .U48(0x112233440003)                // Timestamp
            .Alpha("QQQ", 8)                    // Stock (8)
            .Char('U')                          // RegShoAction (1)
            .ToArray();
        Assert.Equal(20, bytes.Length);

        var m = new RegShoRestriction(bytes);
        Assert.Equal((byte)'Y', m.MessageType);
        Assert.Equal(new StockLocate(0x0103), m.StockLocate);
        Assert.Equal(0x0203, m.TrackingNumber);
        Assert.Equal(0x112233440003UL, m.Timestamp);
        Assert.Equal("QQQ     ", Ascii(m.Stock));
        Assert.Equal("QQQ     ".TrimEnd(), m.StockSymbol());
        Assert.Equal((byte)'U', m.RegShoAction);

        var written = new byte[20 + 8];
        Assert.Equal(20, ItchWriter.WriteRegShoRestriction(written, new StockLocate(0x0103), 0x0203, 0x112233440003UL, "QQQ"u8, (byte)'U'));
        Assert.Equal(bytes, written.AsSpan(0, 20).ToArray());
        Assert.All(written.AsSpan(20).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnRegShoRestriction), handler.LastMethod);
    }

    [Fact]
    public void MarketParticipantPosition_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('L')                          // Message Type
            .U16(0x0104)                        // Stock Locate
            .U16(0x0204)                        // Tracking Number
            .U48(0x112233440004)                // Timestamp
            .Alpha("GSCO", 4)                   // Mpid (4)
            .Alpha("BRK A", 8)                  // Stock (8)
            .Char('W')                          // PrimaryMarketMaker (1)
            .Char('X')                          // MarketMakerMode (1)
            .Char('Y')                          // MarketParticipantState (1)
            .ToArray();
        Assert.Equal(26, bytes.Length);

        var m = new MarketParticipantPosition(bytes);
        Assert.Equal((byte)'L', m.MessageType);
        Assert.Equal(new StockLocate(0x0104), m.StockLocate);
        Assert.Equal(0x0204, m.TrackingNumber);
        Assert.Equal(0x112233440004UL, m.Timestamp);
        Assert.Equal("GSCO", Ascii(m.Mpid));
        Assert.Equal("BRK A   ", Ascii(m.Stock));
        Assert.Equal("BRK A   ".TrimEnd(), m.StockSymbol());
        Assert.Equal((byte)'W', m.PrimaryMarketMaker);
        Assert.Equal((byte)'X', m.MarketMakerMode);
        Assert.Equal((byte)'Y', m.MarketParticipantState);

        var written = new byte[26 + 8];
        Assert.Equal(26, ItchWriter.WriteMarketParticipantPosition(written, new StockLocate(0x0104), 0x0204, 0x112233440004UL, "GSCO"u8, "BRK A"u8, (byte)'W', (byte)'X', (byte)'Y'));
        Assert.Equal(bytes, written.AsSpan(0, 26).ToArray());
        Assert.All(written.AsSpan(26).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnMarketParticipantPosition), handler.LastMethod);
    }

    [Fact]
    public void MwcbDeclineLevel_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('V')                          // Message Type
            .U16(0x0105)                        // Stock Locate
            .U16(0x0205)                        // Tracking Number
            .U48(0x112233440005)                // Timestamp
            .U64(301912000005)                  // Level1 (8)
            .U64(302912000005)                  // Level2 (8)
            .U64(303912000005)                  // Level3 (8)
            .ToArray();
        Assert.Equal(35, bytes.Length);

        var m = new MwcbDeclineLevel(bytes);
        Assert.Equal((byte)'V', m.MessageType);
        Assert.Equal(new StockLocate(0x0105), m.StockLocate);
        Assert.Equal(0x0205, m.TrackingNumber);
        Assert.Equal(0x112233440005UL, m.Timestamp);
        Assert.Equal(new Price8(301912000005), m.Level1);
        Assert.Equal(new Price8(302912000005), m.Level2);
        Assert.Equal(new Price8(303912000005), m.Level3);

        var written = new byte[35 + 8];
        Assert.Equal(35, ItchWriter.WriteMwcbDeclineLevel(written, new StockLocate(0x0105), 0x0205, 0x112233440005UL, new Price8(301912000005), new Price8(302912000005), new Price8(303912000005)));
        Assert.Equal(bytes, written.AsSpan(0, 35).ToArray());
        Assert.All(written.AsSpan(35).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnMwcbDeclineLevel), handler.LastMethod);
    }

    [Fact]
    public void MwcbStatus_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('W')                          // Message Type
            .U16(0x0106)                        // Stock Locate
            .U16(0x0206)                        // Tracking Number
            .U48(0x112233440006)                // Timestamp
            .Char('W')                          // BreachedLevel (1)
            .ToArray();
        Assert.Equal(12, bytes.Length);

        var m = new MwcbStatus(bytes);
        Assert.Equal((byte)'W', m.MessageType);
        Assert.Equal(new StockLocate(0x0106), m.StockLocate);
        Assert.Equal(0x0206, m.TrackingNumber);
        Assert.Equal(0x112233440006UL, m.Timestamp);
        Assert.Equal((byte)'W', m.BreachedLevel);

        var written = new byte[12 + 8];
        Assert.Equal(12, ItchWriter.WriteMwcbStatus(written, new StockLocate(0x0106), 0x0206, 0x112233440006UL, (byte)'W'));
        Assert.Equal(bytes, written.AsSpan(0, 12).ToArray());
        Assert.All(written.AsSpan(12).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnMwcbStatus), handler.LastMethod);
    }

    [Fact]
    public void IpoQuotingPeriodUpdate_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('K')                          // Message Type
            .U16(0x0107)                        // Stock Locate
            .U16(0x0207)                        // Tracking Number
            .U48(0x112233440007)                // Timestamp
            .Alpha("NVDA", 8)                   // Stock (8)
            .U32(0x02081018)                    // IpoQuotationReleaseTime (4)
            .Char('Z')                          // IpoQuotationReleaseQualifier (1)
            .U32(1234807)                       // IpoPrice (4)
            .ToArray();
        Assert.Equal(28, bytes.Length);

        var m = new IpoQuotingPeriodUpdate(bytes);
        Assert.Equal((byte)'K', m.MessageType);
        Assert.Equal(new StockLocate(0x0107), m.StockLocate);
        Assert.Equal(0x0207, m.TrackingNumber);
        Assert.Equal(0x112233440007UL, m.Timestamp);
        Assert.Equal("NVDA    ", Ascii(m.Stock));
        Assert.Equal("NVDA    ".TrimEnd(), m.StockSymbol());
        Assert.Equal(0x02081018u, m.IpoQuotationReleaseTime);
        Assert.Equal((byte)'Z', m.IpoQuotationReleaseQualifier);
        Assert.Equal(new Price4(1234807), m.IpoPrice);

        var written = new byte[28 + 8];
        Assert.Equal(28, ItchWriter.WriteIpoQuotingPeriodUpdate(written, new StockLocate(0x0107), 0x0207, 0x112233440007UL, "NVDA"u8, 0x02081018u, (byte)'Z', new Price4(1234807)));
        Assert.Equal(bytes, written.AsSpan(0, 28).ToArray());
        Assert.All(written.AsSpan(28).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnIpoQuotingPeriodUpdate), handler.LastMethod);
    }

    [Fact]
    public void LuldAuctionCollar_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('J')                          // Message Type
            .U16(0x0108)                        // Stock Locate
            .U16(0x0208)                        // Tracking Number
            .U48(0x112233440008)                // Timestamp
            .Alpha("SPY", 8)                    // Stock (8)
            .U32(1234608)                       // AuctionCollarReferencePrice (4)
            .U32(1234708)                       // UpperAuctionCollarPrice (4)
            .U32(1234808)                       // LowerAuctionCollarPrice (4)
            .U32(0x0509121B)                    // AuctionCollarExtension (4)
            .ToArray();
        Assert.Equal(35, bytes.Length);

        var m = new LuldAuctionCollar(bytes);
        Assert.Equal((byte)'J', m.MessageType);
        Assert.Equal(new StockLocate(0x0108), m.StockLocate);
        Assert.Equal(0x0208, m.TrackingNumber);
        Assert.Equal(0x112233440008UL, m.Timestamp);
        Assert.Equal("SPY     ", Ascii(m.Stock));
        Assert.Equal("SPY     ".TrimEnd(), m.StockSymbol());
        Assert.Equal(new Price4(1234608), m.AuctionCollarReferencePrice);
        Assert.Equal(new Price4(1234708), m.UpperAuctionCollarPrice);
        Assert.Equal(new Price4(1234808), m.LowerAuctionCollarPrice);
        Assert.Equal(0x0509121Bu, m.AuctionCollarExtension);

        var written = new byte[35 + 8];
        Assert.Equal(35, ItchWriter.WriteLuldAuctionCollar(written, new StockLocate(0x0108), 0x0208, 0x112233440008UL, "SPY"u8, new Price4(1234608), new Price4(1234708), new Price4(1234808), 0x0509121Bu));
        Assert.Equal(bytes, written.AsSpan(0, 35).ToArray());
        Assert.All(written.AsSpan(35).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnLuldAuctionCollar), handler.LastMethod);
    }

    [Fact]
    public void OperationalHalt_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('h')                          // Message Type
            .U16(0x0109)                        // Stock Locate
            .U16(0x0209)                        // Tracking Number
            .U48(0x112233440009)                // Timestamp
            .Alpha("AMZN", 8)                   // Stock (8)
            .Char('Q')                          // MarketCode (1)
            .Char('R')                          // OperationalHaltAction (1)
            .ToArray();
        Assert.Equal(21, bytes.Length);

        var m = new OperationalHalt(bytes);
        Assert.Equal((byte)'h', m.MessageType);
        Assert.Equal(new StockLocate(0x0109), m.StockLocate);
        Assert.Equal(0x0209, m.TrackingNumber);
        Assert.Equal(0x112233440009UL, m.Timestamp);
        Assert.Equal("AMZN    ", Ascii(m.Stock));
        Assert.Equal("AMZN    ".TrimEnd(), m.StockSymbol());
        Assert.Equal((byte)'Q', m.MarketCode);
        Assert.Equal((byte)'R', m.OperationalHaltAction);

        var written = new byte[21 + 8];
        Assert.Equal(21, ItchWriter.WriteOperationalHalt(written, new StockLocate(0x0109), 0x0209, 0x112233440009UL, "AMZN"u8, (byte)'Q', (byte)'R'));
        Assert.Equal(bytes, written.AsSpan(0, 21).ToArray());
        Assert.All(written.AsSpan(21).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnOperationalHalt), handler.LastMethod);
    }

    [Fact]
    public void AddOrder_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('A')                          // Message Type
            .U16(0x010A)                        // Stock Locate
            .U16(0x020A)                        // Tracking Number
            .U48(0x11223344000A)                // Timestamp
            .U64(0x00F000111111111B)            // OrderRef (8)
            .Char('S')                          // Side (1)
            .U32(0x030B1621)                    // Shares (4)
            .Alpha("AAPL", 8)                   // Stock (8)
            .U32(1234910)                       // Price (4)
            .ToArray();
        Assert.Equal(36, bytes.Length);

        var m = new AddOrder(bytes);
        Assert.Equal((byte)'A', m.MessageType);
        Assert.Equal(new StockLocate(0x010A), m.StockLocate);
        Assert.Equal(0x020A, m.TrackingNumber);
        Assert.Equal(0x11223344000AUL, m.Timestamp);
        Assert.Equal(new OrderRef(0x00F000111111111B), m.OrderRef);
        Assert.Equal(ItchSide.Sell, m.Side);
        Assert.Equal(0x030B1621u, m.Shares);
        Assert.Equal("AAPL    ", Ascii(m.Stock));
        Assert.Equal("AAPL    ".TrimEnd(), m.StockSymbol());
        Assert.Equal(new Price4(1234910), m.Price);

        var written = new byte[36 + 8];
        Assert.Equal(36, ItchWriter.WriteAddOrder(written, new StockLocate(0x010A), 0x020A, 0x11223344000AUL, new OrderRef(0x00F000111111111B), ItchSide.Sell, 0x030B1621u, "AAPL"u8, new Price4(1234910)));
        Assert.Equal(bytes, written.AsSpan(0, 36).ToArray());
        Assert.All(written.AsSpan(36).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnAddOrder), handler.LastMethod);
    }

    [Fact]
    public void AddOrderMpid_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('F')                          // Message Type
            .U16(0x010B)                        // Stock Locate
            .U16(0x020B)                        // Tracking Number
            .U48(0x11223344000B)                // Timestamp
            .U64(0x00F000111111111C)            // OrderRef (8)
            .Char('B')                          // Side (1)
            .U32(0x030C1824)                    // Shares (4)
            .Alpha("MSFT", 8)                   // Stock (8)
            .U32(1234911)                       // Price (4)
            .Alpha("T1", 4)                     // Attribution (4)
            .ToArray();
        Assert.Equal(40, bytes.Length);

        var m = new AddOrderMpid(bytes);
        Assert.Equal((byte)'F', m.MessageType);
        Assert.Equal(new StockLocate(0x010B), m.StockLocate);
        Assert.Equal(0x020B, m.TrackingNumber);
        Assert.Equal(0x11223344000BUL, m.Timestamp);
        Assert.Equal(new OrderRef(0x00F000111111111C), m.OrderRef);
        Assert.Equal(ItchSide.Buy, m.Side);
        Assert.Equal(0x030C1824u, m.Shares);
        Assert.Equal("MSFT    ", Ascii(m.Stock));
        Assert.Equal("MSFT    ".TrimEnd(), m.StockSymbol());
        Assert.Equal(new Price4(1234911), m.Price);
        Assert.Equal("T1  ", Ascii(m.Attribution));

        var written = new byte[40 + 8];
        Assert.Equal(40, ItchWriter.WriteAddOrderMpid(written, new StockLocate(0x010B), 0x020B, 0x11223344000BUL, new OrderRef(0x00F000111111111C), ItchSide.Buy, 0x030C1824u, "MSFT"u8, new Price4(1234911), "T1"u8));
        Assert.Equal(bytes, written.AsSpan(0, 40).ToArray());
        Assert.All(written.AsSpan(40).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnAddOrderMpid), handler.LastMethod);
    }

    [Fact]
    public void OrderExecuted_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('E')                          // Message Type
            .U16(0x010C)                        // Stock Locate
            .U16(0x020C)                        // Tracking Number
            .U48(0x11223344000C)                // Timestamp
            .U64(0x00F000111111111D)            // OrderRef (8)
            .U32(0x020D1A27)                    // ExecutedShares (4)
            .U64(0x0300000D1A273441)            // MatchNumber (8)
            .ToArray();
        Assert.Equal(31, bytes.Length);

        var m = new OrderExecuted(bytes);
        Assert.Equal((byte)'E', m.MessageType);
        Assert.Equal(new StockLocate(0x010C), m.StockLocate);
        Assert.Equal(0x020C, m.TrackingNumber);
        Assert.Equal(0x11223344000CUL, m.Timestamp);
        Assert.Equal(new OrderRef(0x00F000111111111D), m.OrderRef);
        Assert.Equal(0x020D1A27u, m.ExecutedShares);
        Assert.Equal(0x0300000D1A273441UL, m.MatchNumber);

        var written = new byte[31 + 8];
        Assert.Equal(31, ItchWriter.WriteOrderExecuted(written, new StockLocate(0x010C), 0x020C, 0x11223344000CUL, new OrderRef(0x00F000111111111D), 0x020D1A27u, 0x0300000D1A273441UL));
        Assert.Equal(bytes, written.AsSpan(0, 31).ToArray());
        Assert.All(written.AsSpan(31).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnOrderExecuted), handler.LastMethod);
    }

    [Fact]
    public void OrderExecutedWithPrice_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('C')                          // Message Type
            .U16(0x010D)                        // Stock Locate
            .U16(0x020D)                        // Tracking Number
            .U48(0x11223344000D)                // Timestamp
            .U64(0x00F000111111111E)            // OrderRef (8)
            .U32(0x020E1C2A)                    // ExecutedShares (4)
            .U64(0x0300000E1C2A3846)            // MatchNumber (8)
            .Char('W')                          // Printable (1)
            .U32(1234913)                       // ExecutionPrice (4)
            .ToArray();
        Assert.Equal(36, bytes.Length);

        var m = new OrderExecutedWithPrice(bytes);
        Assert.Equal((byte)'C', m.MessageType);
        Assert.Equal(new StockLocate(0x010D), m.StockLocate);
        Assert.Equal(0x020D, m.TrackingNumber);
        Assert.Equal(0x11223344000DUL, m.Timestamp);
        Assert.Equal(new OrderRef(0x00F000111111111E), m.OrderRef);
        Assert.Equal(0x020E1C2Au, m.ExecutedShares);
        Assert.Equal(0x0300000E1C2A3846UL, m.MatchNumber);
        Assert.Equal((byte)'W', m.Printable);
        Assert.Equal(new Price4(1234913), m.ExecutionPrice);

        var written = new byte[36 + 8];
        Assert.Equal(36, ItchWriter.WriteOrderExecutedWithPrice(written, new StockLocate(0x010D), 0x020D, 0x11223344000DUL, new OrderRef(0x00F000111111111E), 0x020E1C2Au, 0x0300000E1C2A3846UL, (byte)'W', new Price4(1234913)));
        Assert.Equal(bytes, written.AsSpan(0, 36).ToArray());
        Assert.All(written.AsSpan(36).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnOrderExecutedWithPrice), handler.LastMethod);
    }

    [Fact]
    public void OrderCancel_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('X')                          // Message Type
            .U16(0x010E)                        // Stock Locate
            .U16(0x020E)                        // Tracking Number
            .U48(0x11223344000E)                // Timestamp
            .U64(0x00F000111111111F)            // OrderRef (8)
            .U32(0x020F1E2D)                    // CanceledShares (4)
            .ToArray();
        Assert.Equal(23, bytes.Length);

        var m = new OrderCancel(bytes);
        Assert.Equal((byte)'X', m.MessageType);
        Assert.Equal(new StockLocate(0x010E), m.StockLocate);
        Assert.Equal(0x020E, m.TrackingNumber);
        Assert.Equal(0x11223344000EUL, m.Timestamp);
        Assert.Equal(new OrderRef(0x00F000111111111F), m.OrderRef);
        Assert.Equal(0x020F1E2Du, m.CanceledShares);

        var written = new byte[23 + 8];
        Assert.Equal(23, ItchWriter.WriteOrderCancel(written, new StockLocate(0x010E), 0x020E, 0x11223344000EUL, new OrderRef(0x00F000111111111F), 0x020F1E2Du));
        Assert.Equal(bytes, written.AsSpan(0, 23).ToArray());
        Assert.All(written.AsSpan(23).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnOrderCancel), handler.LastMethod);
    }

    [Fact]
    public void OrderDelete_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('D')                          // Message Type
            .U16(0x010F)                        // Stock Locate
            .U16(0x020F)                        // Tracking Number
            .U48(0x11223344000F)                // Timestamp
            .U64(0x00F0001111111120)            // OrderRef (8)
            .ToArray();
        Assert.Equal(19, bytes.Length);

        var m = new OrderDelete(bytes);
        Assert.Equal((byte)'D', m.MessageType);
        Assert.Equal(new StockLocate(0x010F), m.StockLocate);
        Assert.Equal(0x020F, m.TrackingNumber);
        Assert.Equal(0x11223344000FUL, m.Timestamp);
        Assert.Equal(new OrderRef(0x00F0001111111120), m.OrderRef);

        var written = new byte[19 + 8];
        Assert.Equal(19, ItchWriter.WriteOrderDelete(written, new StockLocate(0x010F), 0x020F, 0x11223344000FUL, new OrderRef(0x00F0001111111120)));
        Assert.Equal(bytes, written.AsSpan(0, 19).ToArray());
        Assert.All(written.AsSpan(19).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnOrderDelete), handler.LastMethod);
    }

    [Fact]
    public void OrderReplace_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('U')                          // Message Type
            .U16(0x0110)                        // Stock Locate
            .U16(0x0210)                        // Tracking Number
            .U48(0x112233440010)                // Timestamp
            .U64(0x00F0001111111121)            // OriginalOrderRef (8)
            .U64(0x00F0002222222232)            // NewOrderRef (8)
            .U32(0x03112233)                    // Shares (4)
            .U32(1234816)                       // Price (4)
            .ToArray();
        Assert.Equal(35, bytes.Length);

        var m = new OrderReplace(bytes);
        Assert.Equal((byte)'U', m.MessageType);
        Assert.Equal(new StockLocate(0x0110), m.StockLocate);
        Assert.Equal(0x0210, m.TrackingNumber);
        Assert.Equal(0x112233440010UL, m.Timestamp);
        Assert.Equal(new OrderRef(0x00F0001111111121), m.OriginalOrderRef);
        Assert.Equal(new OrderRef(0x00F0002222222232), m.NewOrderRef);
        Assert.Equal(0x03112233u, m.Shares);
        Assert.Equal(new Price4(1234816), m.Price);

        var written = new byte[35 + 8];
        Assert.Equal(35, ItchWriter.WriteOrderReplace(written, new StockLocate(0x0110), 0x0210, 0x112233440010UL, new OrderRef(0x00F0001111111121), new OrderRef(0x00F0002222222232), 0x03112233u, new Price4(1234816)));
        Assert.Equal(bytes, written.AsSpan(0, 35).ToArray());
        Assert.All(written.AsSpan(35).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnOrderReplace), handler.LastMethod);
    }

    [Fact]
    public void Trade_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('P')                          // Message Type
            .U16(0x0111)                        // Stock Locate
            .U16(0x0211)                        // Tracking Number
            .U48(0x112233440011)                // Timestamp
            .U64(0x00F0001111111122)            // OrderRef (8)
            .Char('B')                          // Side (1)
            .U32(0x03122436)                    // Shares (4)
            .Alpha("NVDA", 8)                   // Stock (8)
            .U32(1234917)                       // Price (4)
            .U64(0x060000122436485A)            // MatchNumber (8)
            .ToArray();
        Assert.Equal(44, bytes.Length);

        var m = new Trade(bytes);
        Assert.Equal((byte)'P', m.MessageType);
        Assert.Equal(new StockLocate(0x0111), m.StockLocate);
        Assert.Equal(0x0211, m.TrackingNumber);
        Assert.Equal(0x112233440011UL, m.Timestamp);
        Assert.Equal(new OrderRef(0x00F0001111111122), m.OrderRef);
        Assert.Equal(ItchSide.Buy, m.Side);
        Assert.Equal(0x03122436u, m.Shares);
        Assert.Equal("NVDA    ", Ascii(m.Stock));
        Assert.Equal("NVDA    ".TrimEnd(), m.StockSymbol());
        Assert.Equal(new Price4(1234917), m.Price);
        Assert.Equal(0x060000122436485AUL, m.MatchNumber);

        var written = new byte[44 + 8];
        Assert.Equal(44, ItchWriter.WriteTrade(written, new StockLocate(0x0111), 0x0211, 0x112233440011UL, new OrderRef(0x00F0001111111122), ItchSide.Buy, 0x03122436u, "NVDA"u8, new Price4(1234917), 0x060000122436485AUL));
        Assert.Equal(bytes, written.AsSpan(0, 44).ToArray());
        Assert.All(written.AsSpan(44).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnTrade), handler.LastMethod);
    }

    [Fact]
    public void CrossTrade_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('Q')                          // Message Type
            .U16(0x0112)                        // Stock Locate
            .U16(0x0212)                        // Tracking Number
            .U48(0x112233440012)                // Timestamp
            .U64(0x0100001326394C5F)            // Shares (8)
            .Alpha("SPY", 8)                    // Stock (8)
            .U32(1234718)                       // CrossPrice (4)
            .U64(0x0400001326394C5F)            // MatchNumber (8)
            .Char('S')                          // CrossType (1)
            .ToArray();
        Assert.Equal(40, bytes.Length);

        var m = new CrossTrade(bytes);
        Assert.Equal((byte)'Q', m.MessageType);
        Assert.Equal(new StockLocate(0x0112), m.StockLocate);
        Assert.Equal(0x0212, m.TrackingNumber);
        Assert.Equal(0x112233440012UL, m.Timestamp);
        Assert.Equal(0x0100001326394C5FUL, m.Shares);
        Assert.Equal("SPY     ", Ascii(m.Stock));
        Assert.Equal("SPY     ".TrimEnd(), m.StockSymbol());
        Assert.Equal(new Price4(1234718), m.CrossPrice);
        Assert.Equal(0x0400001326394C5FUL, m.MatchNumber);
        Assert.Equal((byte)'S', m.CrossType);

        var written = new byte[40 + 8];
        Assert.Equal(40, ItchWriter.WriteCrossTrade(written, new StockLocate(0x0112), 0x0212, 0x112233440012UL, 0x0100001326394C5FUL, "SPY"u8, new Price4(1234718), 0x0400001326394C5FUL, (byte)'S'));
        Assert.Equal(bytes, written.AsSpan(0, 40).ToArray());
        Assert.All(written.AsSpan(40).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnCrossTrade), handler.LastMethod);
    }

    [Fact]
    public void BrokenTrade_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('B')                          // Message Type
            .U16(0x0113)                        // Stock Locate
            .U16(0x0213)                        // Tracking Number
            .U48(0x112233440013)                // Timestamp
            .U64(0x01000014283C5064)            // MatchNumber (8)
            .ToArray();
        Assert.Equal(19, bytes.Length);

        var m = new BrokenTrade(bytes);
        Assert.Equal((byte)'B', m.MessageType);
        Assert.Equal(new StockLocate(0x0113), m.StockLocate);
        Assert.Equal(0x0213, m.TrackingNumber);
        Assert.Equal(0x112233440013UL, m.Timestamp);
        Assert.Equal(0x01000014283C5064UL, m.MatchNumber);

        var written = new byte[19 + 8];
        Assert.Equal(19, ItchWriter.WriteBrokenTrade(written, new StockLocate(0x0113), 0x0213, 0x112233440013UL, 0x01000014283C5064UL));
        Assert.Equal(bytes, written.AsSpan(0, 19).ToArray());
        Assert.All(written.AsSpan(19).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnBrokenTrade), handler.LastMethod);
    }

    [Fact]
    public void Noii_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('I')                          // Message Type
            .U16(0x0114)                        // Stock Locate
            .U16(0x0214)                        // Tracking Number
            .U48(0x112233440014)                // Timestamp
            .U64(0x010000152A3F5469)            // PairedShares (8)
            .U64(0x020000152A3F5469)            // ImbalanceShares (8)
            .Char('S')                          // ImbalanceDirection (1)
            .Alpha("AAPL", 8)                   // Stock (8)
            .U32(1234920)                       // FarPrice (4)
            .U32(1235020)                       // NearPrice (4)
            .U32(1235120)                       // CurrentReferencePrice (4)
            .Char('X')                          // CrossType (1)
            .Char('Y')                          // PriceVariationIndicator (1)
            .ToArray();
        Assert.Equal(50, bytes.Length);

        var m = new Noii(bytes);
        Assert.Equal((byte)'I', m.MessageType);
        Assert.Equal(new StockLocate(0x0114), m.StockLocate);
        Assert.Equal(0x0214, m.TrackingNumber);
        Assert.Equal(0x112233440014UL, m.Timestamp);
        Assert.Equal(0x010000152A3F5469UL, m.PairedShares);
        Assert.Equal(0x020000152A3F5469UL, m.ImbalanceShares);
        Assert.Equal((byte)'S', m.ImbalanceDirection);
        Assert.Equal("AAPL    ", Ascii(m.Stock));
        Assert.Equal("AAPL    ".TrimEnd(), m.StockSymbol());
        Assert.Equal(new Price4(1234920), m.FarPrice);
        Assert.Equal(new Price4(1235020), m.NearPrice);
        Assert.Equal(new Price4(1235120), m.CurrentReferencePrice);
        Assert.Equal((byte)'X', m.CrossType);
        Assert.Equal((byte)'Y', m.PriceVariationIndicator);

        var written = new byte[50 + 8];
        Assert.Equal(50, ItchWriter.WriteNoii(written, new StockLocate(0x0114), 0x0214, 0x112233440014UL, 0x010000152A3F5469UL, 0x020000152A3F5469UL, (byte)'S', "AAPL"u8, new Price4(1234920), new Price4(1235020), new Price4(1235120), (byte)'X', (byte)'Y'));
        Assert.Equal(bytes, written.AsSpan(0, 50).ToArray());
        Assert.All(written.AsSpan(50).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnNoii), handler.LastMethod);
    }

    [Fact]
    public void Rpii_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('N')                          // Message Type
            .U16(0x0115)                        // Stock Locate
            .U16(0x0215)                        // Tracking Number
            .U48(0x112233440015)                // Timestamp
            .Alpha("MSFT", 8)                   // Stock (8)
            .Char('S')                          // InterestFlag (1)
            .ToArray();
        Assert.Equal(20, bytes.Length);

        var m = new Rpii(bytes);
        Assert.Equal((byte)'N', m.MessageType);
        Assert.Equal(new StockLocate(0x0115), m.StockLocate);
        Assert.Equal(0x0215, m.TrackingNumber);
        Assert.Equal(0x112233440015UL, m.Timestamp);
        Assert.Equal("MSFT    ", Ascii(m.Stock));
        Assert.Equal("MSFT    ".TrimEnd(), m.StockSymbol());
        Assert.Equal((byte)'S', m.InterestFlag);

        var written = new byte[20 + 8];
        Assert.Equal(20, ItchWriter.WriteRpii(written, new StockLocate(0x0115), 0x0215, 0x112233440015UL, "MSFT"u8, (byte)'S'));
        Assert.Equal(bytes, written.AsSpan(0, 20).ToArray());
        Assert.All(written.AsSpan(20).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnRpii), handler.LastMethod);
    }

    [Fact]
    public void DirectListingPriceDiscovery_decodes_hand_built_bytes_and_writer_matches_them()
    {
        byte[] bytes = new WireBytes()
            .Char('O')                          // Message Type
            .U16(0x0116)                        // Stock Locate
            .U16(0x0216)                        // Tracking Number
            .U48(0x112233440016)                // Timestamp
            .Alpha("ZVZZT", 8)                  // Stock (8)
            .Char('T')                          // OpenEligibilityStatus (1)
            .U32(1234722)                       // MinimumAllowablePrice (4)
            .U32(1234822)                       // MaximumAllowablePrice (4)
            .U32(1234922)                       // NearExecutionPrice (4)
            .U64(0x060000172E455C73)            // NearExecutionTime (8)
            .U32(1235122)                       // LowerPriceRangeCollar (4)
            .U32(1235222)                       // UpperPriceRangeCollar (4)
            .ToArray();
        Assert.Equal(48, bytes.Length);

        var m = new DirectListingPriceDiscovery(bytes);
        Assert.Equal((byte)'O', m.MessageType);
        Assert.Equal(new StockLocate(0x0116), m.StockLocate);
        Assert.Equal(0x0216, m.TrackingNumber);
        Assert.Equal(0x112233440016UL, m.Timestamp);
        Assert.Equal("ZVZZT   ", Ascii(m.Stock));
        Assert.Equal("ZVZZT   ".TrimEnd(), m.StockSymbol());
        Assert.Equal((byte)'T', m.OpenEligibilityStatus);
        Assert.Equal(new Price4(1234722), m.MinimumAllowablePrice);
        Assert.Equal(new Price4(1234822), m.MaximumAllowablePrice);
        Assert.Equal(new Price4(1234922), m.NearExecutionPrice);
        Assert.Equal(0x060000172E455C73UL, m.NearExecutionTime);
        Assert.Equal(new Price4(1235122), m.LowerPriceRangeCollar);
        Assert.Equal(new Price4(1235222), m.UpperPriceRangeCollar);

        var written = new byte[48 + 8];
        Assert.Equal(48, ItchWriter.WriteDirectListingPriceDiscovery(written, new StockLocate(0x0116), 0x0216, 0x112233440016UL, "ZVZZT"u8, (byte)'T', new Price4(1234722), new Price4(1234822), new Price4(1234922), 0x060000172E455C73UL, new Price4(1235122), new Price4(1235222)));
        Assert.Equal(bytes, written.AsSpan(0, 48).ToArray());
        Assert.All(written.AsSpan(48).ToArray(), b => Assert.Equal(0, b));

        var handler = new RecordingHandler();
        Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(bytes, ref handler, new ItchDecodeStats()));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(nameof(IItchHandler.OnDirectListingPriceDiscovery), handler.LastMethod);
    }
}
