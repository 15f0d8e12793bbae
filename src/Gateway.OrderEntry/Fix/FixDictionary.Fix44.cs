namespace Gateway.OrderEntry.Fix;

/// <summary>
/// The FIX 4.4 subset the gateway speaks, written by hand from the FIX 4.4 specification (Volume 2:
/// header, trailer and session messages; Volume 4: order messages; Volume 6: fields and their types).
/// Order messages list the fields of their component blocks the gateway uses (Instrument: Symbol,
/// SecurityID, SecurityIDSource, SecurityType, MaturityMonthYear, SecurityExchange; OrderQtyData:
/// OrderQty, CashOrderQty; Parties as the NoPartyIDs group with its nested NoPartySubIDs group).
/// A tag outside this subset is reported by the validator as "not defined for this message type"
/// (reason 2) when FIX 4.4 defines it or it is user-defined (5000+), and as an invalid tag number
/// (reason 0) otherwise; see <see cref="FixValidator"/>.
/// </summary>
public sealed partial class FixDictionary
{
    private static FixDictionary BuildFix44()
    {
        var d = new FixDictionary();

        // Fields -------------------------------------------------------------------------------
        d.AddField(1, "Account", FixType.String);
        d.AddField(6, "AvgPx", FixType.Price);
        d.AddField(7, "BeginSeqNo", FixType.SeqNum);
        d.AddField(8, "BeginString", FixType.String);
        d.AddField(9, "BodyLength", FixType.Length);
        d.AddField(10, "CheckSum", FixType.String);
        d.AddField(11, "ClOrdID", FixType.String);
        d.AddField(14, "CumQty", FixType.Qty);
        d.AddField(15, "Currency", FixType.Currency);
        d.AddField(16, "EndSeqNo", FixType.SeqNum);
        d.AddField(17, "ExecID", FixType.String);
        d.AddField(18, "ExecInst", FixType.MultipleValueString);
        d.AddField(19, "ExecRefID", FixType.String);
        d.AddField(21, "HandlInst", FixType.Char, Chars("123"));
        d.AddField(22, "SecurityIDSource", FixType.String);
        d.AddField(30, "LastMkt", FixType.Exchange);
        d.AddField(31, "LastPx", FixType.Price);
        d.AddField(32, "LastQty", FixType.Qty);
        d.AddField(33, "NoLinesOfText", FixType.NumInGroup);
        d.AddField(34, "MsgSeqNum", FixType.SeqNum);
        d.AddField(35, "MsgType", FixType.String);
        d.AddField(36, "NewSeqNo", FixType.SeqNum);
        d.AddField(37, "OrderID", FixType.String);
        d.AddField(38, "OrderQty", FixType.Qty);
        d.AddField(39, "OrdStatus", FixType.Char, Chars("0123456789ABCDE"));
        d.AddField(40, "OrdType", FixType.Char, Chars("12346789DEGIJKLMP"));
        d.AddField(41, "OrigClOrdID", FixType.String);
        d.AddField(42, "OrigTime", FixType.UtcTimestamp);
        d.AddField(43, "PossDupFlag", FixType.Boolean);
        d.AddField(44, "Price", FixType.Price);
        d.AddField(45, "RefSeqNum", FixType.SeqNum);
        d.AddField(48, "SecurityID", FixType.String);
        d.AddField(49, "SenderCompID", FixType.String);
        d.AddField(50, "SenderSubID", FixType.String);
        d.AddField(52, "SendingTime", FixType.UtcTimestamp);
        d.AddField(54, "Side", FixType.Char, Chars("123456789ABCDEFG"));
        d.AddField(55, "Symbol", FixType.String);
        d.AddField(56, "TargetCompID", FixType.String);
        d.AddField(57, "TargetSubID", FixType.String);
        d.AddField(58, "Text", FixType.String);
        d.AddField(59, "TimeInForce", FixType.Char, Chars("01234567"));
        d.AddField(60, "TransactTime", FixType.UtcTimestamp);
        d.AddField(61, "Urgency", FixType.Char, Chars("012"));
        d.AddField(75, "TradeDate", FixType.LocalMktDate);
        d.AddField(89, "Signature", FixType.Data);
        d.AddField(90, "SecureDataLen", FixType.Length);
        d.AddField(91, "SecureData", FixType.Data);
        d.AddField(93, "SignatureLength", FixType.Length);
        d.AddField(95, "RawDataLength", FixType.Length);
        d.AddField(96, "RawData", FixType.Data);
        d.AddField(97, "PossResend", FixType.Boolean);
        d.AddField(98, "EncryptMethod", FixType.Int, IntRange(0, 6));
        d.AddField(99, "StopPx", FixType.Price);
        d.AddField(100, "ExDestination", FixType.Exchange);
        d.AddField(102, "CxlRejReason", FixType.Int, Ints(0, 1, 2, 3, 4, 5, 6, 99));
        d.AddField(103, "OrdRejReason", FixType.Int);
        d.AddField(108, "HeartBtInt", FixType.Int);
        d.AddField(110, "MinQty", FixType.Qty);
        d.AddField(111, "MaxFloor", FixType.Qty);
        d.AddField(112, "TestReqID", FixType.String);
        d.AddField(115, "OnBehalfOfCompID", FixType.String);
        d.AddField(116, "OnBehalfOfSubID", FixType.String);
        d.AddField(122, "OrigSendingTime", FixType.UtcTimestamp);
        d.AddField(123, "GapFillFlag", FixType.Boolean);
        d.AddField(126, "ExpireTime", FixType.UtcTimestamp);
        d.AddField(128, "DeliverToCompID", FixType.String);
        d.AddField(129, "DeliverToSubID", FixType.String);
        d.AddField(141, "ResetSeqNumFlag", FixType.Boolean);
        d.AddField(142, "SenderLocationID", FixType.String);
        d.AddField(143, "TargetLocationID", FixType.String);
        d.AddField(144, "OnBehalfOfLocationID", FixType.String);
        d.AddField(145, "DeliverToLocationID", FixType.String);
        d.AddField(148, "Headline", FixType.String);
        d.AddField(149, "URLLink", FixType.String);
        d.AddField(150, "ExecType", FixType.Char, Chars("03456789ABCDEFGHI"));
        d.AddField(151, "LeavesQty", FixType.Qty);
        d.AddField(152, "CashOrderQty", FixType.Qty);
        d.AddField(167, "SecurityType", FixType.String);
        d.AddField(168, "EffectiveTime", FixType.UtcTimestamp);
        d.AddField(198, "SecondaryOrderID", FixType.String);
        d.AddField(200, "MaturityMonthYear", FixType.MonthYear);
        d.AddField(207, "SecurityExchange", FixType.Exchange);
        d.AddField(212, "XmlDataLen", FixType.Length);
        d.AddField(213, "XmlData", FixType.Data);
        d.AddField(229, "TradeOriginationDate", FixType.LocalMktDate);
        d.AddField(347, "MessageEncoding", FixType.String);
        d.AddField(354, "EncodedTextLen", FixType.Length);
        d.AddField(355, "EncodedText", FixType.Data);
        d.AddField(358, "EncodedHeadlineLen", FixType.Length);
        d.AddField(359, "EncodedHeadline", FixType.Data);
        d.AddField(369, "LastMsgSeqNumProcessed", FixType.SeqNum);
        d.AddField(371, "RefTagID", FixType.Int);
        d.AddField(372, "RefMsgType", FixType.String);
        d.AddField(373, "SessionRejectReason", FixType.Int, IntRange(0, 17) | Ints(99));
        d.AddField(379, "BusinessRejectRefID", FixType.String);
        d.AddField(380, "BusinessRejectReason", FixType.Int, IntRange(0, 7));
        d.AddField(383, "MaxMessageSize", FixType.Length);
        d.AddField(384, "NoMsgTypes", FixType.NumInGroup);
        d.AddField(385, "MsgDirection", FixType.Char, Chars("SR"));
        d.AddField(432, "ExpireDate", FixType.LocalMktDate);
        d.AddField(434, "CxlRejResponseTo", FixType.Char, Chars("12"));
        d.AddField(447, "PartyIDSource", FixType.Char, Chars("BCDEFGHI123456789"));
        d.AddField(448, "PartyID", FixType.String);
        d.AddField(452, "PartyRole", FixType.Int);
        d.AddField(453, "NoPartyIDs", FixType.NumInGroup);
        d.AddField(464, "TestMessageIndicator", FixType.Boolean);
        d.AddField(526, "SecondaryClOrdID", FixType.String);
        d.AddField(527, "SecondaryExecID", FixType.String);
        d.AddField(553, "Username", FixType.String);
        d.AddField(554, "Password", FixType.String);
        d.AddField(581, "AccountType", FixType.Int, IntRange(1, 8));
        d.AddField(583, "ClOrdLinkID", FixType.String);
        d.AddField(584, "MassStatusReqID", FixType.String);
        d.AddField(636, "WorkingIndicator", FixType.Boolean);
        d.AddField(660, "AcctIDSource", FixType.Int);
        d.AddField(789, "NextExpectedMsgSeqNum", FixType.SeqNum);
        d.AddField(790, "OrdStatusReqID", FixType.String);
        d.AddField(523, "PartySubID", FixType.String);
        d.AddField(802, "NoPartySubIDs", FixType.NumInGroup);
        d.AddField(803, "PartySubIDType", FixType.Int);

        // Standard header and trailer (Volume 2). 8, 9, 35 are checked by position in the parser.
        d.Header(true, 8, 9, 35, 49, 56, 34, 52);
        d.Header(false, 115, 128, 90, 91, 50, 142, 57, 143, 116, 144, 129, 145, 43, 97, 122, 212, 213, 347, 369);
        d.Trailer(93, 89, 10);

        // Every MsgType FIX 4.4 defines (supported or not): an unknown one is reason 11, a known but
        // unsupported one gets a BusinessMessageReject from the session.
        d.KnownMsgTypes("0 1 2 3 4 5 6 7 8 9 A B C D E F G H J K L M N P Q R S T V W X Y Z " +
                        "a b c d e f g h i j k l m n o p q r s t u v w x y z " +
                        "AA AB AC AD AE AF AG AH AI AJ AK AL AM AN AO AP AQ AR AS AT AU AV AW AX AY AZ " +
                        "BA BB BC BD BE BF BG BH");

        FixGroupDef partySubIds = d.NewGroup(802, (523, false), (803, false));
        FixGroupDef parties = d.NewGroup(453, [(448, false, null), (447, false, null), (452, false, null), (802, false, partySubIds)]);
        FixGroupDef linesOfText = d.NewGroup(33, (58, true), (354, false), (355, false));
        FixGroupDef msgTypes = d.NewGroup(384, (372, false), (385, false));

        // Session messages (Volume 2) ----------------------------------------------------------
        d.Msg("0", "Heartbeat", admin: true).Opt(112).Done();
        d.Msg("1", "TestRequest", admin: true).Req(112).Done();
        d.Msg("2", "ResendRequest", admin: true).Req(7, 16).Done();
        d.Msg("3", "Reject", admin: true).Req(45).Opt(371, 372, 373, 58, 354, 355).Done();
        d.Msg("4", "SequenceReset", admin: true).Opt(123).Req(36).Done();
        d.Msg("5", "Logout", admin: true).Opt(58, 354, 355).Done();
        d.Msg("A", "Logon", admin: true).Req(98, 108).Opt(95, 96, 141, 789, 383, 464, 553, 554)
            .Group(msgTypes).Done();

        // Order messages (Volume 4) ------------------------------------------------------------
        d.Msg("D", "NewOrderSingle").Req(11).Opt(526, 583, 1, 660, 581).Group(parties)
            .Opt(21, 18, 110, 111, 100).Req(55).Opt(48, 22, 167, 200, 207).Req(54, 60).Opt(38, 152).Req(40)
            .Opt(44, 99, 15, 59, 168, 432, 126, 229, 58, 354, 355).Done();
        d.Msg("F", "OrderCancelRequest").Opt(37).Req(41, 11).Opt(526, 583, 1, 660, 581).Group(parties)
            .Req(55).Opt(48, 22, 167, 200, 207).Req(54, 60).Opt(38, 152, 58, 354, 355).Done();
        d.Msg("G", "OrderCancelReplaceRequest").Opt(37).Req(41, 11).Opt(526, 583, 1, 660, 581).Group(parties)
            .Opt(21, 18, 110, 111, 100).Req(55).Opt(48, 22, 167, 200, 207).Req(54, 60).Opt(38, 152).Req(40)
            .Opt(44, 99, 15, 59, 168, 432, 126, 229, 58, 354, 355).Done();
        d.Msg("H", "OrderStatusRequest").Opt(37).Req(11).Opt(526, 790, 1, 660).Group(parties)
            .Req(55).Opt(48, 22, 167, 200, 207).Req(54).Done();
        d.Msg("8", "ExecutionReport").Req(37).Opt(198, 526, 583, 11, 41, 790, 584).Group(parties)
            .Req(17).Opt(19).Req(150, 39).Opt(636, 103, 1, 660, 581).Req(55).Opt(48, 22, 167, 200, 207).Req(54)
            .Opt(38, 152, 40, 44, 99, 15, 59, 168, 432, 126, 18, 110, 111, 32, 31, 30, 527).Req(151, 14, 6)
            .Opt(75, 60, 58, 354, 355).Done();
        d.Msg("9", "OrderCancelReject").Req(37).Opt(198, 526).Req(11).Opt(583).Req(41, 39).Opt(636, 1, 660, 581, 60)
            .Req(434).Opt(102, 58, 354, 355).Done();
        d.Msg("j", "BusinessMessageReject").Opt(45).Req(372).Opt(379).Req(380).Opt(58, 354, 355).Done();
        d.Msg("B", "News").Opt(42, 61).Req(148).Opt(358, 359).Group(linesOfText, required: true).Opt(149, 95, 96).Done();

        return d;
    }

    /// <summary>The group whose NumInGroup field is <paramref name="countTag"/> (e.g. 453 NoPartyIDs, or the
    /// nested 802 NoPartySubIDs); start-up use.</summary>
    public FixGroupDef Group(int countTag)
    {
        for (int i = 0; i < _messages.Length; i++)
        {
            FixMessageDef? m = _messages[i];
            if (m is null)
            {
                continue;
            }

            foreach (FixGroupDef top in m.Groups)
            {
                FixGroupDef? g = Find(top, countTag);
                if (g is not null)
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
}
