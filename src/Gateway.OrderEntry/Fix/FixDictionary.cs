using System.Text;

namespace Gateway.OrderEntry.Fix;

/// <summary>FIX data types (FIX 4.4 Volume 1, "Data Types"; the QuickFIX XML type names), as far as validation tells them apart.</summary>
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
    MultipleCharValue,
    MultipleStringValue,
    TzTimeOnly,
    TzTimestamp,
    XmlData,
    Language,
}

/// <summary>A field of the dictionary: its type and, for the enumerated ones, the allowed values.</summary>
/// <remarks>
/// Enumerations of Char, Boolean and small Int fields (every FIX 4.4 one: 0-127) are bit sets: bit c
/// stands for the character c or the value c. Other enumerations (String codes such as SecurityType
/// "CS", MultipleValueString lists such as ExecInst) are a <see cref="FixValueSet"/>.
/// </remarks>
public sealed class FixFieldDef
{
    private readonly ulong _allowedLow;
    private readonly ulong _allowedHigh;

    internal FixFieldDef(int tag, string name, FixType type, UInt128 allowed, FixValueSet? values)
    {
        Tag = tag;
        Name = name;
        Type = type;
        Allowed = allowed;
        Values = values;
        _allowedLow = (ulong)allowed;
        _allowedHigh = (ulong)(allowed >> 64);
    }

    /// <summary>Whether <paramref name="value"/> (a char code or a small int) is in <see cref="Allowed"/>; UInt128 shifts cost more than two words.</summary>
    internal bool Allows(long value) =>
        (ulong)value < 64 ? ((_allowedLow >> (int)value) & 1) != 0 :
        (ulong)value < 128 && ((_allowedHigh >> (int)(value - 64)) & 1) != 0;

    public int Tag { get; }

    public string Name { get; }

    public FixType Type { get; }

    /// <summary>Allowed values as a bit set (see remarks); zero when the field is not enumerated that way.</summary>
    public UInt128 Allowed { get; }

    /// <summary>Allowed values as byte strings, for enumerations that are not a bit set; null otherwise.</summary>
    public FixValueSet? Values { get; }

    public bool IsEnumerated => (_allowedLow | _allowedHigh) != 0 || Values is not null;

    /// <summary>Space-separated lists of values (MultipleValueString and its FIX 5 forms): each one is checked.</summary>
    public bool IsMultipleValue => Type is FixType.MultipleValueString or FixType.MultipleCharValue or FixType.MultipleStringValue;
}

/// <summary>
/// A small set of byte strings looked up without allocating: values of up to 8 bytes packed into a
/// sorted array of words (binary search), longer ones compared one by one (FIX 4.4 has seven such).
/// </summary>
public sealed class FixValueSet
{
    private readonly ulong[] _short;
    private readonly byte[][] _long;

    internal FixValueSet(IEnumerable<string> values)
    {
        var shorts = new List<ulong>();
        var longs = new List<byte[]>();
        foreach (string v in values)
        {
            byte[] b = Encoding.ASCII.GetBytes(v);
            if (b.Length <= 8)
            {
                shorts.Add(Pack(b));
            }
            else
            {
                longs.Add(b);
            }
        }

        shorts.Sort();
        _short = [.. shorts];
        _long = [.. longs];
    }

    public int Count => _short.Length + _long.Length;

    public bool Contains(ReadOnlySpan<byte> value)
    {
        if (value.Length is > 0 and <= 8)
        {
            return Array.BinarySearch(_short, Pack(value)) >= 0;
        }

        foreach (byte[] l in _long)
        {
            if (value.SequenceEqual(l))
            {
                return true;
            }
        }

        return false;
    }

    // Values never hold NUL, so zero padding keeps the packing one-to-one.
    private static ulong Pack(ReadOnlySpan<byte> v)
    {
        ulong w = 0;
        for (int i = 0; i < v.Length; i++)
        {
            w |= (ulong)v[i] << (8 * i);
        }

        return w;
    }
}

