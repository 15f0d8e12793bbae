namespace Gateway.MarketData.Itch;

/// <summary>The ITCH Buy/Sell Indicator, as its wire byte (a cast from the byte is free).</summary>
public enum ItchSide : byte
{
    Buy = (byte)'B',
    Sell = (byte)'S',
}
