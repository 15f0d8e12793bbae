namespace Gateway.OrderEntry.Fix;

/// <summary>FIX 4.4 data types (Volume 1, "Data Types"), as far as validation tells them apart.</summary>
public enum FixType : byte
{
    Undefined = 0,
    Int,
    Length,
    NumInGroup,
    SeqNum,
    TagNum,
    DayOfMonth,
    Float,
    Qty,
    Price,
    PriceOffset,
    Amt,
    Percentage,
    Char,
    Boolean,
    String,
    MultipleValueString,
    Currency,
    Exchange,
    Country,
    UtcTimestamp,
    UtcTimeOnly,
    UtcDateOnly,
    LocalMktDate,
    MonthYear,
    Data,
}

/// <summary>A field of the dictionary: its type and, for the enumerated ones, the allowed values.</summary>
/// <remarks>
/// Enumerations are bit sets: for Char fields bit c stands for the ASCII character c; for Int fields
/// bit v for the value v (0-127). That covers every enum the order path uses without a lookup table.
/// </remarks>
public sealed class FixFieldDef
{
    internal FixFieldDef(int tag, string name, FixType type, UInt128 allowed)
    {
        Tag = tag;
        Name = name;
        Type = type;
        Allowed = allowed;
        _allowedLow = (ulong)allowed;
        _allowedHigh = (ulong)(allowed >> 64);
    }

    private readonly ulong _allowedLow;
    private readonly ulong _allowedHigh;

    /// <summary>Whether <paramref name="value"/> (a char code or a small int) is in <see cref="Allowed"/>; UInt128 shifts cost more than two words.</summary>
    internal bool Allows(long value) =>
        (ulong)value < 64 ? ((_allowedLow >> (int)value) & 1) != 0 :
        (ulong)value < 128 && ((_allowedHigh >> (int)(value - 64)) & 1) != 0;

    public int Tag { get; }

    public string Name { get; }

    public FixType Type { get; }

    /// <summary>Allowed values as a bit set (see remarks); zero when the field is not enumerated.</summary>
    public UInt128 Allowed { get; }

    public bool IsEnumerated => (_allowedLow | _allowedHigh) != 0;
}

/// <summary>
/// A repeating group: its NumInGroup field, and its member fields in the order the spec gives
/// (the first one, the delimiter, starts every entry). A member may itself be a group's NumInGroup
/// field (Parties: NoPartyIDs 453 entries hold NoPartySubIDs 802); <see cref="NestedGroup"/> gives
/// that group, whose fields then follow the count inside the entry.
/// </summary>
public sealed class FixGroupDef
{
    private readonly int[] _members;
    private readonly bool[] _required;
    private readonly FixGroupDef?[] _nested;
    private readonly int[] _allTags; // members and, recursively, the fields of nested groups

    internal FixGroupDef(int countTag, int[] members, bool[] required, FixGroupDef?[] nested)
    {
        CountTag = countTag;
        _members = members;
        _required = required;
        _nested = nested;
        var all = new List<int>();
        for (int i = 0; i < members.Length; i++)
        {
            all.Add(members[i]);
            if (nested[i] is { } g)
            {
                all.AddRange(g._allTags);
            }
        }

        _allTags = [.. all];
    }

    public int CountTag { get; }

    public int DelimiterTag => _members[0];

    public ReadOnlySpan<int> Members => _members;

    /// <summary>Every tag an entry may hold: the members and the fields of nested groups, at any depth.</summary>
    public ReadOnlySpan<int> AllTags => _allTags;

    internal ReadOnlySpan<bool> Required => _required;

