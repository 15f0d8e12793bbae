using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.OrderEntry.Fix;

/// <summary>SessionRejectReason (tag 373) values from the FIX 4.4 specification.</summary>
public enum SessionRejectReason
{
    None = -1,
    InvalidTagNumber = 0,
    RequiredTagMissing = 1,
    TagNotDefinedForMessageType = 2,
    UndefinedTag = 3,
    TagSpecifiedWithoutValue = 4,
    ValueIncorrect = 5,
    IncorrectDataFormat = 6,
    DecryptionProblem = 7,
    SignatureProblem = 8,
    CompIdProblem = 9,
    SendingTimeAccuracyProblem = 10,
    InvalidMsgType = 11,
    XmlValidationError = 12,
    TagAppearsMoreThanOnce = 13,
    TagSpecifiedOutOfRequiredOrder = 14,
    RepeatingGroupFieldsOutOfOrder = 15,
    IncorrectNumInGroupCount = 16,
    NonDataValueIncludesFieldDelimiter = 17,
    Other = 99,
}

public enum FixValidationOutcome : byte
{
    Valid = 0,

    /// <summary>Answer with a session-level Reject (35=3) carrying <see cref="FixValidationResult.Reason"/> and RefTagID.</summary>
    Reject = 1,
}

/// <summary>What <see cref="FixValidator.Validate"/> found: the first problem, in message order.</summary>
public readonly record struct FixValidationResult(FixValidationOutcome Outcome, SessionRejectReason Reason, int RefTagId)
{
    public static FixValidationResult Valid => new(FixValidationOutcome.Valid, SessionRejectReason.None, 0);

    public bool IsValid => Outcome == FixValidationOutcome.Valid;

    internal static FixValidationResult Reject(SessionRejectReason reason, int tag) => new(FixValidationOutcome.Reject, reason, tag);
}

/// <summary>
/// The checks venues relax, by QuickFIX's names for them (ValidateFieldsOutOfOrder,
/// ValidateFieldsHaveValues, ValidateUserDefinedFields, AllowUnknownMsgFields). The defaults are
/// QuickFIX's: everything checked, nothing unknown allowed.
/// </summary>
public sealed record FixValidationOptions
{
    public static FixValidationOptions Default { get; } = new();

    /// <summary>Header fields before the body, trailer fields after it (reason 14), group members in their order (reason 15).</summary>
    public bool CheckFieldsOutOfOrder { get; init; } = true;

    /// <summary>A field with an empty value ("55=") is reason 4; off, it is accepted as absent.</summary>
    public bool CheckFieldsHaveValues { get; init; } = true;

    /// <summary>User-defined tags (5000 and up) are checked like the others; off, those the message does not define pass unchecked.</summary>
    public bool CheckUserDefinedFields { get; init; } = true;

    /// <summary>Tags below 5000 that the dictionary or the message does not define pass unchecked (instead of reasons 0 and 2).</summary>
    public bool AllowUnknownMessageFields { get; init; }
}

/// <summary>
/// Checks a parsed message against a <see cref="FixDictionary"/> in one pass over its fields, as
/// QuickFIX's DataDictionary does: MsgType defined (11), tag defined in the dictionary (0) and for
/// the MsgType (2), value present (4), header fields before the body and trailer fields after it
/// (14), not repeated outside groups (13), data format (6), enumerated value (5; each value of a
/// MultipleValueString), repeating groups (entries start with the first field, members in order: 15;
/// entry count equals NumInGroup: 16; nested groups alike, inside their parent entry), a data field
/// right after its Length field and a Length field right before its data field (1 when the partner
/// is missing, 14 when it is elsewhere), then required fields of header, body and group entries (1).
/// Position of 8, 9, 35 and 10 is the parser's job. CompID checks (9) and SendingTime accuracy (10)
/// need session state and belong to the session. <see cref="FixValidationOptions"/> relaxes what
/// venues relax. Keeps per-thread scratch (generation stamps per tag slot): one validator per
/// session thread. Never allocates.
/// <para>
/// A tag the dictionary does not define is reason 0 (InvalidTagNumber) whatever its range, as in
/// QuickFIX and the FIX Session-level Test Cases (14a): a venue's user-defined fields are declared in
/// its dictionary. A tag the dictionary defines but this MsgType does not carry is reason 2. Reason 3
/// (UndefinedTag) is not used.
/// </para>
/// </summary>
public sealed class FixValidator
{
    private readonly FixDictionary _dictionary;
    private readonly FixValidationOptions _options;
    private readonly bool _checkOrder;
    private readonly bool _checkValues;
    private readonly int[] _seen;        // message-level: stamp per tag slot
    private readonly int[] _seenInEntry; // group-entry-level
    private int _generation;
    private int _entryGeneration;
    private int _groupEnd; // ValidateGroup's out: index of the group's last field