/// <summary>
/// A repeating group: its NumInGroup field, and its member fields in the order the dictionary gives
/// (the first one, the delimiter, starts every entry). A member may itself be a group's NumInGroup
/// field (Parties: NoPartyIDs 453 entries hold NoPartySubIDs 802); <see cref="NestedAt"/> gives
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
    public bool Contains(int tag) => Array.IndexOf(_allTags, tag) >= 0;
}

/// <summary>Where a tag may sit in one message type (the low nibble of <see cref="FixMessageDef.Kinds"/>).</summary>
internal enum FixTagKind : byte
{
    Unknown = 0,       // not in the dictionary at all
    Header = 1,
    Trailer = 2,
    NotInMessage = 3,  // a field of the dictionary this message type does not carry
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

    /// <summary>A GroupCount whose group belongs to the standard header (NoHops 627).</summary>
    public const int InHeader = 0x40;

    /// <summary>A required header field or a required field of the message (<see cref="FixMessageDef.RequiredCount"/>).</summary>
    public const int Required = 0x80;
}

/// <summary>
/// The value checks the validator's fast loop makes inline, by tag slot (<see cref="FixDictionary.QuickChecks"/>);
/// <see cref="Other"/> leaves the field to <see cref="FixValidator.CheckValue"/>.
/// </summary>
internal enum FixQuickCheck : byte
{
    Other = 0,
    CharSet,      // Char enumerated as a bit set
    Float,        // Float, Qty, Price, PriceOffset, Amt, Percentage; not enumerated
    UInt,         // Length, NumInGroup, SeqNum, TagNum; not enumerated
    UtcTimestamp, // not enumerated
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
    private readonly FixDictionary _dictionary;
    private readonly FixFieldUse[] _use;
    private readonly int[] _required;
    private readonly FixGroupDef[] _groups;

    internal FixMessageDef(FixDictionary dictionary, string msgType, string name, bool isAdmin, FixFieldUse[] use, int[] required, FixGroupDef[] groups, byte[] kinds, int requiredCount)
    {
        RequiredCount = requiredCount;
        _dictionary = dictionary;
        MsgType = msgType;
        Name = name;
        IsAdmin = isAdmin;
        _use = use;
        _required = required;
        _groups = groups;
        Kinds = kinds;
    }

    /// <summary>
    /// Per tag slot (<see cref="FixDictionary.SlotOf"/>), everything the validator asks of a field in
    /// one byte: where it may sit (<see cref="FixTagKind"/>, low nibble) and whether its value needs a
    /// type check or a Length/Data partner (flags). Built once; validation reads one byte per field.
    /// </summary>
    internal byte[] Kinds { get; }

    /// <summary>
    /// Slots flagged <see cref="FixKindFlags.Required"/> in <see cref="Kinds"/>, less 8, 9, 35 and 10 (the
    /// parser's): a message that marks this many of them present lacks none.
    /// </summary>
    internal int RequiredCount { get; }

    public string MsgType { get; }

    public string Name { get; }

    /// <summary>A session-level (administrative) message.</summary>
    public bool IsAdmin { get; }

    /// <summary>Required body fields and NumInGroup fields of required groups, in dictionary order.</summary>
    public ReadOnlySpan<int> RequiredTags => _required;

    /// <summary>Top-level groups of the message (and of the header).</summary>
    public ReadOnlySpan<FixGroupDef> Groups => _groups;

    public FixFieldUse Use(int tag)
    {
        int slot = _dictionary.SlotOf(tag);
        return slot < 0 ? FixFieldUse.NotDefined : _use[slot];
    }

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
/// A FIX data dictionary held in arrays indexed by tag slot and by MsgType; validation reads it
/// without allocating. <see cref="Fix44"/> is FIX44.xml, compiled at build time; <see cref="Load"/>
/// reads a venue's own dictionary (QuickFIX format) at start-up into the same tables, so it validates
/// at the same speed.
/// <para>Tags below <see cref="MaxTag"/> index the tables directly; a dictionary's few higher tags
/// (user-defined 5000+) get the slots after them, found by binary search.</para>
/// </summary>
public sealed partial class FixDictionary
{
    /// <summary>Tags below this index the tables directly; higher tags of the dictionary get the slots after them.</summary>
    public const int MaxTag = 1024;

    private const int MsgTypeSlots = 128 + (26 * 26);