    /// <summary>Position of <paramref name="tag"/> among the members (0 for the delimiter), or -1.</summary>
    public int MemberIndex(int tag)
    {
        int[] m = _members;
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] == tag)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The group nested at member position <paramref name="memberIndex"/>, or null for a plain field.</summary>
    public FixGroupDef? NestedAt(int memberIndex) => _nested[memberIndex];

    /// <summary>The nested group whose NumInGroup field is <paramref name="countTag"/>, or null.</summary>
    public FixGroupDef? NestedGroup(int countTag)
    {
        int i = MemberIndex(countTag);
        return i < 0 ? null : _nested[i];
    }

    /// <summary>Whether an entry of this group may hold <paramref name="tag"/> (directly or in a nested group).</summary>
    public bool Contains(int tag)
    {
        int[] a = _allTags;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] == tag)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Where a tag may sit in one message type (the low nibble of <see cref="FixMessageDef.Kinds"/>).</summary>
internal enum FixTagKind : byte
{
    Unknown = 0,       // not in the dictionary at all
    Header = 1,
    Trailer = 2,
    NotInMessage = 3,  // a body field of the dictionary this message type does not carry
    Body = 4,
    GroupCount = 5,
    GroupMember = 6,
}

/// <summary>Flags above the <see cref="FixTagKind"/> nibble in <see cref="FixMessageDef.Kinds"/>.</summary>
internal static class FixKindFlags
{
    public const int KindMask = 0x0F;

    /// <summary>The value has a type to check or an enumeration (plain strings have neither).</summary>
    public const int CheckValue = 0x10;

    /// <summary>One side of a Length/Data pair (<see cref="FixDataFields"/>).</summary>
    public const int DataPair = 0x20;
}

/// <summary>How a tag relates to a message type.</summary>
public enum FixFieldUse : byte
{
    NotDefined = 0,
    Optional = 1,
    Required = 2,
    GroupCount = 3,
    GroupMember = 4,
}

/// <summary>One message type: which body fields it allows, which it requires, and its groups.</summary>
public sealed class FixMessageDef
{
    private readonly FixFieldUse[] _use;
    private readonly int[] _required;
    private readonly FixGroupDef[] _groups;

    internal FixMessageDef(string msgType, string name, bool isAdmin, FixFieldUse[] use, int[] required, FixGroupDef[] groups, byte[] kinds)
    {
        MsgType = msgType;
        Name = name;
        IsAdmin = isAdmin;
        _use = use;
        _required = required;
        _groups = groups;
        Kinds = kinds;
    }

    /// <summary>
    /// Per tag (below <see cref="FixDictionary.MaxTag"/>), everything the validator asks of a field in
    /// one byte: where it may sit (<see cref="FixTagKind"/>, low nibble) and whether its value needs a
    /// type check or a Length/Data partner (flags). Built once; validation reads one byte per field
    /// instead of four lookups.
    /// </summary>
    internal byte[] Kinds { get; }

    public string MsgType { get; }

    public string Name { get; }

    /// <summary>A session-level (administrative) message.</summary>
    public bool IsAdmin { get; }

    public ReadOnlySpan<int> RequiredTags => _required;

    public ReadOnlySpan<FixGroupDef> Groups => _groups;

    public FixFieldUse Use(int tag) => (uint)tag < (uint)_use.Length ? _use[tag] : FixFieldUse.NotDefined;

    public FixGroupDef? Group(int countTag)
    {
        foreach (FixGroupDef g in _groups)
        {
            if (g.CountTag == countTag)
            {
                return g;
            }
        }

        return null;
    }
}

/// <summary>
/// A FIX dictionary held in arrays indexed by tag (below <see cref="MaxTag"/>) and by MsgType, built
/// once in code (<see cref="Fix44"/>); validation reads it without allocating.
/// </summary>
public sealed partial class FixDictionary
{
    /// <summary>Dictionary tags are below this; higher tags (user-defined 5000+) are not defined.</summary>
    public const int MaxTag = 1024;

    private readonly FixFieldDef?[] _fields = new FixFieldDef?[MaxTag];
    private readonly byte[] _section = new byte[MaxTag]; // 1 header, 2 trailer, 0 body
    private readonly FixMessageDef?[] _messages = new FixMessageDef?[MsgTypeSlots];
    private readonly bool[] _knownMsgTypes = new bool[MsgTypeSlots];
    private int[] _headerRequired = [];