    public FixValidator(FixDictionary dictionary, FixValidationOptions? options = null)
    {
        _dictionary = dictionary;
        _options = options ?? FixValidationOptions.Default;
        _checkOrder = _options.CheckFieldsOutOfOrder;
        _checkValues = _options.CheckFieldsHaveValues;
        _seen = new int[dictionary.SlotCount];
        _seenInEntry = new int[dictionary.SlotCount];
    }

    public FixDictionary Dictionary => _dictionary;

    public FixValidationOptions Options => _options;

    public FixValidationResult Validate(in FixMessageView message)
    {
        FixDictionary dict = _dictionary;
        ReadOnlySpan<byte> msgType = message.MsgType;
        if (msgType.IsEmpty)
        {
            return FixValidationResult.Reject(SessionRejectReason.TagSpecifiedWithoutValue, FixTag.MsgType);
        }

        FixMessageDef? def = dict.Message(msgType);
        if (def is null)
        {
            return FixValidationResult.Reject(SessionRejectReason.InvalidMsgType, FixTag.MsgType);
        }

        int gen = NextGeneration();
        ref int seen = ref MemoryMarshal.GetArrayDataReference(_seen); // SlotCount entries; slots are checked first
        Unsafe.Add(ref seen, FixTag.BeginString) = gen;
        Unsafe.Add(ref seen, FixTag.BodyLength) = gen;
        Unsafe.Add(ref seen, FixTag.MsgType) = gen;
        Unsafe.Add(ref seen, FixTag.CheckSum) = gen;

        // i < Count <= the table's capacity, so the fields need no bounds checks; the values keep theirs
        // (a view may pair a table with other bytes).
        ref FixField fields = ref MemoryMarshal.GetArrayDataReference(message.Table.RawFields);
        ref byte kinds = ref MemoryMarshal.GetArrayDataReference(def.Kinds); // SlotCount entries
        ReadOnlySpan<byte> bytes = message.Bytes;
        int section = InHeader;
        int required = 0; // slots flagged Required marked seen
        int last = message.FieldCount - 1; // the CheckSum field
        int checkedTo = 2; // fields below this index (from i on) have passed their value checks
        for (int i = 3; i < last; i++)
        {
            if (checkedTo < i)
            {
                checkedTo = FirstUncheckedValue(message, def, i, last);
            }

            // Sweep takes the fields before checkedTo on structure alone.
            i = Sweep(message, def, i, checkedTo, gen, ref section, ref required);
            if (i >= last)
            {
                break;
            }

            ref FixField f = ref Unsafe.Add(ref fields, i);
            int tag = f.Tag;
            int slot = (uint)tag < FixDictionary.MaxTag ? tag : dict.SlotOf(tag);
            int k = slot < 0 ? 0 : Unsafe.Add(ref kinds, slot);
            FixTagKind kind = (FixTagKind)(k & FixKindFlags.KindMask);
            if (kind is FixTagKind.Unknown or FixTagKind.NotInMessage)
            {
                if (Tolerated(tag))
                {
                    continue;
                }

                return FixValidationResult.Reject(kind == FixTagKind.Unknown ? SessionRejectReason.InvalidTagNumber : SessionRejectReason.TagNotDefinedForMessageType, tag);
            }

            if (f.Length == 0)
            {
                if (_checkValues)
                {
                    return FixValidationResult.Reject(SessionRejectReason.TagSpecifiedWithoutValue, tag);
                }

                continue; // accepted as absent
            }

            if (kind == FixTagKind.Header || (k & FixKindFlags.InHeader) != 0)
            {
                if (section != InHeader && _checkOrder)
                {
                    return FixValidationResult.Reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, tag);
                }

                if (kind == FixTagKind.GroupCount)
                {
                    FixValidationResult hg = CountAndValidateGroup(message, def, tag, slot, i, last);
                    if (!hg.IsValid)
                    {
                        return hg;
                    }

                    required += k >> 7; // FixKindFlags.Required

                    i = _groupEnd;
                    continue;
                }
            }
            else if (kind == FixTagKind.Trailer)
            {
                section = InTrailer;
            }
            else
            {
                if (section == InTrailer && _checkOrder)
                {
                    return FixValidationResult.Reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, tag);
                }

                section = InBody;
                if (kind != FixTagKind.Body)
                {
                    if (kind == FixTagKind.GroupMember)
                    {
                        // A member of one of this message's groups outside that group's entries.
                        return FixValidationResult.Reject(SessionRejectReason.RepeatingGroupFieldsOutOfOrder, tag);
                    }

                    FixValidationResult g = CountAndValidateGroup(message, def, tag, slot, i, last);
                    if (!g.IsValid)
                    {
                        return g;
                    }

                    required += k >> 7; // FixKindFlags.Required

                    i = _groupEnd; // through a field, not a ref: a ref would pin i to the stack for the whole loop
                    continue;
                }
            }