    private readonly int[] _highTags; // sorted; slot of _highTags[i] is MaxTag + i
    private readonly FixFieldDef?[] _fields;
    private readonly byte[] _section; // 1 header, 2 trailer, 0 body
    private readonly FixMessageDef?[] _messages = new FixMessageDef?[MsgTypeSlots];
    private readonly Dictionary<ulong, FixMessageDef> _otherMessages = [];
    private readonly List<FixMessageDef> _allMessages = [];
    private readonly int[] _headerRequired;
    private readonly byte[] _quickChecks; // FixQuickCheck per slot
    private readonly ulong[] _charSets;   // per tag below MaxTag: the allowed chars' bit set as two words

    private static FixDictionary? s_fix44;

    /// <summary>The FIX 4.4 dictionary, whole (FIX44.xml, compiled at build time).</summary>
    public static FixDictionary Fix44 => s_fix44 ??= FromSpec(FixSpec.FromCompact(Encoding.ASCII.GetString(Fix44Spec)));

    /// <summary>Reads a QuickFIX-format dictionary file. Throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static FixDictionary Load(string path) => FromXml(File.ReadAllText(path));

    /// <summary>A QuickFIX-format dictionary from its text. Throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static FixDictionary FromXml(string xml) => FromSpec(FixSpec.FromXml(xml));

    /// <summary>"FIX.4.4" for the FIX 4.4 dictionary.</summary>
    public string BeginString { get; }

    /// <summary>Number of tag slots (<see cref="MaxTag"/> plus the dictionary's tags above it).</summary>
    public int SlotCount => _fields.Length;

    public IReadOnlyList<FixMessageDef> Messages => _allMessages;

    /// <summary>Every field of the dictionary, in tag order.</summary>
    public IEnumerable<FixFieldDef> Fields
    {
        get
        {
            for (int i = 0; i < MaxTag; i++)
            {
                if (_fields[i] is { } f)
                {
                    yield return f;
                }
            }

            for (int i = MaxTag; i < _fields.Length; i++)
            {
                yield return _fields[i]!;
            }
        }
    }

    /// <summary>The table slot of <paramref name="tag"/>, or -1 when the dictionary has no such field above <see cref="MaxTag"/>.</summary>
    public int SlotOf(int tag) => (uint)tag < MaxTag ? tag : HighSlot(tag);

    private int HighSlot(int tag)
    {
        int i = Array.BinarySearch(_highTags, tag);
        return i < 0 ? -1 : MaxTag + i;
    }

    public FixFieldDef? Field(int tag)
    {
        int slot = SlotOf(tag);
        return slot < 0 ? null : _fields[slot];
    }

    internal FixFieldDef FieldAtSlot(int slot) => _fields[slot]!;

    /// <summary>Field definitions by slot (null where the dictionary has none).</summary>
    internal FixFieldDef?[] FieldsBySlot => _fields;

    /// <summary><see cref="FixQuickCheck"/> by slot.</summary>
    internal byte[] QuickChecks => _quickChecks;

    /// <summary>
    /// The allowed characters of each <see cref="FixQuickCheck.CharSet"/> tag below <see cref="MaxTag"/>:
    /// character c (below 128) is allowed when bit c % 64 of word 2 * tag + c / 64 is set. The
    /// validator's loop reads one word instead of the field definition.
    /// </summary>
    internal ulong[] CharSets => _charSets;

    public bool IsHeader(int tag)
    {
        int slot = SlotOf(tag);
        return slot >= 0 && _section[slot] == 1;
    }

    public bool IsTrailer(int tag)
    {
        int slot = SlotOf(tag);
        return slot >= 0 && _section[slot] == 2;
    }

    public ReadOnlySpan<int> HeaderRequiredTags => _headerRequired;

    /// <summary>The definition of a MsgType, or null when the dictionary has none.</summary>
    public FixMessageDef? Message(ReadOnlySpan<byte> msgType)
    {
        int slot = Slot(msgType);
        if (slot >= 0)
        {
            return _messages[slot];
        }

        return msgType.Length is > 0 and <= 8 && _otherMessages.TryGetValue(Pack(msgType), out FixMessageDef? def) ? def : null;
    }