    private const int MsgTypeSlots = 128 + (26 * 26);

    public static FixDictionary Fix44 { get; } = BuildFix44();

    public FixFieldDef? Field(int tag) => (uint)tag < MaxTag ? _fields[tag] : null;

    public bool IsHeader(int tag) => (uint)tag < MaxTag && _section[tag] == 1;

    public bool IsTrailer(int tag) => (uint)tag < MaxTag && _section[tag] == 2;

    public ReadOnlySpan<int> HeaderRequiredTags => _headerRequired;

    /// <summary>The definition of a supported MsgType, or null.</summary>
    public FixMessageDef? Message(ReadOnlySpan<byte> msgType)
    {
        int slot = Slot(msgType);
        return slot < 0 ? null : _messages[slot];
    }

    public FixMessageDef? Message(string msgType) => Message(System.Text.Encoding.ASCII.GetBytes(msgType));

    /// <summary>Whether the MsgType exists in this FIX version at all (supported or not).</summary>
    public bool IsKnownMsgType(ReadOnlySpan<byte> msgType)
    {
        int slot = Slot(msgType);
        return slot >= 0 && _knownMsgTypes[slot];
    }

    // One character: its ASCII code; two upper-case letters: 128 + 26 * first + second.
    private static int Slot(ReadOnlySpan<byte> t)
    {
        if (t.Length == 1)
        {
            return t[0] < 128 ? t[0] : -1;
        }

        if (t.Length == 2 && (uint)(t[0] - 'A') < 26 && (uint)(t[1] - 'A') < 26)
        {
            return 128 + ((t[0] - 'A') * 26) + (t[1] - 'A');
        }

        return -1;
    }

    // ---- building (start-up only) -------------------------------------------------------------

    private void AddField(int tag, string name, FixType type, UInt128 allowed = default) =>
        _fields[tag] = new FixFieldDef(tag, name, type, allowed);

    private static UInt128 Chars(string values)
    {
        UInt128 mask = UInt128.Zero;
        foreach (char c in values)
        {
            mask |= UInt128.One << c;
        }

        return mask;
    }

    private static UInt128 Ints(params int[] values)
    {
        UInt128 mask = UInt128.Zero;
        foreach (int v in values)
        {
            mask |= UInt128.One << v;
        }

        return mask;
    }

    private static UInt128 IntRange(int from, int to)
    {
        UInt128 mask = UInt128.Zero;
        for (int v = from; v <= to; v++)
        {
            mask |= UInt128.One << v;
        }

        return mask;
    }

    private void Header(bool required, params int[] tags)
    {
        foreach (int t in tags)
        {
            _section[t] = 1;
        }

        if (required)
        {
            _headerRequired = [.. _headerRequired, .. tags];
        }
    }

    private void Trailer(params int[] tags)
    {
        foreach (int t in tags)
        {
            _section[t] = 2;
        }
    }

    private void KnownMsgTypes(string spaceSeparated)
    {
        foreach (string t in spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            _knownMsgTypes[Slot(System.Text.Encoding.ASCII.GetBytes(t))] = true;
        }
    }

    /// <summary>Collects one message's fields; tags named "!" are required, groups by <see cref="Group"/>.</summary>
    private sealed class MessageBuilder(FixDictionary dictionary, string msgType, string name, bool admin)
    {
        private readonly FixFieldUse[] _use = new FixFieldUse[MaxTag];
        private readonly List<int> _required = [];
        private readonly List<FixGroupDef> _groups = [];

        public MessageBuilder Opt(params int[] tags)
        {
            foreach (int t in tags)
            {
                Check(t);
                _use[t] = FixFieldUse.Optional;
            }

            return this;
        }

        public MessageBuilder Req(params int[] tags)
        {
            foreach (int t in tags)
            {
                Check(t);
                _use[t] = FixFieldUse.Required;
                _required.Add(t);
            }

            return this;
        }

