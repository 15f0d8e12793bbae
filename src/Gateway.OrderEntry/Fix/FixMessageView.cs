using System.Runtime.CompilerServices;

namespace Gateway.OrderEntry.Fix;

/// <summary>
/// A parsed message: the bytes and the field table <see cref="FixParser.Parse"/> filled from them.
/// Lookups go through the table's direct index (first occurrence of a tag); values are spans into
/// the message, and the typed getters convert in place. Prices use <see cref="FixPrice"/> (8 implied
/// decimals) or a caller-chosen scale through <see cref="TryGetDecimal"/>.
/// </summary>
public readonly ref struct FixMessageView
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly FixFieldTable _table;

    public FixMessageView(ReadOnlySpan<byte> message, FixFieldTable table)
    {
        _message = message;
        _table = table;
    }

    public ReadOnlySpan<byte> Bytes => _message;

    public FixFieldTable Table => _table;

    public int FieldCount => _table.Count;

    public ReadOnlySpan<byte> MsgType => ValueAt(2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TagAt(int index) => _table[index].Tag;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ValueAt(int index)
    {
        ref readonly FixField f = ref _table[index];
        return _message.Slice(f.Offset, f.Length);
    }

    public int IndexOf(int tag) => _table.IndexOf(tag);

    public bool Has(int tag) => _table.IndexOf(tag) >= 0;

    public bool TryGetValue(int tag, out ReadOnlySpan<byte> value)
    {
        int i = _table.IndexOf(tag);
        if (i < 0)
        {
            value = default;
            return false;
        }

        value = ValueAt(i);
        return true;
    }

    /// <summary>The value as a span, empty when the tag is absent.</summary>
    public ReadOnlySpan<byte> GetString(int tag) => TryGetValue(tag, out ReadOnlySpan<byte> v) ? v : default;

    public bool TryGetInt(int tag, out long value)
    {
        value = 0;
        return TryGetValue(tag, out ReadOnlySpan<byte> v) && FixValue.TryParseInt(v, out value);
    }

    public bool TryGetPrice(int tag, out FixPrice price)
    {
        bool ok = TryGetDecimal(tag, FixPrice.Scale, out long units);
        price = new FixPrice(units);
        return ok;
    }

    /// <summary>A float field as a long with <paramref name="scale"/> implied decimals.</summary>
    public bool TryGetDecimal(int tag, int scale, out long value)
    {
        value = 0;
        return TryGetValue(tag, out ReadOnlySpan<byte> v) && FixValue.TryParseDecimal(v, scale, out value);
    }

    /// <summary>A UTCTimestamp field as nanoseconds since the Unix epoch.</summary>
    public bool TryGetTimestamp(int tag, out long nanos)
    {
        nanos = 0;
        return TryGetValue(tag, out ReadOnlySpan<byte> v) && FixValue.TryParseUtcTimestamp(v, out nanos);
    }

    public bool TryGetChar(int tag, out byte value)
    {
        value = 0;
        return TryGetValue(tag, out ReadOnlySpan<byte> v) && FixValue.TryParseChar(v, out value);
    }

    public bool TryGetBool(int tag, out bool value)
    {
        value = false;
        return TryGetValue(tag, out ReadOnlySpan<byte> v) && FixValue.TryParseBool(v, out value);
    }

    /// <summary>
    /// The repeating group that starts at the count field <paramref name="countTag"/>: entries begin at
    /// each occurrence of the group's first field and run while fields belong to the group. Use it on a
    /// validated message; on an unvalidated one the entries found may disagree with the count
    /// (<see cref="FixGroup.EntryCount"/> versus <see cref="FixGroup.DeclaredCount"/>).
    /// </summary>
    public FixGroup GetGroup(FixGroupDef group) => GroupAt(group, _table.IndexOf(group.CountTag), _table.Count - 1);

    /// <summary>The group whose count field sits at <paramref name="countIndex"/>, its entries ending by <paramref name="limit"/> at the latest.</summary>
    internal FixGroup GroupAt(FixGroupDef group, int countIndex, int limit)
    {
        if (countIndex < 0)
        {
            return new FixGroup(this, group, -1, 0, 0, 0);
        }

        // A count that does not parse reads as 0; the validator reports the field itself.
        _ = FixValue.TryParseUInt(ValueAt(countIndex), out long declared);
        int delimiter = group.DelimiterTag;
        int end = countIndex + 1;
        int entries = 0;
        while (end < limit)
        {
            int tag = TagAt(end);
            if (tag == delimiter)
            {
                entries++;
            }
            else if (entries == 0 || !group.Contains(tag))
            {
                break; // nested groups' fields belong to the entry they sit in
            }

            end++;
        }

        return new FixGroup(this, group, countIndex, (int)Math.Min(declared, int.MaxValue), entries, end);
    }
}