    public FixMessageDef? Message(string msgType) => Message(Encoding.ASCII.GetBytes(msgType));

    /// <summary>The group whose NumInGroup field is <paramref name="countTag"/> (e.g. 453 NoPartyIDs, or the
    /// nested 802 NoPartySubIDs), as the first message holding it defines it; start-up use.</summary>
    public FixGroupDef Group(int countTag)
    {
        foreach (FixMessageDef m in _allMessages)
        {
            foreach (FixGroupDef top in m.Groups)
            {
                if (Find(top, countTag) is { } g)
                {
                    return g;
                }
            }
        }

        throw new KeyNotFoundException($"no group with count tag {countTag}");

        static FixGroupDef? Find(FixGroupDef g, int countTag)
        {
            if (g.CountTag == countTag)
            {
                return g;
            }

            for (int k = 0; k < g.Members.Length; k++)
            {
                if (g.NestedAt(k) is { } n && Find(n, countTag) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
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

    private static ulong Pack(ReadOnlySpan<byte> v)
    {
        ulong w = 0;
        for (int i = 0; i < v.Length; i++)
        {
            w |= (ulong)v[i] << (8 * i);
        }

        return w;
    }

    // ---- building (start-up only) -------------------------------------------------------------

    private FixDictionary(FixSpec spec)
    {
        BeginString = spec.BeginString;
        var high = new List<int>();
        foreach (FixSpecField f in spec.Fields)
        {
            if (f.Tag >= MaxTag)
            {
                high.Add(f.Tag);
            }
        }

        high.Sort();
        _highTags = [.. high];
        _fields = new FixFieldDef?[MaxTag + _highTags.Length];
        _section = new byte[_fields.Length];
        foreach (FixSpecField f in spec.Fields)
        {
            _fields[SlotOf(f.Tag)] = NewField(f);
        }

        _quickChecks = new byte[_fields.Length];
        for (int slot = 0; slot < _fields.Length; slot++)
        {
            if (_fields[slot] is { } field)
            {
                _quickChecks[slot] = (byte)QuickCheckOf(field);
            }
        }

        _charSets = new ulong[2 * MaxTag];
        for (int tag = 0; tag < MaxTag; tag++)
        {
            if (_quickChecks[tag] == (byte)FixQuickCheck.CharSet)
            {
                _charSets[2 * tag] = (ulong)_fields[tag]!.Allowed;
                _charSets[(2 * tag) + 1] = (ulong)(_fields[tag]!.Allowed >> 64);
            }
        }

        var headerRequired = new List<int>();
        MarkSection(spec.Header, 1, headerRequired, top: true);
        MarkSection(spec.Trailer, 2, null, top: true);
        _headerRequired = [.. headerRequired];
        FixGroupDef[] headerGroups = [.. spec.Header.Where(m => m.Group is not null).Select(m => NewGroup(m))];

        foreach (FixSpecMessage m in spec.Messages)
        {
            FixMessageDef def = NewMessage(m, headerGroups);
            int slot = Slot(Encoding.ASCII.GetBytes(m.MsgType));
            if (slot >= 0)
            {
                _messages[slot] = def;
            }
            else
            {
                _otherMessages[Pack(Encoding.ASCII.GetBytes(m.MsgType))] = def;
            }

            _allMessages.Add(def);
        }
    }

    internal static FixDictionary FromSpec(FixSpec spec) => new(spec);

    private void MarkSection(List<FixSpecMember> members, byte section, List<int>? required, bool top)
    {
        foreach (FixSpecMember m in members)
        {
            _section[Existing(m.Tag, "header/trailer")] = section;
            if (top && m.Required && required is not null)
            {
                required.Add(m.Tag);
            }

            if (m.Group is not null)
            {
                MarkSection(m.Group, section, null, top: false);
            }
        }
    }

    private int Existing(int tag, string where)
    {
        int slot = SlotOf(tag);
        if (slot < 0 || _fields[slot] is null)
        {
            throw new FormatException($"dictionary: tag {tag} in {where} is not a defined field");
        }

        return slot;
    }

    private static FixQuickCheck QuickCheckOf(FixFieldDef f)
    {
        if (f.Type == FixType.Char)
        {
            return f.Values is null && f.Allowed != UInt128.Zero ? FixQuickCheck.CharSet : FixQuickCheck.Other;
        }

        if (f.IsEnumerated)
        {
            return FixQuickCheck.Other;
        }

        return f.Type switch
        {
            FixType.Float or FixType.Qty or FixType.Price or FixType.PriceOffset or FixType.Amt or FixType.Percentage => FixQuickCheck.Float,
            FixType.Length or FixType.NumInGroup or FixType.SeqNum or FixType.TagNum => FixQuickCheck.UInt,
            FixType.UtcTimestamp => FixQuickCheck.UtcTimestamp,
            _ => FixQuickCheck.Other,
        };
    }

    private static FixFieldDef NewField(FixSpecField f)
    {
        FixType type = f.Type switch
        {
            "INT" => FixType.Int,
            "LENGTH" => FixType.Length,
            "NUMINGROUP" => FixType.NumInGroup,
            "SEQNUM" => FixType.SeqNum,
            "TAGNUM" => FixType.TagNum,
            "DAYOFMONTH" => FixType.DayOfMonth,
            "FLOAT" => FixType.Float,
            "QTY" or "QUANTITY" => FixType.Qty,
            "PRICE" => FixType.Price,
            "PRICEOFFSET" => FixType.PriceOffset,
            "AMT" => FixType.Amt,
            "PERCENTAGE" => FixType.Percentage,
            "CHAR" => FixType.Char,
            "BOOLEAN" => FixType.Boolean,
            "STRING" => FixType.String,
            "MULTIPLEVALUESTRING" => FixType.MultipleValueString,
            "MULTIPLECHARVALUE" => FixType.MultipleCharValue,
            "MULTIPLESTRINGVALUE" => FixType.MultipleStringValue,
            "CURRENCY" => FixType.Currency,
            "EXCHANGE" => FixType.Exchange,
            "COUNTRY" => FixType.Country,
            "UTCTIMESTAMP" or "TIME" => FixType.UtcTimestamp,
            "UTCTIMEONLY" => FixType.UtcTimeOnly,
            "UTCDATEONLY" or "UTCDATE" or "DATE" => FixType.UtcDateOnly,
            "LOCALMKTDATE" => FixType.LocalMktDate,
            "MONTHYEAR" => FixType.MonthYear,
            "DATA" => FixType.Data,
            "XMLDATA" => FixType.XmlData,
            "TZTIMEONLY" => FixType.TzTimeOnly,
            "TZTIMESTAMP" => FixType.TzTimestamp,
            "LANGUAGE" => FixType.Language,
            _ => throw new FormatException($"dictionary: field {f.Name} ({f.Tag}) has the unknown type {f.Type}"),
        };

        if (f.Values.Count == 0)
        {
            return new FixFieldDef(f.Tag, f.Name, type, UInt128.Zero, null);
        }

        // Char and Boolean codes, and small integers, as a bit set; everything else as strings.
        UInt128 bits = UInt128.Zero;
        bool fitsBits = type is FixType.Char or FixType.Boolean or FixType.Int or FixType.NumInGroup or FixType.Length
            or FixType.SeqNum or FixType.TagNum or FixType.DayOfMonth;
        foreach (string v in f.Values)
        {
            int code = type is FixType.Char or FixType.Boolean
                ? (v.Length == 1 && v[0] < 128 ? v[0] : -1)
                : (int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n < 128 ? n : -1);
            if (code < 0)
            {
                fitsBits = false;
                break;
            }

            bits |= UInt128.One << code;
        }

        return fitsBits
            ? new FixFieldDef(f.Tag, f.Name, type, bits, null)
            : new FixFieldDef(f.Tag, f.Name, type, UInt128.Zero, new FixValueSet(f.Values));
    }

    private FixGroupDef NewGroup(FixSpecMember g)
    {
        List<FixSpecMember> members = g.Group!;
        int[] tags = new int[members.Count];
        bool[] required = new bool[members.Count];
        var nested = new FixGroupDef?[members.Count];
        for (int i = 0; i < members.Count; i++)
        {
            FixSpecMember m = members[i];
            Existing(m.Tag, $"group {g.Tag}");
            if (i == 0 && m.Group is not null)
            {
                throw new FormatException($"dictionary: group {g.Tag} starts with the nested group {m.Tag}");
            }

            tags[i] = m.Tag;
            required[i] = i == 0 || m.Required;
            nested[i] = m.Group is null ? null : NewGroup(m);
        }

        return new FixGroupDef(g.Tag, tags, required, nested);
    }

    private FixMessageDef NewMessage(FixSpecMessage m, FixGroupDef[] headerGroups)
    {
        var use = new FixFieldUse[_fields.Length];
        var required = new List<int>();
        var groups = new List<FixGroupDef>(headerGroups);
        // Top-level fields first: a tag that is also a group member elsewhere in the message is a body field here.
        foreach (FixSpecMember member in m.Members)
        {
            int slot = Existing(member.Tag, $"message {m.Name}");
            if (_section[slot] != 0 || use[slot] != FixFieldUse.NotDefined)
            {
                throw new FormatException($"dictionary: tag {member.Tag} in message {m.Name} is a header/trailer field or listed twice");
            }

            use[slot] = member.Group is not null ? FixFieldUse.GroupCount : member.Required ? FixFieldUse.Required : FixFieldUse.Optional;
            if (member.Required)
            {
                required.Add(member.Tag);
            }
        }

        foreach (FixSpecMember member in m.Members)
        {
            if (member.Group is not null)
            {
                FixGroupDef g = NewGroup(member);
                groups.Add(g);
                foreach (int t in g.AllTags)
                {
                    int slot = SlotOf(t);
                    if (use[slot] == FixFieldUse.NotDefined && _section[slot] == 0)
                    {
                        use[slot] = FixFieldUse.GroupMember;
                    }
                }
            }
        }

        byte[] kinds = new byte[_fields.Length];
        for (int slot = 0; slot < _fields.Length; slot++)
        {
            FixFieldDef? f = _fields[slot];
            if (f is null)
            {
                continue; // FixTagKind.Unknown
            }

            FixTagKind kind = _section[slot] switch
            {
                1 => FixTagKind.Header,
                2 => FixTagKind.Trailer,
                _ => use[slot] switch
                {
                    FixFieldUse.NotDefined => FixTagKind.NotInMessage,
                    FixFieldUse.GroupCount => FixTagKind.GroupCount,
                    FixFieldUse.GroupMember => FixTagKind.GroupMember,
                    _ => FixTagKind.Body,
                },
            };
            int flags = 0;
            if (_section[slot] == 1)
            {
                // Header groups (NoHops): the count opens a group, its members sit only inside it.
                foreach (FixGroupDef hg in headerGroups)
                {
                    if (hg.CountTag == f.Tag)
                    {
                        kind = FixTagKind.GroupCount;
                        flags |= FixKindFlags.InHeader;
                    }
                    else if (hg.Contains(f.Tag))
                    {
                        kind = FixTagKind.GroupMember;
                    }
                }
            }

            if (f.IsEnumerated || f.Type is not (FixType.String or FixType.MultipleValueString or FixType.Exchange or
                FixType.Country or FixType.Data or FixType.XmlData or FixType.Language or FixType.Undefined))
            {
                flags |= FixKindFlags.CheckValue;
            }

            if (FixDataFields.LengthTagOf(f.Tag) != 0 || FixDataFields.DataTagOf(f.Tag) != 0)
            {
                flags |= FixKindFlags.DataPair;
            }

            kinds[slot] = (byte)((int)kind | flags);
        }

        int requiredCount = 0;
        foreach (int tag in _headerRequired.Concat(required))
        {
            int slot = SlotOf(tag);
            if ((kinds[slot] & FixKindFlags.Required) == 0)
            {
                kinds[slot] |= FixKindFlags.Required;
                if (tag is not (FixTag.BeginString or FixTag.BodyLength or FixTag.MsgType or FixTag.CheckSum))
                {
                    requiredCount++;
                }
            }
        }

        return new FixMessageDef(this, m.MsgType, m.Name, m.IsAdmin, use, [.. required], [.. groups], kinds, requiredCount);
    }
}