        public MessageBuilder Group(FixGroupDef group, bool required = false)
        {
            Check(group.CountTag);
            _use[group.CountTag] = FixFieldUse.GroupCount;
            if (required)
            {
                _required.Add(group.CountTag);
            }

            foreach (int m in group.AllTags)
            {
                Check(m);
                _use[m] = FixFieldUse.GroupMember;
            }

            _groups.Add(group);
            return this;
        }

        public void Done()
        {
            byte[] kinds = new byte[MaxTag];
            for (int t = 0; t < MaxTag; t++)
            {
                FixFieldDef? f = dictionary._fields[t];
                if (f is null)
                {
                    continue; // FixTagKind.Unknown
                }

                FixTagKind kind = dictionary._section[t] switch
                {
                    1 => FixTagKind.Header,
                    2 => FixTagKind.Trailer,
                    _ => _use[t] switch
                    {
                        FixFieldUse.NotDefined => FixTagKind.NotInMessage,
                        FixFieldUse.GroupCount => FixTagKind.GroupCount,
                        FixFieldUse.GroupMember => FixTagKind.GroupMember,
                        _ => FixTagKind.Body,
                    },
                };
                int flags = 0;
                if (f.IsEnumerated || f.Type is not (FixType.String or FixType.MultipleValueString or FixType.Exchange or
                    FixType.Country or FixType.Data or FixType.Undefined))
                {
                    flags |= FixKindFlags.CheckValue;
                }

                if (FixDataFields.LengthTagOf(t) != 0 || FixDataFields.DataTagOf(t) != 0)
                {
                    flags |= FixKindFlags.DataPair;
                }

                kinds[t] = (byte)((int)kind | flags);
            }

            var def = new FixMessageDef(msgType, name, admin, _use, [.. _required], [.. _groups], kinds);
            int slot = Slot(System.Text.Encoding.ASCII.GetBytes(msgType));
            dictionary._messages[slot] = def;
            dictionary._knownMsgTypes[slot] = true;
        }

        private void Check(int tag)
        {
            if (dictionary._fields[tag] is null || dictionary._section[tag] != 0 || _use[tag] != FixFieldUse.NotDefined)
            {
                throw new InvalidOperationException($"dictionary: tag {tag} in {name} is undefined, a header/trailer field or listed twice");
            }
        }
    }

    private MessageBuilder Msg(string msgType, string name, bool admin = false) => new(this, msgType, name, admin);

    /// <summary>A group definition: members in order, "required" per member (the delimiter always is).</summary>
    private FixGroupDef NewGroup(int countTag, params (int Tag, bool Required)[] members) =>
        NewGroup(countTag, [.. members.Select(m => (m.Tag, m.Required, (FixGroupDef?)null))]);

    /// <summary>A group definition whose members may be nested groups (their count tag is the member's tag).</summary>
    private FixGroupDef NewGroup(int countTag, (int Tag, bool Required, FixGroupDef? Nested)[] members)
    {
        int[] tags = new int[members.Length];
        bool[] req = new bool[members.Length];
        var nested = new FixGroupDef?[members.Length];
        for (int i = 0; i < members.Length; i++)
        {
            if (_fields[members[i].Tag] is null)
            {
                throw new InvalidOperationException($"dictionary: group member {members[i].Tag} undefined");
            }

            if (members[i].Nested is { } g && g.CountTag != members[i].Tag)
            {
                throw new InvalidOperationException($"dictionary: nested group {g.CountTag} listed as member {members[i].Tag}");
            }

            if (i == 0 && members[i].Nested is not null)
            {
                throw new InvalidOperationException($"dictionary: group {countTag} cannot start with a nested group");
            }

            tags[i] = members[i].Tag;
            req[i] = i == 0 || members[i].Required;
            nested[i] = members[i].Nested;
        }

        return new FixGroupDef(countTag, tags, req, nested);
    }
}
