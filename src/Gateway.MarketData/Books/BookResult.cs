namespace Gateway.MarketData.Books;

/// <summary>What one book update did. <see cref="OrderBooks.Count"/> counts each value.</summary>
public enum BookResult : byte
{
    Ok = 0,

    /// <summary>E/C/X/D/U named a reference number that is not live. Nothing changed.</summary>
    UnknownOrder,

    /// <summary>A/F/U named a new reference number that is already live. Nothing changed.</summary>
    DuplicateOrder,

    /// <summary>
    /// E/C/X asked for more shares than the order has left. Policy: the order is removed (all it had
    /// left leaves its level, so the level stays the sum of its orders) and the instrument is flagged,
    /// because our book and the exchange's now disagree.
    /// </summary>
    ExecutionExceedsOrder,

    /// <summary>The order pool is full. The order is not added; the instrument is flagged.</summary>
    OrdersExhausted,

    /// <summary>The level pool or the side's level index is full. The order is not added; the instrument is flagged.</summary>
    LevelsExhausted,

    /// <summary>Side was neither 'B' nor 'S'. Nothing changed.</summary>
    InvalidSide,

    /// <summary>Locate at or above <see cref="BookOptions.MaxInstruments"/>. Nothing changed.</summary>
    InvalidLocate,

    /// <summary>An add or replace with zero shares. Nothing changed.</summary>
    InvalidShares,
}

/// <summary>Why an instrument's book is not to be trusted (bits; zero means trustworthy).</summary>
[Flags]
public enum BookFlags : byte
{
    None = 0,
    OrdersExhausted = 1,
    LevelsExhausted = 2,

    /// <summary>An execution or cancel exceeded the order: our state disagrees with the exchange.</summary>
    Inconsistent = 4,

    /// <summary>Set by the feed layer for one instrument (<see cref="OrderBooks.FlagInstrument"/>), e.g. an order the book does not hold.</summary>
    External = 8,

    /// <summary>
    /// The feed declared messages lost (<see cref="OrderBooks.FlagAllInstruments"/>): any book may
    /// have missed some of them, so every instrument carries this.
    /// </summary>
    MessagesLost = 16,
}
