namespace Gateway.MarketData.Books;

public sealed unsafe partial class OrderBooks
{
    /// <summary>
    /// Cold: marks every instrument's book as not trustworthy for <paramref name="reason"/> (e.g.
    /// <see cref="BookFlags.MessagesLost"/>: the feed cannot tell which books the lost messages
    /// touched, nor which instruments they would have created). Locates no message has named yet
    /// are flagged too. Like <see cref="FlagInstrument"/>, it does not take the seqlock: flags are
    /// not part of the top-of-book snapshot.
    /// </summary>
    public void FlagAllInstruments(BookFlags reason)
    {
        for (int i = 0; i < _maxInstruments; i++)
        {
            _instruments[i].Flags |= (byte)reason;
        }
    }
}
