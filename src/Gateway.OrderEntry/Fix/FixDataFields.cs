namespace Gateway.OrderEntry.Fix;

/// <summary>
/// The FIX 4.4 Length/Data pairs (Volume 1, "data" type; Volume 6, field list). A data field may
/// carry any byte, SOH and '=' included, so its extent comes from the Length field that must
/// immediately precede it, not from the next SOH. The parser has no dictionary, so the pairs are a
/// static table here; a test checks it against <see cref="FixDictionary.Fix44"/>.
/// <code>
///   length  data     length  data     length  data
///     90     91        93     89        95     96
///    212    213       348    349       350    351
///    352    353       354    355       356    357
///    358    359       360    361       362    363
///    364    365       445    446       618    619
///    621    622
/// </code>
/// </summary>
public static class FixDataFields
{
    private const int Slots = 1024;

    private static readonly (int Length, int Data)[] s_pairs =
    [
        (90, 91), (93, 89), (95, 96), (212, 213), (348, 349), (350, 351), (352, 353), (354, 355),
        (356, 357), (358, 359), (360, 361), (362, 363), (364, 365), (445, 446), (618, 619), (621, 622),
    ];

    // Declared after s_pairs: static initialisers run in text order.
    private static readonly short[] s_lengthOf = Build(dataToLength: true);
    private static readonly short[] s_dataOf = Build(dataToLength: false);

    /// <summary>Every (length tag, data tag) pair, in length-tag order.</summary>
    public static ReadOnlySpan<(int Length, int Data)> Pairs => s_pairs;

    /// <summary>The Length tag of a data field, or 0 when <paramref name="dataTag"/> is not a data field.</summary>
    public static int LengthTagOf(int dataTag) => (uint)dataTag < Slots ? s_lengthOf[dataTag] : 0;

    /// <summary>The data tag a Length field announces, or 0 when <paramref name="lengthTag"/> is not one of the pairs.</summary>
    public static int DataTagOf(int lengthTag) => (uint)lengthTag < Slots ? s_dataOf[lengthTag] : 0;

    private static short[] Build(bool dataToLength)
    {
        short[] table = new short[Slots];
        foreach ((int length, int data) in s_pairs)
        {
            table[dataToLength ? data : length] = (short)(dataToLength ? length : data);
        }

        return table;
    }
}