/// <summary>A repeating group inside a <see cref="FixMessageView"/>: field index range [first, end) after the count field.</summary>
public readonly ref struct FixGroup
{
    private readonly FixMessageView _message;
    private readonly FixGroupDef _def;
    private readonly int _countIndex;
    private readonly int _end;

    internal FixGroup(FixMessageView message, FixGroupDef def, int countIndex, int declared, int entries, int end)
    {
        _message = message;
        _def = def;
        _countIndex = countIndex;
        DeclaredCount = declared;
        EntryCount = entries;
        _end = end;
    }

    /// <summary>The NumInGroup value as sent.</summary>
    public int DeclaredCount { get; }

    /// <summary>Entries found (each starts with the group's first field).</summary>
    public int EntryCount { get; }

    /// <summary>Entry <paramref name="n"/> (0-based) as a sub-view: tag lookups inside that entry only.</summary>
    public FixGroupEntry Entry(int n)
    {
        if ((uint)n >= (uint)EntryCount)
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(n), "no such group entry");
        }

        int seen = -1;
        int start = -1;
        for (int i = _countIndex + 1; i < _end; i++)
        {
            if (_message.TagAt(i) != _def.DelimiterTag)
            {
                continue;
            }

            seen++;
            if (seen == n)
            {
                start = i;
            }
            else if (seen == n + 1)
            {
                return new FixGroupEntry(_message, start, i);
            }
        }

        return new FixGroupEntry(_message, start, _end);
    }
}

/// <summary>One entry of a repeating group: fields [start, end) of the message.</summary>
public readonly ref struct FixGroupEntry
{
    private readonly FixMessageView _message;
    private readonly int _start;
    private readonly int _end;

    internal FixGroupEntry(FixMessageView message, int start, int end)
    {
        _message = message;
        _start = start;
        _end = end;
    }

    public int FieldCount => _end - _start;

    public bool TryGetValue(int tag, out ReadOnlySpan<byte> value)
    {
        for (int i = _start; i < _end; i++)
        {
            if (_message.TagAt(i) == tag)
            {
                value = _message.ValueAt(i);
                return true;
            }
        }

        value = default;
        return false;
    }

    public ReadOnlySpan<byte> GetString(int tag) => TryGetValue(tag, out ReadOnlySpan<byte> v) ? v : default;

    public bool TryGetInt(int tag, out long value)
    {
        value = 0;
        return TryGetValue(tag, out ReadOnlySpan<byte> v) && FixValue.TryParseInt(v, out value);
    }

    public bool TryGetChar(int tag, out byte value)
    {
        value = 0;
        return TryGetValue(tag, out ReadOnlySpan<byte> v) && FixValue.TryParseChar(v, out value);
    }

    /// <summary>
    /// A group nested in this entry (e.g. NoPartySubIDs 802 inside a NoPartyIDs entry): its entries
    /// stay within this entry. Empty (no entries, count field absent) when the entry does not hold it.
    /// </summary>
    public FixGroup GetGroup(FixGroupDef nested)
    {
        for (int i = _start; i < _end; i++)
        {
            if (_message.TagAt(i) == nested.CountTag)
            {
                return _message.GroupAt(nested, i, _end);
            }
        }

        return _message.GroupAt(nested, -1, _end);
    }
}