            if (Unsafe.Add(ref seen, slot) == gen)
            {
                return FixValidationResult.Reject(SessionRejectReason.TagAppearsMoreThanOnce, tag);
            }

            Unsafe.Add(ref seen, slot) = gen;
            required += k >> 7; // FixKindFlags.Required
            if ((k & FixKindFlags.CheckValue) != 0)
            {
                SessionRejectReason r = CheckValue(dict.FieldAtSlot(slot), bytes.Slice(f.Offset, f.Length));
                if (r != SessionRejectReason.None)
                {
                    return FixValidationResult.Reject(r, tag);
                }
            }

            if ((k & FixKindFlags.DataPair) != 0)
            {
                FixValidationResult d = CheckDataPair(message, i, tag, dict.FieldAtSlot(slot).Type, last);
                if (!d.IsValid)
                {
                    return d;
                }
            }
        }

        if (required == def.RequiredCount)
        {
            return FixValidationResult.Valid;
        }

        int[] seenArray = _seen;
        foreach (int tag in dict.HeaderRequiredTags)
        {
            if (seenArray[dict.SlotOf(tag)] != gen)
            {
                return FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, tag);
            }
        }

        foreach (int tag in def.RequiredTags)
        {
            if (seenArray[dict.SlotOf(tag)] != gen)
            {
                return FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, tag);
            }
        }

        return FixValidationResult.Valid;
    }

    private const int InHeader = 0, InBody = 1, InTrailer = 2;

    /// <summary>
    /// From field <paramref name="i"/> on, the first field whose value the general path must check:
    /// one the quick check (<see cref="FixQuickCheck"/>) refuses, one whose check is not a quick one,
    /// an empty one or one above <see cref="FixDictionary.MaxTag"/>; <paramref name="last"/> when
    /// there is none. Makes no structural check, so a field it passes may still be rejected for
    /// where it stands. The checks are an if chain, not a switch: with a switch, tiered PGO peeled
    /// whichever case the profile happened to favour, and parse + validate took 165 ns in some
    /// processes and 245 ns in others.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int FirstUncheckedValue(in FixMessageView message, FixMessageDef def, int i, int last)
    {
        ref FixField fields = ref MemoryMarshal.GetArrayDataReference(message.Table.RawFields);
        ref byte kinds = ref MemoryMarshal.GetArrayDataReference(def.Kinds);
        FixDictionary dict = _dictionary;
        ref byte quick = ref MemoryMarshal.GetArrayDataReference(dict.QuickChecks);
        ref ulong charSets = ref MemoryMarshal.GetArrayDataReference(dict.CharSets);
        ReadOnlySpan<byte> bytes = message.Bytes;
        for (; i < last; i++)
        {
            ref FixField f = ref Unsafe.Add(ref fields, i);
            int tag = f.Tag;
            int length = f.Length;
            if ((uint)tag >= FixDictionary.MaxTag || length == 0)
            {
                return i;
            }

            if ((Unsafe.Add(ref kinds, tag) & FixKindFlags.CheckValue) == 0) // MaxTag <= SlotCount entries
            {
                continue;
            }

            int check = Unsafe.Add(ref quick, tag);
            int offset = f.Offset;
            if (check == (int)FixQuickCheck.CharSet)
            {
                byte c = bytes[offset];
                if (length != 1 || c >= 128 || ((Unsafe.Add(ref charSets, (2 * tag) + (c >> 6)) >> c) & 1) == 0)
                {
                    return i;
                }
            }
            else if (check == (int)FixQuickCheck.Float)
            {
                bool ok = length <= 16 && (long)(uint)offset + 16 <= bytes.Length
                    ? FixValue.IsFloat16(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), offset), length)
                    : FixValue.IsFloat(bytes.Slice(offset, length));
                if (!ok)
                {
                    return i;
                }
            }
            else if (check == (int)FixQuickCheck.UtcTimestamp)
            {
                if (!FixValue.IsUtcTimestamp(bytes.Slice(offset, length)))
                {
                    return i;
                }
            }
            else if (check != (int)FixQuickCheck.UInt || !FixValue.TryParseUInt(bytes.Slice(offset, length), out _))
            {
                return i;
            }
        }

        return last;
    }

    /// <summary>
    /// From field <paramref name="i"/> up to <paramref name="limit"/> (no further than the fields
    /// whose values <see cref="FirstUncheckedValue"/> has passed), takes the fields that need nothing
    /// but the per-slot tables: a header or body field below <see cref="FixDictionary.MaxTag"/> with a
    /// value, in its section, not seen before, not one of a Length/Data pair. Returns the first field
    /// it does not take (or <paramref name="limit"/>), which Validate's general path then judges
    /// from the start. Calls nothing, so the loop keeps its state in registers (the general path's
    /// calls made the JIT spill it around every field).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Sweep(in FixMessageView message, FixMessageDef def, int i, int limit, int gen, ref int sectionRef, ref int requiredRef)
    {
        ref FixField fields = ref MemoryMarshal.GetArrayDataReference(message.Table.RawFields);
        ref byte kinds = ref MemoryMarshal.GetArrayDataReference(def.Kinds);
        ref int seen = ref MemoryMarshal.GetArrayDataReference(_seen);
        int section = sectionRef;
        int required = requiredRef;
        for (; i < limit; i++)
        {
            int tag = Unsafe.Add(ref fields, i).Tag; // below MaxTag and with a value: FirstUncheckedValue saw to it
            int k = Unsafe.Add(ref kinds, tag); // MaxTag <= SlotCount entries
            int kind = k & (FixKindFlags.KindMask | FixKindFlags.DataPair);
            if (kind == (int)FixTagKind.Body)
            {
                if (section == InTrailer)
                {
                    break;
                }

                section = InBody;
            }
            else if (kind != (int)FixTagKind.Header || section != InHeader)
            {
                break;
            }

            if (Unsafe.Add(ref seen, tag) == gen)
            {
                break;
            }

            Unsafe.Add(ref seen, tag) = gen;
            required += k >> 7; // FixKindFlags.Required
        }

        sectionRef = section;
        requiredRef = required;
        return i;
    }

    /// <summary>A tag the message does not define that the options let through (QuickFIX's shouldCheckTag).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Tolerated(int tag) =>
        tag >= FixTag.FirstUserDefined ? !_options.CheckUserDefinedFields : _options.AllowUnknownMessageFields;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FixValidationResult CountAndValidateGroup(in FixMessageView message, FixMessageDef def, int tag, int slot, int i, int last)
    {
        if (_seen[slot] == _generation)
        {
            return FixValidationResult.Reject(SessionRejectReason.TagAppearsMoreThanOnce, tag);
        }

        _seen[slot] = _generation;
        return ValidateGroup(message, def.Group(tag)!, i, last);
    }

    /// <summary>
    /// Validates the group whose count field sits at <paramref name="i"/>; leaves <see cref="_groupEnd"/>
    /// on the group's last field.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FixValidationResult ValidateGroup(in FixMessageView message, FixGroupDef group, int i, int last)
    {
        int countTag = message.TagAt(i);
        if (!FixValue.TryParseUInt(message.ValueAt(i), out long declared))
        {
            return FixValidationResult.Reject(SessionRejectReason.IncorrectDataFormat, countTag);
        }

        int[] seenInEntry = _seenInEntry;
        int entries = 0;
        int lastMember = 0;
        int entryGen = 0;
        int j = i + 1;
        for (; j < last; j++)
        {
            int tag = message.TagAt(j);
            int m = group.MemberIndex(tag);
            if (m < 0)
            {
                break;
            }

            ReadOnlySpan<byte> value = message.ValueAt(j);
            if (value.Length == 0 && _checkValues)
            {
                return FixValidationResult.Reject(SessionRejectReason.TagSpecifiedWithoutValue, tag);
            }

            int slot = _dictionary.SlotOf(tag); // a member: defined

            if (m == 0)
            {
                if (entries > 0)
                {
                    int missing = MissingInEntry(group, entryGen);
                    if (missing != 0)
                    {
                        return FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, missing);
                    }
                }

                entries++;
                entryGen = NextEntryGeneration();
                lastMember = 0;
            }
            else
            {
                if (entries == 0 || (m < lastMember && _checkOrder))
                {
                    return FixValidationResult.Reject(SessionRejectReason.RepeatingGroupFieldsOutOfOrder, tag);
                }

                if (seenInEntry[slot] == entryGen)
                {
                    return FixValidationResult.Reject(SessionRejectReason.TagAppearsMoreThanOnce, tag);
                }

                lastMember = m;
                if (group.NestedAt(m) is { } nested)
                {
                    // A nested group inside this entry: it validates its own entries, counts and order,
                    // and leaves j on its last field. Its tags never overlap this group's members, so
                    // the entry stamps of both levels can share one array.
                    seenInEntry[slot] = entryGen;
                    FixValidationResult n = ValidateGroup(message, nested, j, last);
                    if (!n.IsValid)
                    {
                        return n;
                    }

                    j = _groupEnd;
                    continue;
                }
            }

            seenInEntry[slot] = entryGen;
            if (value.Length == 0)
            {
                continue; // empty values allowed by the options
            }

            FixFieldDef field = _dictionary.FieldAtSlot(slot);
            SessionRejectReason r = CheckValue(field, value);
            if (r != SessionRejectReason.None)
            {
                return FixValidationResult.Reject(r, tag);
            }

            if (field.Type is FixType.Length or FixType.Data)
            {
                FixValidationResult d = CheckDataPair(message, j, tag, field.Type, last);
                if (!d.IsValid)
                {
                    return d;
                }
            }
        }

        if (entries > 0)
        {
            int missing = MissingInEntry(group, entryGen);
            if (missing != 0)
            {
                return FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, missing);
            }
        }

        if (entries != declared)
        {
            return FixValidationResult.Reject(SessionRejectReason.IncorrectNumInGroupCount, countTag);
        }

        _groupEnd = j - 1;
        return FixValidationResult.Valid;
    }

    /// <summary>
    /// Turns the two parse failures that keep frame and CheckSum intact into the session Reject FIX 4.4
    /// asks for: <see cref="FixParseStatus.BadDataLength"/> is reason 6 (IncorrectDataFormat) on the
    /// Length tag; <see cref="FixParseStatus.MalformedField"/> with a known field is reason 17
    /// (NonDataValueIncludesFieldDelimiter) on that field. False for every other status: those are
    /// garbled messages, dropped without a Reject. <paramref name="errorTag"/> is
    /// <see cref="FixParser.ErrorTag"/> after the failed parse.
    /// </summary>
    public static bool TryRejectParseFailure(FixParseStatus status, int errorTag, out FixValidationResult reject) =>
        TryRejectParseFailure(status, errorTag, 0, out reject);

    /// <summary>As above, with <see cref="FixParseStatus.InvalidTagNumber"/> too: reason 0 on <paramref name="invalidTag"/> (<see cref="FixParser.InvalidTag"/>).</summary>
    public static bool TryRejectParseFailure(FixParseStatus status, int errorTag, long invalidTag, out FixValidationResult reject)
    {
        reject = status switch
        {
            FixParseStatus.BadDataLength when errorTag > 0 => FixValidationResult.Reject(SessionRejectReason.IncorrectDataFormat, errorTag),
            FixParseStatus.MalformedField when errorTag > 0 => FixValidationResult.Reject(SessionRejectReason.NonDataValueIncludesFieldDelimiter, errorTag),
            FixParseStatus.InvalidTagNumber => FixValidationResult.Reject(SessionRejectReason.InvalidTagNumber, (int)Math.Clamp(invalidTag, int.MinValue, int.MaxValue)),
            _ => FixValidationResult.Valid,
        };
        return !reject.IsValid;
    }

    /// <summary>
    /// A data field must come right after its Length field and a Length field right before its data
    /// field (FIX 4.4 Vol. 1, "data" type). The parser already took the data's extent from the Length,
    /// so only presence and position are left: the partner missing is reason 1 on the partner's tag,
    /// present but elsewhere is reason 14 on this tag.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FixValidationResult CheckDataPair(in FixMessageView message, int i, int tag, FixType type, int last)
    {
        if (type == FixType.Data)
        {
            int lengthTag = FixDataFields.LengthTagOf(tag);
            if (lengthTag != 0 && message.TagAt(i - 1) != lengthTag)
            {
                return message.IndexOf(lengthTag) >= 0
                    ? FixValidationResult.Reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, tag)
                    : FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, lengthTag);
            }
        }
        else
        {
            int dataTag = FixDataFields.DataTagOf(tag);
            if (dataTag != 0 && (i + 1 >= last || message.TagAt(i + 1) != dataTag))
            {
                return message.IndexOf(dataTag) >= 0
                    ? FixValidationResult.Reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, tag)
                    : FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, dataTag);
            }
        }

        return FixValidationResult.Valid;
    }

    private int MissingInEntry(FixGroupDef group, int entryGen)
    {
        ReadOnlySpan<int> members = group.Members;
        ReadOnlySpan<bool> required = group.Required;
        for (int k = 1; k < members.Length; k++)
        {
            if (required[k] && _seenInEntry[_dictionary.SlotOf(members[k])] != entryGen)
            {
                return members[k];
            }
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_seen);
            _generation = 1;
        }

        return _generation;
    }

    private int NextEntryGeneration()
    {
        if (++_entryGeneration == int.MaxValue)
        {
            Array.Clear(_seenInEntry);
            _entryGeneration = 1;
        }

        return _entryGeneration;
    }

    /// <summary>Data format (6), then enumerated value (5); None when the value is fine.</summary>
    internal static SessionRejectReason CheckValue(FixFieldDef field, ReadOnlySpan<byte> value)
    {
        bool ok;
        long number = 0;
        switch (field.Type)
        {
            case FixType.Int:
                ok = FixValue.TryParseInt(value, out number);
                break;
            case FixType.Length:
            case FixType.NumInGroup:
            case FixType.SeqNum:
            case FixType.TagNum:
                ok = FixValue.TryParseUInt(value, out number);
                break;
            case FixType.DayOfMonth:
                ok = FixValue.TryParseUInt(value, out number) && number >= 1 && number <= 31;
                break;
            case FixType.Float:
            case FixType.Qty:
            case FixType.Price:
            case FixType.PriceOffset:
            case FixType.Amt:
            case FixType.Percentage:
                ok = FixValue.IsFloat(value);
                break;
            case FixType.Char:
                ok = value.Length == 1;
                number = value.Length == 1 ? value[0] : 0;
                break;
            case FixType.Boolean:
                ok = FixValue.TryParseBool(value, out _);
                number = value.Length == 1 ? value[0] : 0;
                break;
            case FixType.UtcTimestamp:
                ok = FixValue.IsUtcTimestamp(value);
                break;
            case FixType.UtcTimeOnly:
                ok = FixValue.TryParseUtcTimeOnly(value, out _);
                break;
            case FixType.UtcDateOnly:
            case FixType.LocalMktDate:
                ok = FixValue.TryParseDateOnly(value, out _);
                break;
            case FixType.MonthYear:
                ok = FixValue.IsMonthYear(value);
                break;
            case FixType.Currency:
                ok = value.Length == 3;
                break;

            default:
                ok = true;
                break;
        }

        if (!ok)
        {
            return SessionRejectReason.IncorrectDataFormat;
        }

        if (field.IsEnumerated && !IsAllowed(field, value, number))
        {
            return SessionRejectReason.ValueIncorrect;
        }

        return SessionRejectReason.None;
    }

    private static bool IsAllowed(FixFieldDef field, ReadOnlySpan<byte> value, long number)
    {
        if (field.Values is not { } set)
        {
            return field.Allows(number);
        }

        if (!field.IsMultipleValue)
        {
            return set.Contains(value);
        }

        // Space-separated values, each one of the set (ExecInst "1 A").
        while (true)
        {
            int space = value.IndexOf((byte)' ');
            ReadOnlySpan<byte> one = space < 0 ? value : value.Slice(0, space);
            if (!set.Contains(one))
            {
                return false;
            }

            if (space < 0)
            {
                return true;
            }

            value = value.Slice(space + 1);
        }
    }
}
